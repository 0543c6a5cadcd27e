package incident_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/incident"
	"github.com/sitrep-dev/sitrep/internal/news"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// report builds a report dated to one day (undated: published that day).
func report(doc string, idx int, typ, date string, undated bool, src, tgt string, place *news.EventPlace) incident.Report {
	r := incident.Report{Doc: news.ID(doc), Index: idx, Type: typ, Modality: news.Asserted, From: day(date),
		Until: day(date).AddDate(0, 0, 1), Undated: undated, Place: place, Published: day(date)}
	if src != "" {
		r.Sources = strings.Fields(src)
	}
	if tgt != "" {
		r.Targets = strings.Fields(tgt)
	}
	return r
}

var (
	ainAlAsad = &news.EventPlace{Name: "Ain al-Asad", Lat: 33.79, Lon: 42.44, Country: "IRQ", Precision: "point"}
	anbar     = &news.EventPlace{Name: "Anbar", Lat: 33.4, Lon: 42.0, Country: "IRQ", Precision: "governorate"}
	erbil     = &news.EventPlace{Name: "Erbil", Lat: 36.19, Lon: 44.01, Country: "IRQ", Precision: "point"}
	k1        = &news.EventPlace{Name: "K1 Air Base", Lat: 35.52, Lon: 44.28, Country: "IRQ", Precision: "point"}
	kirkuk    = &news.EventPlace{Name: "Kirkuk", Lat: 35.47, Lon: 44.39, Country: "IRQ", Precision: "point"}
	iraq      = &news.EventPlace{Name: "Iraq", Lat: 33.2, Lon: 43.7, Country: "IRQ", Precision: "country"}
	tehran    = &news.EventPlace{Name: "Tehran", Lat: 35.69, Lon: 51.39, Country: "IRN", Precision: "point"}
)

func TestMatch(t *testing.T) {
	fatal := func(r incident.Report, n float64) incident.Report { r.Fatalities = &n; return r }
	said := func(r incident.Report, h uint64) incident.Report { r.Said = h; return r }
	trig := func(r incident.Report, t string) incident.Report { r.Trigger = t; return r }
	copyOf := func(r incident.Report, of news.ID) incident.Report { r.CopyOf = of; return r }
	tests := []struct {
		name string
		a, b incident.Report
		want bool
		why  string // in the explanation
	}{
		{"one attack, two outlets, base and nearby city",
			report("a", 0, "ASSAULT", "2019-12-27", false, "", "USAMIL", k1),
			report("b", 0, "ASSAULT", "2019-12-28", true, "", "USAMIL", kirkuk), true, "km apart; target USAMIL"},
		{"same base, a year apart",
			report("a", 0, "ASSAULT", "2020-01-08", false, "IRNMIL", "USAMIL", ainAlAsad),
			report("b", 0, "ASSAULT", "2021-03-03", false, "", "USAMIL", ainAlAsad), false, "dates apart"},
		{"dated a day apart",
			report("a", 0, "ASSAULT", "2015-05-15", false, "IMGISI", "", anbar),
			report("b", 0, "ASSAULT", "2015-05-16", false, "IMGISI", "", anbar), true, "dated 2015-05-1"},
		{"dated two days apart",
			report("a", 0, "ASSAULT", "2015-05-15", false, "IMGISI", "", anbar),
			report("b", 0, "ASSAULT", "2015-05-17", false, "IMGISI", "", anbar), false, "dates apart"},
		{"same night, other places",
			report("a", 0, "ASSAULT", "2020-01-08", false, "IRNMIL", "", ainAlAsad),
			report("b", 0, "ASSAULT", "2020-01-08", false, "IRNMIL", "", tehran), false, "places in"},
		{"same day and base, other attackers",
			report("a", 0, "ASSAULT", "2020-01-08", false, "IRNMIL", "", ainAlAsad),
			report("b", 0, "ASSAULT", "2020-01-08", false, "USAMIL", "", ainAlAsad), false, "sources differ"},
		{"a narrower name of one attacker agrees",
			report("a", 0, "ASSAULT", "2020-01-03", false, "USA", "IRNMIL", nil),
			report("b", 0, "ASSAULT", "2020-01-03", false, "USAMIL", "IRNMIL", nil), true, "target IRNMIL"},
		{"a bare country is not enough",
			report("a", 0, "ASSAULT", "2020-01-03", false, "USA", "IRQ", nil),
			report("b", 0, "ASSAULT", "2020-01-03", false, "USA", "IRQREBSHI", iraq), false, "nothing but type and date"},
		{"the governorate of a base",
			report("a", 0, "ASSAULT", "2021-03-03", false, "", "USAMIL", ainAlAsad),
			report("b", 0, "ASSAULT", "2021-03-03", false, "", "", anbar), true, "60 km apart"},
		{"other types", report("a", 0, "ASSAULT", "2020-01-03", false, "USA", "", erbil),
			report("b", 0, "PROTEST", "2020-01-03", false, "USA", "", erbil), false, "other types"},
		{"tolls that rise agree", fatal(report("a", 0, "ASSAULT", "2024-01-16", false, "IRNMIL", "", erbil), 4),
			fatal(report("b", 0, "ASSAULT", "2024-01-16", false, "IRNMIL", "", erbil), 6), true, "; killed "},
		{"tolls far apart do not", fatal(report("a", 0, "ASSAULT", "2024-01-16", false, "IRNMIL", "", erbil), 2),
			fatal(report("b", 0, "ASSAULT", "2024-01-16", false, "IRNMIL", "", erbil), 40), false, "killed "},
		{"told again in one document",
			report("a", 0, "ASSAULT", "2019-12-28", false, "", "USAMIL", k1),
			report("a", 5, "ASSAULT", "2019-12-28", true, "", "", iraq), true, "same document"},
		{"the same sentence in two documents", said(report("a", 0, "ASSAULT", "2024-02-02", false, "USA", "IRQ", iraq), 7),
			said(report("b", 0, "ASSAULT", "2024-02-02", true, "USA", "IRQ", iraq), 7), true, "the same sentence"},
		{"the same trigger in a copy", copyOf(trig(report("a", 0, "ASSAULT", "2024-02-02", false, "USA", "IRQ", iraq), "carried out air strikes"), ""),
			copyOf(trig(report("b", 0, "ASSAULT", "2024-02-02", true, "USA", "IRQ", iraq), "carried out air strikes"), "a"), true, "the same trigger in a copy"},
		{"the same trigger in another document", trig(report("a", 0, "ASSAULT", "2024-02-02", false, "USA", "IRQ", iraq), "strikes"),
			trig(report("b", 0, "ASSAULT", "2024-02-02", true, "USA", "IRQ", iraq), "strikes"), false, "nothing but type and date"},
		{"only type and date in two documents",
			report("a", 0, "ASSAULT", "2019-12-28", false, "", "", iraq),
			report("b", 5, "ASSAULT", "2019-12-28", true, "", "", iraq), false, "nothing but type and date"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, order := range [][2]incident.Report{{tc.a, tc.b}, {tc.b, tc.a}} {
				got, why := incident.Match(order[0], order[1])
				if got != tc.want || !strings.Contains(why, tc.why) {
					t.Errorf("Match = %v, %q; want %v, with %q", got, why, tc.want, tc.why)
				}
			}
		})
	}
}

