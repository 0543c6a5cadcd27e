package extract

import "testing"

func TestPlainlyEnglish(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"More than 30 rockets struck the K1 base near Kirkuk on Friday, killing a US civilian contractor and wounding several US and Iraqi personnel, officials said. No group claimed the attack, the tenth on bases hosting US forces since late October. US officials blamed Kataib Hezbollah for the attacks.", true},
		{"Plus de trente roquettes ont frappé la base K1 près de Kirkouk vendredi, tuant un entrepreneur civil américain et blessant plusieurs membres du personnel américain et irakien, selon des responsables. Aucun groupe n'a revendiqué l'attaque, la dixième contre des bases.", false},
		{"Mehr als dreißig Raketen trafen am Freitag den Stützpunkt K1 bei Kirkuk, töteten einen amerikanischen Zivilisten und verletzten mehrere amerikanische und irakische Soldaten, sagten Beamte. Keine Gruppe bekannte sich zu dem Angriff, dem zehnten auf Stützpunkte.", false},
		{"Short English text.", false},
	}
	for _, tt := range tests {
		if got := plainlyEnglish(tt.text); got != tt.want {
			t.Errorf("plainlyEnglish(%.40q...) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
