package place_test

import (
	"fmt"
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
Jerusalem; Al-Quds
    city 31.7683 35.2137 ISR 1 Jerusalem
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
Ramadi
    city 33.4258 43.2992 IRQ 2 Anbar
Anbar; Anbar Province
    admin1 33.0000 41.7000 IRQ 2 Anbar capital=Ramadi
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
		// A name the gazetteer lacks, marked as a place by its context,
		// takes the position of the place around it.
		{"Militants attacked the village of Tell Sample near Mosul.", "ASSAULT@Tell Sample/district"},
		{"Militants attacked checkpoints in Umm Sample town in Syria.", "ASSAULT@Umm Sample/country"},
		// The country that acts is not where it acted.
		{"Iraq captured Hit.", "COERCE@Hit/point"},
		// A place that qualifies a noun is not where the event happened.
		{"Militants attacked the governor of Mosul at his home in Hit.", "ASSAULT@Hit/point"},
		// "the Mosul war" qualifies a noun; "the Hit offensive" is at Hit.
		{"Militants attacked Baghdad, days after the Mosul war.", "ASSAULT@Baghdad/point"},
		{"Militias attacked US forces after the outbreak of the Mosul war.", "ASSAULT@Iraq/country"},
		{"Iraqi forces began the Hit offensive.", "ASSAULT@Hit/point"},
		// Names the gazetteer lacks, marked by a site word or an apposition.
		{"Militants attacked the Wadi Sample pocket near Mosul.", "ASSAULT@Wadi Sample/district"},
		{"In Dura Sample, south of Baghdad, gunmen killed a family.", "ASSAULT@Dura Sample/district"},
		{"Troops stormed the outskirts of Saraf Sample, north of Mosul.", "ASSAULT@Saraf Sample/district/outskirts of"},
		{"Jets struck militants near Tal Sample in Iraq.", "ASSAULT@Tal Sample/country/near"},
		{"The army captured Hill 30 near Mosul.", "COERCE@Hill 30/district"},
		{"Ten people were killed in central Sample Town in Iraq.", "ASSAULT@Sample Town/country"},
		// "south of Baghdad" describes Hit, not the killing.
		{"In Hit, south of Mosul, gunmen killed a family.", "ASSAULT@Hit/point"},
		// "Sunni Arab" names a community, not a place in the stronghold.
		{"The bus was attacked in Hit, a stronghold of Sunni Arab rebels.", "ASSAULT@Hit/point"},
		// "Kurdish" describes the district; it names no place.
		{"Rebels shelled the Kurdish district of Mosul.", "ASSAULT@Mosul/point"},
		// A dateline run into the sentence says where the report was filed.
		{"MOSUL  Militants attacked a checkpoint.", "ASSAULT@Iraq/country"},
		// A place name inside a longer name is no place, though it tells
		// what country the story is about.
		{"Militants attacked a warehouse of the Mosul Sample Company on the edge of town.", "ASSAULT@Iraq/country"},
		// Part of a country before a town in another clause.
		{"Jets struck targets in northern Syria that militants had used in Hit.", "ASSAULT@Syria/country"},
		// A capital named as a place is one, even when it could speak.
		{"Protesters rallied in the capital Baghdad on Friday.", "PROTEST@Baghdad/point"},
		{"A car bomb destroyed an upscale Baghdad restaurant, killing eight people.", "ASSAULT@Baghdad/point|ASSAULT@Baghdad/point"},
		// Of a city and a district of it, the district: joined by a site
		// word and "of" either way round, or by "in".
		{"Gunmen killed two men in the south Baghdad neighbourhood of Zafar Sample.", "ASSAULT@Zafar Sample/district"},
		{"Gunmen killed two men in the Hur Sample neighborhood of Baghdad.", "ASSAULT@Hur Sample/district"},
		{"Doctors protested in front of the Quds Sample Hospital in Mosul.", "PROTEST@Quds Sample Hospital/district"},
		// A participle after a comma takes its place from its own object,
		// a list of names the gazetteer lacks included, and an ayn
		// written inside a name.
		{"Militants entered Mosul on Monday, attacking the districts of Al-‘Arfi Sample and Mouzafeen.", "ASSAULT@Al-‘Arfi Sample/district"},
		{"The army shelled the strategic Thardeh Sample Mountains near Mosul.", "ASSAULT@Thardeh Sample Mountains/district"},
		// The place that opens the sentence, not one in its description.
		{"In Hit, the town where the sheikh was born north of Baghdad, dozens of people demonstrated.", "PROTEST@Hit/point"},
		{"In Hit, also just south of Mosul, gunmen killed a family.", "ASSAULT@Hit/point"},
		// A province that says whose office, not where.
		{"In Hit, gunmen opened fire on Anbar provincial councillor Ahmed Sample.", "ASSAULT@Hit/point"},
		// The second half of a group's name is no place.
		{"Liwaa Al-Quds fighters attacked the convoy in Syria.", "ASSAULT@Syria/country"},
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

// A name followed by its province or country is the place in it; a
// shared name otherwise goes to the reading near the document's other
// places; a name that is only another place's alternate name weighs less.
func TestContext(t *testing.T) {
	geo := strings.Join([]string{
		geoLine(1, "Paris", "", 48.85, 2.35, "FR", "11", 2100000),
		geoLine(2, "Paris", "", 33.66, -95.56, "US", "TX", 25000),
		geoLine(3, "Dallas", "", 32.78, -96.80, "US", "TX", 1300000),
		geoLine(4, "Clarksville", "", 33.61, -95.05, "US", "TX", 15000),
		geoLine(5, "Harare", "Salisbury", -17.83, 31.05, "ZW", "05", 1500000),
		geoLine(6, "Salisbury", "", 51.07, -1.79, "GB", "ENG", 40000),
		geoLine(7, "More", "", 40.00, -3.00, "ES", "01", 20000),
		geoLine(8, "Since", "", 45.00, 10.00, "IT", "01", 800),
		geoLine(9, "Police", "", 53.55, 14.57, "PL", "78", 33000),
		geoLine(10, "Tacoma", "", 47.25, -122.44, "US", "WA", 219000),
		geoLine(11, "Spokane", "", 47.66, -117.43, "US", "WA", 229000),
	}, "")
	path := filepath.Join(t.TempDir(), "geo.txt")
	if err := os.WriteFile(path, []byte(geo), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := place.New(place.Config{Gazetteers: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, name, want string }{
		{"Crowds gathered in Paris on Sunday.", "Paris", "FRA"},
		{"A storm hit Paris, Texas on Sunday.", "Paris", "USA"},
		{"A storm hit Clarksville and then Paris on Sunday.", "Paris", "USA"},
		{"Protesters marched in Salisbury.", "Salisbury", "GBR"},
		// "Washington" is the capital, unless the text is about the
		// state's towns.
		{"Talks in Washington ended.", "Washington", "USA/District of Columbia"},
		{"Rain fell on Tacoma and Spokane. Washington had a wet winter.", "Washington", "USA/Washington"},
	} {
		doc := code(t, f, tt.in)
		var got []string
		for _, pm := range doc.Places {
			if doc.Text[pm.Span.Start:pm.Span.End] == tt.name {
				got = append(got, pm.Place.Country)
				if strings.Contains(tt.want, "/") {
					got[len(got)-1] += "/" + pm.Place.Admin1
				}
			}
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: %s in %v, want %s", tt.in, tt.name, got, tt.want)
		}
	}
	// GeoNames has villages named after common words; at a sentence's start
	// or alone they are the words.
	for _, text := range []string{"More than 200 people marched in Paris.", "Since then, the army has held Paris.",
		"Units of the Federal Police entered Paris."} {
		for _, pm := range code(t, f, text).Places {
			if n := text[pm.Span.Start:pm.Span.End]; n != "Paris" {
				t.Errorf("%q: %q read as a place", text, n)
			}
		}
	}
	// "Texas" names the state, with the division's GeoNames code in the
	// built-in files, and Paris learns its province's name from it.
	doc := code(t, f, "A storm hit Paris, Texas on Sunday.")
	if a := doc.Places[0].Place.Admin1; a != "Texas" {
		t.Errorf("Paris, Texas: admin1 %q, want Texas", a)
	}
}

// geoLine writes one line of a GeoNames dump.
func geoLine(id int, name, alt string, lat, lon float64, cc, admin1 string, pop int) string {
	return fmt.Sprintf("%d\t%s\t%s\t%s\t%.4f\t%.4f\tP\tPPL\t%s\t\t%s\t\t\t\t%d\t\t100\tEtc/UTC\t2020-01-01\n",
		id, name, name, alt, lat, lon, cc, admin1, pop)
}

// A province the text names ("Raqqa Governorate", whose places give their
// province as "Raqqa") makes a shared name the place in it, even against
// the document's focus country.
func TestNamedProvince(t *testing.T) {
	doc := code(t, finder(t), "Iraqi forces in Basra and Erbil said militants fled to Qasr Sample in Raqqa Governorate.")
	for _, pm := range doc.Places {
		if doc.Text[pm.Span.Start:pm.Span.End] == "Qasr Sample" && pm.Place.Country != "SYR" {
			t.Errorf("Qasr Sample in %s, want the Syrian one", pm.Place.Country)
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

// BenchmarkFindLong runs the stage on one text of 3,000 sentences that
// each name places and actors: the cost per sentence should match
// BenchmarkFind's, not grow with the text.
func BenchmarkFindLong(b *testing.B) {
	f := finder(b)
	doc := code(b, f, strings.Repeat("Kataib Hezbollah fired rockets at the Tal Sample district near Mosul on Monday, Iraqi officials said. ", 3000))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f.Find(doc)
	}
	b.ReportMetric(float64(b.N*len(doc.Sentences))/b.Elapsed().Seconds(), "sentences/s")
}

// The place stage reads outside text: whatever it is, it must not fail and
// every mention and event link must stay inside the text.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"In Hit, south of Mosul, gunmen killed a family.", "Liwaa Al-Quds attacked Al-‘Arfi and Mouzafeen.",
		"the districts of Al-‘Arfi and , Sa’eed", "In X, y, z", "Al", "Al - Quds - ", "’s ‘ ’", "Rain fell on Tacoma. Washington",
		"St. Petersburg, B.C.", "the Quds Sample Hospital in Mosul, targeting the strategic Thardeh Mountains"} {
		f.Add(s)
	}
	fd := finder(f)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 2000 {
			return
		}
		doc := code(t, fd, strings.ToValidUTF8(text, ""))
		for _, pm := range doc.Places {
			if pm.Span.Start < 0 || pm.Span.End > len(doc.Text) || pm.Span.End < pm.Span.Start || pm.First >= pm.Last {
				t.Fatalf("%q: bad mention %+v", text, pm)
			}
		}
	})
}

// A governorate named as its capital's description is the capital; named
// otherwise it is the governorate.
func TestCapitalOfGovernorate(t *testing.T) {
	f := finder(t)
	for _, c := range []struct{ text, want string }{
		{"Islamic State fighters took the Anbar capital on Sunday.", "Ramadi"},
		{"Militants overran Anbar's capital after a week of fighting.", "Ramadi"},
		{"Troops pulled out of the capital of Anbar on Sunday.", "Ramadi"},
		{"Militants advanced across Anbar province on Sunday.", "Anbar"},
	} {
		doc := code(t, f, c.text)
		got := ""
		for _, pm := range doc.Places {
			if strings.HasPrefix(doc.Text[pm.Span.Start:pm.Span.End], "Anbar") {
				got = pm.Place.Name
			}
		}
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.text, got, c.want)
		}
	}
}
