package gazetteer_test

import (
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/names"
	"github.com/sitrep-dev/sitrep/internal/token"
)

func TestParse(t *testing.T) {
	g := gazetteer.New()
	err := g.Parse("t.txt", strings.NewReader(`# test places
Mosul; Mawsil; al-Mawsil
    city 36.3350 43.1189 IRQ 1 Nineveh
Hit
    town 33.6417 42.8250 IRQ 3 Anbar
Hit
    admin2 33.7000 42.7000 IRQ 4 Anbar
Iraq; Republic of Iraq
    country 33.0 44.0 IRQ 1 -
`))
	if err != nil {
		t.Fatal(err)
	}
	text := "Fighting near al-Mawsil and in Hit, Iraq."
	tx := names.NewText(text, token.Scan(nil, text, 0))
	var got []string
	for i := 0; i < len(tx.Toks); {
		ps, last := g.Match(tx, i)
		if len(ps) == 0 {
			i++
			continue
		}
		var kinds []string
		for _, p := range ps {
			kinds = append(kinds, p.Name+"/"+string(p.Kind))
		}
		got = append(got, strings.Join(kinds, ","))
		i = last
	}
	if g := strings.Join(got, "|"); g != "Mosul/city|Hit/town,Hit/admin2|Iraq/country" {
		t.Errorf("got %s", g)
	}
	if p := g.Places[0]; p.Admin1 != "Nineveh" || p.Rank != 1 || p.Precision() != "point" || g.Places[3].Admin1 != "" {
		t.Errorf("parsed %+v", p)
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"Mosul\n":                                                 "has no attribute line",
		"    city 1 2 IRQ 1 -\n":                                  "indented line outside an entry",
		"Mosul\n    city 36 43 IRQ 1\n":                           "want KIND LAT LON CC RANK ADMIN1",
		"Mosul\n    metropolis 36 43 IRQ 1 -\n":                   "unknown kind",
		"Mosul\n    city 96 43 IRQ 1 -\n":                         "latitude",
		"Mosul\n    city 36 43 Iraq 1 -\n":                        "three-letter code",
		"Mosul\n    city 36 43 IRQ 9 -\n":                         "rank",
		"Mosul\n    city 36 43 IRQ 1 -\n    city 36 43 IRQ 1 -\n": "second attribute line",
		"Mosul\n    city 36 43 IRQ 1 Nineveh geonames=IQ.18\n":    "only an admin1 entry takes a code",
		"Nineveh\n    admin1 36 43 IRQ 2 Nineveh geonames=18\n":   "written CC.CODE",
	} {
		err := gazetteer.New().Parse("x.txt", strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "x.txt:") {
			t.Errorf("%q: err = %v, want %q with the file and line", in, err, want)
		}
	}
}

// A division's GeoNames code gives the places of a GeoNames dump their
// province's name, and a name that is only an alternate one is not the
// place's own.
func TestAdminCode(t *testing.T) {
	g := gazetteer.New()
	if err := g.Parse("a.txt", strings.NewReader("Nineveh\n    admin1 36 43 IRQ 2 Nineveh geonames=IQ.18\n")); err != nil {
		t.Fatal(err)
	}
	line := "1\tMosul\tMosul\tMawsil,Ninawa City\t36.34\t43.13\tP\tPPLA\tIQ\t\t18\t\t\t\t1739800\t\t223\tAsia/Baghdad\t2020-01-01\n"
	if err := g.ParseGeoNames("g.txt", strings.NewReader(line)); err != nil {
		t.Fatal(err)
	}
	ps := g.Lookup("Mosul")
	if len(ps) != 1 || ps[0].Admin1 != "Nineveh" || ps[0].AdminCode != "IQ.18" {
		t.Fatalf("Mosul = %+v, want one place in Nineveh", ps)
	}
	if !ps[0].Own("Mosul") || ps[0].Own("Mawsil") {
		t.Errorf("Own: Mosul %v, Mawsil %v; want true, false", ps[0].Own("Mosul"), ps[0].Own("Mawsil"))
	}
}

// A GeoNames place that is one of the team's entries (same name and
// country, a few kilometres apart) is folded into it: the entry keeps its
// spelling and province and gains the population. A namesake far away
// stays a place of its own.
func TestMerge(t *testing.T) {
	g := gazetteer.New()
	if err := g.Parse("t.txt", strings.NewReader("Hit\n    town 33.6417 42.8250 IRQ 3 Anbar\n")); err != nil {
		t.Fatal(err)
	}
	lines := "1\tHit\tHit\tHīt\t33.6366\t42.8277\tP\tPPLA2\tIQ\t\t01\t\t\t\t37000\t\t60\tAsia/Baghdad\t2020-01-01\n" +
		"2\tHit\tHit\t\t35.5000\t38.0000\tP\tPPL\tSY\t\t05\t\t\t\t900\t\t300\tAsia/Damascus\t2020-01-01\n"
	if err := g.ParseGeoNames("g.txt", strings.NewReader(lines)); err != nil {
		t.Fatal(err)
	}
	ps := g.Lookup("Hit")
	if len(ps) != 2 {
		t.Fatalf("Hit: %d places, want the team's (merged) and the Syrian one", len(ps))
	}
	for _, p := range ps {
		if p.Country == "IRQ" && (p.Admin1 != "Anbar" || p.Population != 37000 || p.Primary != 0) {
			t.Errorf("Iraqi Hit = %+v, want the team's entry with the population", p)
		}
	}
}

