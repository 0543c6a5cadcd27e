package place_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// A small gazetteer of the team's own, so the tests do not depend on the
// built-in files' coverage.
const testPlaces = `Mosul; Mawsil
    city 36.3350 43.1189 IRQ 1 Nineveh
Hit
    town 33.6417 42.8250 IRQ 3 Anbar
Hit
    village 35.0000 38.0000 SYR 5 Hama
Baghdad
    capital 33.3152 44.3661 IRQ 1 Baghdad
Ain al-Asad; Al Asad Airbase
    base 33.7856 42.4412 IRQ 2 Anbar
Iraq
    country 33.0000 44.0000 IRQ 1 -
Syria
    country 35.0000 38.5000 SYR 1 -
Qasr Sample
    town 35.5000 38.5000 SYR 3 Raqqa
Qasr Sample
    town 34.5000 43.5000 IRQ 3 Salah al-Din
`

func finder(t testing.TB) *place.Finder {
	t.Helper()
	path := filepath.Join(t.TempDir(), "places.txt")
	if err := os.WriteFile(path, []byte(testPlaces), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := place.New(place.Config{Gazetteers: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func code(t testing.TB, f *place.Finder, text string) *news.Document {
	t.Helper()
	a, err := actor.New(actor.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := event.New(event.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	doc := &news.Document{Text: text, Published: news.Day(time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC))}
	doc.Layers.Add(news.LayerText)
	sentence.Split(doc)
	a.Find(doc)
	c.Code(doc)
	f.Find(doc)
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPlaceEvents(t *testing.T) {
	f := finder(t)
	tests := []struct{ in, want string }{ // "TYPE@place/precision[/relation]" for each event
		{"US jets struck Islamic State positions near Mosul on Monday.", "ASSAULT@Mosul/point/near"},
		{"Rockets hit Ain al-Asad air base in western Iraq.", "ASSAULT@Ain al-Asad/point"},
		{"Militants attacked a checkpoint 30 km south of Mosul.", "ASSAULT@Mosul/point/30 km south of"},
		// Hit in Iraq, the document's country, not the Syrian village.
		{"Iraqi forces retook Hit from Islamic State. Iraq's army said the town was clear.", "COERCE@Hit/point"},
		// Baghdad speaking places nothing; the event falls back to the focus.
		{"Baghdad condemned the strike in Syria.", "ACCUSE@Syria/country"},
		{"The Pentagon may send more troops.", "MOBILIZE@-"},
	}
	for _, tt := range tests {
		doc := code(t, f, tt.in)
		var got []string
		for _, e := range doc.Record().Events {
			s := e.Type + "@"
			if e.Place == nil {
				s += "-"
			} else {
				s += e.Place.Name + "/" + e.Place.Precision
				if e.Place.Relation != nil {
					s += "/" + *e.Place.Relation
				}
			}
			got = append(got, s)
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, g, tt.want)
		}
	}
}

// A dateline says which country the report is about.
func TestDateline(t *testing.T) {
	f := finder(t)
	for _, tt := range []struct{ in, want string }{
		{"Militants attacked a checkpoint in Qasr Sample on Monday.", "SYR"},
		{"BAGHDAD (Tigris Wire) - Militants attacked a checkpoint in Qasr Sample on Monday.", "IRQ"},
	} {
		doc := code(t, f, tt.in)
		if len(doc.Places) != 1 || doc.Places[0].Place.Country != tt.want {
			t.Errorf("%q: places %+v, want Qasr Sample in %s", tt.in, doc.Places, tt.want)
		}
	}
}

func TestPlacesRecord(t *testing.T) {
	doc := code(t, finder(t), "Fighting raged in Mosul. Mosul's old city was shelled. Baghdad sent troops.")
	r := doc.Record()
	if len(r.Places) < 2 || r.Places[0].Name != "Mosul" || r.Places[0].Mentions != 2 || r.Places[0].Country != "IRQ" {
		t.Errorf("places = %+v", r.Places)
	}
}

// A text that names hundreds of places stays valid and places every
// event somewhere it names.
func TestManyPlaces(t *testing.T) {
	f := finder(t)
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString("Militants attacked Mosul, Hit, Baghdad, Ain al-Asad and Qasr Sample in Iraq and Syria. ")
	}
	doc := code(t, f, b.String())
	if len(doc.Places) < 500 {
		t.Fatalf("%d places, want at least 500", len(doc.Places))
	}
	for _, e := range doc.Record().Events {
		if e.Place == nil {
			t.Fatalf("an event has no place: %+v", e)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	f := finder(b)
	doc := code(b, f, "US jets struck Islamic State positions near Mosul on Monday. Rockets hit Ain al-Asad air base in western Iraq. "+
		"Militants attacked a checkpoint 30 km south of Mosul. Baghdad condemned the strike in Syria.")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f.Find(doc)
	}
	b.ReportMetric(float64(b.N*4)/b.Elapsed().Seconds(), "sentences/s")
}
