package actor_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

func find(t *testing.T, text string, when time.Time) []string {
	t.Helper()
	f, err := actor.New(actor.Config{})
	if err != nil {
		t.Fatal(err)
	}
	doc := &news.Document{Text: text, Published: news.Day(when)}
	sentence.Split(doc)
	f.Find(doc)
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range doc.Mentions {
		s := fmt.Sprintf("%s=%s", doc.Snippet(m.Span), m.Code)
		if m.Backer != "" {
			s += "<" + m.Backer
		}
		if m.Place {
			s += "@place"
		}
		if m.Adjective {
			s += "@adj"
		}
		out = append(out, s)
	}
	return out
}

func TestFind(t *testing.T) {
	d2016 := time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		when time.Time
		want string
	}{
		{"Iraqi troops and Peshmerga fighters advanced on Mosul.", d2016, "Iraqi troops=IRQMIL|Peshmerga fighters=IRQMILKRD"},
		{"US and Iraqi officials met in Baghdad.", d2016, "US=USAGOV|Iraqi officials=IRQGOV|Baghdad=IRQGOV@place"},
		{"Iranian-backed militias fired rockets.", d2016, "Iranian-backed militias=---REB<IRN"},
		{"Iraqi Prime Minister Haider al-Abadi visited Washington.", d2016, "Iraqi Prime Minister Haider al-Abadi=IRQGOV|Washington=USAGOV"},
		{"Islamic State militants attacked Kataib Hezbollah.", d2016, "Islamic State militants=IMGISI|Kataib Hezbollah=IRQREBSHI"},
		{"the anti-ISIS coalition struck", d2016, "anti-ISIS coalition=IGOCOAMIL"},
		{"Turkey's army shelled PKK positions.", d2016, "Turkey's army=TURMIL|PKK=TURREBKRD"},
		{"It is what it is.", d2016, ""},
		{"American diplomats and service members left.", d2016, "American diplomats=USAGOV|service members=USAMIL"},
		{"Iran's religious leader spoke.", d2016, "Iran's religious leader=IRNREL"},
		{"Police in Zimbabwe arrested them.", d2016, "Police=ZWECOP|Zimbabwe=ZWE@place"},
		{"Kataib Hezbollah fighters fired rockets.", d2016, "Kataib Hezbollah fighters=IRQREBSHI"},
		{"King Hassan of Morocco offered talks.", d2016, "King Hassan=MARGOV|Morocco=MAR"},
		{"Taiwan's Vice Foreign Minister visited Russia.", d2016, "Taiwan's Vice Foreign Minister=TWNGOV|Russia=RUS"},
		// A country adjective on a common noun names the country; on a
		// place noun it is a place; a name it starts wins.
		{"Bangladesh rejected an Indian proposal.", d2016, "Bangladesh=BGD|Indian=IND@adj"},
		{"Jets struck the central Syrian desert.", d2016, "Syrian=SYR@place@adj"},
		{"US jets and Russian and Syrian warplanes struck.", d2016, "US jets=USAMIL|Russian=RUS@adj|Syrian warplanes=SYRMIL"},
		{"The ousted president Jean-Marc Tessier-Lavigne left the country on a flight on Monday.", d2016, "president Jean-Marc Tessier-Lavigne=GOV"},
		// One country named once is a short text's focus.
		{"President Karim al-Nassiri lifted the curfew in Sudan.", d2016, "President Karim al-Nassiri=SDNGOV|Sudan=SDN@place"},
	}
	for _, tt := range tests {
		if got := strings.Join(find(t, tt.in, tt.when), "|"); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestStopNames(t *testing.T) {
	d2016 := time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)
	got := strings.Join(find(t, "Protesters gathered in Sadr City while Muqtada al-Sadr spoke.", d2016), "|")
	if strings.Contains(got, "Sadr City") || !strings.Contains(got, "Muqtada al-Sadr") {
		t.Errorf("got %s: Sadr City is a place, Muqtada al-Sadr an actor", got)
	}
}