// The built-in governorates carry GeoNames' codes, so a village from
// cities500 in Nineveh (IQ.15) or Idlib (SY.12) knows its governorate.
func TestBuiltinAdminCodes(t *testing.T) {
	b, err := gazetteer.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	g := gazetteer.New()
	for _, p := range b.Places {
		g.Add(p)
	}
	lines := "1\tTallkayf\tTallkayf\t\t36.4912\t43.1211\tP\tPPLA2\tIQ\t\t15\t\t\t\t30000\t\t300\tAsia/Baghdad\t2020-01-01\n" +
		"2\tKafr Sample\tKafr Sample\t\t35.9\t36.6\tP\tPPL\tSY\t\t12\t\t\t\t900\t\t300\tAsia/Damascus\t2020-01-01\n"
	if err := g.ParseGeoNames("g.txt", strings.NewReader(lines)); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"Tallkayf": "Nineveh", "Kafr Sample": "Idlib"} {
		if ps := g.Lookup(name); len(ps) != 1 || ps[0].Admin1 != want {
			t.Errorf("%s: %+v, want one place in %s", name, ps, want)
		}
	}
}

func TestBuiltin(t *testing.T) {
	g, err := gazetteer.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.Places {
		if p.Kind == gazetteer.Country && len(p.Country) != 3 {
			t.Errorf("country %s has code %q", p.Name, p.Country)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Mosul; Mawsil\n    city 36.33 43.11 IRQ 1 Nineveh\n")
	f.Add("X\n    base -91 0 AAA 0 -\n")
	f.Fuzz(func(t *testing.T, in string) {
		g := gazetteer.New()
		if err := g.Parse("f.txt", strings.NewReader(in)); err == nil {
			for _, p := range g.Places {
				if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 || p.Rank < 1 || p.Rank > 5 {
					t.Fatalf("accepted %+v", p)
				}
			}
		}
	})
}

func TestParseGeoNames(t *testing.T) {
	// Two made-up lines in GeoNames' 19-column layout.
	lines := strings.Join([]string{
		"1\tSample City\tSample City\tSampleton,Samplovo,Ψ,SC\t36.5\t43.25\tP\tPPLA\tIQ\t\t05\t\t\t\t250000\t\t200\tAsia/Baghdad\t2024-01-01",
		"2\tEu\tEu\t\t50.0\t1.4\tP\tPPL\tFR\t\t\t\t\t\t8000\t\t\t\t2024-01-01",
		"3\tSome Hill\tSome Hill\t\t10\t10\tT\tHLL\tIQ\t\t\t\t\t\t0\t\t\t\t2024-01-01",
	}, "\n")
	g := gazetteer.New()
	if err := g.ParseGeoNames("g.txt", strings.NewReader(lines)); err != nil {
		t.Fatal(err)
	}
	if len(g.Places) != 1 {
		t.Fatalf("places = %d, want only the city (a two-letter name and a hill are left out)", len(g.Places))
	}
	p := g.Places[0]
	if p.Country != "IRQ" || p.Kind != gazetteer.City || p.Rank != 2 || p.Population != 250000 || len(p.Names) != 3 {
		t.Errorf("parsed %+v", p)
	}
	if got := g.Lookup("Samplovo"); len(got) != 1 {
		t.Errorf("alternate name not indexed: %v", got)
	}
	// A name written short in the news is the place's own name.
	if err := g.ParseGeoNames("s.txt", strings.NewReader("4\tSaint Sample\tSaint Sample\t\t59.9\t30.3\tP\tPPL\tRU\t\t\t\t\t\t90000\t\t\t\t2024-01-01")); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"St. Sample", "St Sample", "Saint Sample"} {
		if got := g.Lookup(n); len(got) != 1 || !got[0].Own(n) {
			t.Errorf("%q: %v, want Saint Sample as its own name", n, got)
		}
	}
	if err := g.ParseGeoNames("bad.txt", strings.NewReader("1\tX\tX\t\tnorth\t43\tP\tPPL\tIQ\t\t\t\t\t\t0\t\t\t\t2024-01-01")); err == nil || !strings.Contains(err.Error(), "bad.txt:1") {
		t.Errorf("bad coordinates: err = %v", err)
	}
}

// A GeoNames dump is outside input: a bad line fails with its number or is
// skipped, and what is kept has coordinates on the globe and names.
func FuzzParseGeoNames(f *testing.F) {
	f.Add("1\tSaint Sample\tSaint Sample\tSt. Sample,Sankt Sample\t59.9\t30.3\tP\tPPL\tRU\t\t\t\t\t\t90000\t\t\t\t2024-01-01")
	f.Add("2\tSt\tSt\t\t0\t0\tP\tPPLC\tIQ\t\t01\t\t\t\t-5\t\t\t\t")
	f.Fuzz(func(t *testing.T, in string) {
		g := gazetteer.New()
		if err := g.ParseGeoNames("g.txt", strings.NewReader(in)); err == nil {
			for _, p := range g.Places {
				if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 || len(p.Names) == 0 {
					t.Fatalf("accepted %+v", p)
				}
			}
		}
	})
}

// Every governorate or region that names its capital names a town of its
// own country in the built-in gazetteer.
func TestCapitalsResolve(t *testing.T) {
	g, err := gazetteer.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range g.Places {
		if p.Capital == "" {
			continue
		}
		n++
		ok := false
		for _, c := range g.Lookup(p.Capital) {
			ok = ok || c.Country == p.Country && (c.Kind == gazetteer.City || c.Kind == gazetteer.Town || c.Kind == gazetteer.Capital)
		}
		if !ok {
			t.Errorf("%s: capital %q is no town of %s", p.Name, p.Capital, p.Country)
		}
	}
	if n < 10 {
		t.Errorf("%d places name their capital, want at least 10", n)
	}
}