func TestMergeable(t *testing.T) {
	r := report("a", 0, "ASSAULT", "2020-01-08", false, "IRNMIL", "", ainAlAsad)
	if !r.Mergeable() {
		t.Error("a dated report cannot merge")
	}
	month := r
	month.Until = month.From.AddDate(0, 1, 0) // "in January"
	neg := r
	neg.Negated = true
	undated := r
	undated.From, undated.Until = time.Time{}, time.Time{}
	for name, r := range map[string]incident.Report{"a month": month, "negated": neg, "no date": undated} {
		if r.Mergeable() {
			t.Errorf("%s: can merge", name)
		}
		if ok, _ := incident.Match(r, r); ok {
			t.Errorf("%s: matches itself", name)
		}
	}
	planned := r
	planned.Modality = news.Planned
	if ok, why := incident.Match(r, planned); ok {
		t.Errorf("what happened merged with a plan: %s", why)
	}
	bg := r
	bg.Modality = news.Background
	if ok, why := incident.Match(r, bg); !ok {
		t.Errorf("the event told as background did not merge: %s", why)
	}
}

// A later report that only tells of the event again ("the strikes") joins
// the incident of its document's first report of that type, the event the
// story is about; a report that agrees on place or actors goes where they
// agree; and a report split off an incident never rejoins it.
func TestGroup(t *testing.T) {
	strikes := report("doc", 0, "ASSAULT", "2019-12-29", false, "USAMIL", "IRQREBSHI", iraq)
	attack := report("doc", 1, "ASSAULT", "2019-12-27", false, "", "USACVL", kirkuk)
	again := report("doc", 2, "ASSAULT", "2019-12-29", true, "", "", iraq)
	other := report("later", 0, "ASSAULT", "2019-12-28", true, "", "USACVL", k1)
	got := incident.Group([]incident.Report{strikes, attack, again, other})
	if len(got) != 2 {
		t.Fatalf("%d incidents, want 2", len(got))
	}
	refs := func(in *incident.Incident) []string {
		var out []string
		for _, r := range in.Reports {
			out = append(out, r.Ref())
		}
		return out
	}
	if s := strings.Join(refs(got[0]), " "); s != "doc:0 doc:2" {
		t.Errorf("the strikes: %s", s)
	}
	if s := strings.Join(refs(got[1]), " "); s != "doc:1 later:0" || got[1].Sources() != 2 {
		t.Errorf("the attack: %s, %d sources", s, got[1].Sources())
	}
	if got[1].First().Ref() != "doc:1" {
		t.Errorf("first report %s", got[1].First().Ref())
	}
	in := incident.New(attack)
	in.Apart = []string{"later:0"}
	if i, why := incident.Best(other, []*incident.Incident{in}); i >= 0 {
		t.Errorf("a report split off rejoined: %s", why)
	}
}

// BenchmarkBest measures choosing among 50 candidate incidents of one
// type, each with a full profile: the work a report costs the store.
func BenchmarkBest(b *testing.B) {
	var cands []*incident.Incident
	for i := range 50 {
		in := incident.New(report(fmt.Sprint("d", i), 0, "ASSAULT", "2020-01-08", false, "IRNMIL", "USAMIL", ainAlAsad))
		for j := range incident.ProfileSize {
			r := report(fmt.Sprint("d", i, "-", j), 0, "ASSAULT", "2020-01-08", j%2 == 0, "IRNMIL", "USAMIL", erbil)
			n := float64(j)
			r.Fatalities = &n
			in.Join(r, "")
		}
		cands = append(cands, in)
	}
	r := report("new", 0, "ASSAULT", "2020-01-08", true, "IRNMIL", "USAMIL", ainAlAsad)
	b.ReportAllocs()
	for b.Loop() {
		incident.Best(r, cands)
	}
}

// BenchmarkBestSpread is BenchmarkBest with candidates over 100 days, as
// a store loads them for a batch of reports that spans months: most are
// dated apart from the report and should cost next to nothing, the less
// from a Pool.
func BenchmarkBestSpread(b *testing.B) {
	var cands []*incident.Incident
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200 {
		d := day.AddDate(0, 0, i/2).Format(time.DateOnly)
		in := incident.New(report(fmt.Sprint("d", i), 0, "ASSAULT", d, false, "IRNMIL", "USAMIL", ainAlAsad))
		for j := range 3 {
			in.Join(report(fmt.Sprint("d", i, "-", j), 0, "ASSAULT", d, false, "IRNMIL", "USAMIL", erbil), "")
		}
		cands = append(cands, in)
	}
	r := report("new", 0, "ASSAULT", "2020-02-10", false, "IRNMIL", "USAMIL", ainAlAsad)
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			incident.Best(r, cands)
		}
	})
	var p incident.Pool
	for _, in := range cands {
		p.Add(in)
	}
	b.Run("pool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p.Best(r)
		}
	})
}

// A Pool decides as Best does over the same incidents in the same order,
// as reports join them and a copy replaces one: it keeps each one's
// dates beside it, and they must follow every change.
func TestPoolAgreesWithBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	places := []*news.EventPlace{ainAlAsad, erbil, k1, kirkuk, iraq, nil}
	actors := []string{"", "IRNMIL", "USAMIL", "IRQREBSHI", "USA"}
	types := []string{"ASSAULT", "PROTEST"}
	var pool incident.Pool
	var plain []*incident.Incident
	for i := range 600 {
		d := day("2020-01-01").AddDate(0, 0, rng.IntN(40)).Format(time.DateOnly)
		r := report(fmt.Sprint("d", i/3), i%3, types[rng.IntN(len(types))], d, rng.IntN(4) == 0,
			actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))], places[rng.IntN(len(places))])
		if r.Type != "ASSAULT" {
			continue
		}
		gotI, gotWhy := pool.Best(r)
		wantI, wantWhy := incident.Best(r, plain)
		if gotI != wantI || gotWhy != wantWhy {
			t.Fatalf("report %s: pool chose %d (%q), Best %d (%q)", r.Ref(), gotI, gotWhy, wantI, wantWhy)
		}
		switch {
		case gotI < 0:
			n := incident.New(r)
			pool.Add(n)
			plain = append(plain, n)
		case i%5 == 0:
			// A copy takes the incident's place, and keeps a report out.
			c := *pool.At(gotI)
			c.Apart = []string{"d999:0"}
			pool.Replace(gotI, &c)
			plain[gotI] = &c
			pool.Join(gotI, r, gotWhy)
		default:
			pool.Join(gotI, r, gotWhy)
		}
	}
	if pool.Len() < 20 || pool.Len() == len(plain) && len(plain) > 250 {
		t.Fatalf("%d incidents: the reports should both merge and stay apart", pool.Len())
	}
	for i, in := range plain {
		if pool.At(i) != in {
			t.Fatalf("incident %d differs", i)
		}
	}
	// A copy that keeps a report out replaces an incident: the report
	// does not join it, another report like it does.
	var two incident.Pool
	two.Add(incident.New(report("a", 0, "ASSAULT", "2020-01-10", false, "IRNMIL", "USAMIL", erbil)))
	out := report("b", 0, "ASSAULT", "2020-01-10", false, "IRNMIL", "USAMIL", erbil)
	if i, _ := two.Best(out); i != 0 {
		t.Fatalf("the report does not join the incident before the split")
	}
	c := *two.At(0)
	c.Apart = []string{out.Ref()}
	two.Replace(0, &c)
	if i, why := two.Best(out); i >= 0 {
		t.Errorf("a report split off rejoined: %s", why)
	}
	if i, _ := two.Best(report("c", 0, "ASSAULT", "2020-01-10", false, "IRNMIL", "USAMIL", erbil)); i != 0 {
		t.Errorf("another report did not join")
	}
}
