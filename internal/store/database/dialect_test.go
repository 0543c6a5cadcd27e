package database_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/report"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

// TestDialectsAgree stores the sample corpus in SQLite and in PostgreSQL
// and asks both the same questions: every listing, count and summary must
// come out the same, page by page, and so must a situation report. SQLite is the reference; the
// conformance suite checks it against expectations.
func TestDialectsAgree(t *testing.T) {
	pg := storetest.Postgres(t)
	ctx := t.Context()
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		t.Fatal(err)
	}
	var stores [2]*database.Store
	for i, path := range []string{filepath.Join(t.TempDir(), "ref.db"), pg} {
		s, err := database.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		// One worker: documents reach the store in input order, and
		// copies, stories and incidents are decided in the same order.
		src := &source.Paths{FS: corpus.Pages(), Paths: []string{"html", "text", "jsonl"}}
		if _, err := ingest.Run(ctx, ingest.Options{Source: src, Pipeline: p, Sink: s, Workers: 1, BatchSize: 16}, nil); err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	ref, got := stores[0], stores[1]
	if st := must(ref.Stats(ctx)); st.Events < 100 || st.Stories < 10 {
		t.Fatalf("the sample corpus gave %d events and %d stories: too few to compare", st.Events, st.Stories)
	}

	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	events := []store.EventQuery{
		{},
		{Limit: 7},
		{Reports: true, Limit: 15},
		{Type: "ASSAULT"},
		{Actor: "USA"},
		{Actor: "kataib"},
		{Modality: news.Asserted, Type: "MOBILIZE"},
		{Since: day("2019-12-20"), Until: day("2020-01-31")},
		{Since: day("2014-01-01"), Until: day("2016-12-31"), Type: "ASSAULT", Limit: 5},
		{Until: day("2015-01-01")},
		{Place: "Anbar"},
		{Place: "SYR", Limit: 9},
		{Place: "Baghdad", Since: day("2019-01-01")},
		{Text: "rockets base"},
		{Text: `"prime minister" OR parliament`},
		{Placed: true, Brief: true, Limit: 50},
		{Brief: true, Counted: true, Limit: 30},
		{Near: &store.Circle{Lat: 33.3, Lon: 44.4, Km: 60}},
		{ReportedSince: day("2020-01-01"), ReportedUntil: day("2020-01-10")},
	}
	for _, q := range events {
		t.Run(fmt.Sprintf("Events%+v", q), func(t *testing.T) {
			for page := 0; page < 3; page++ {
				a := must(ref.Events(ctx, q))
				b := must(got.Events(ctx, q))
				same(t, fmt.Sprintf("page %d", page+1), a, b)
				if len(a) == 0 || q.Limit == 0 {
					return
				}
				q.After = a[len(a)-1].Cursor
			}
		})
	}
	ev := must(ref.Events(ctx, store.EventQuery{Limit: 1}))
	if len(ev) == 1 {
		q := store.EventQuery{Incident: ev[0].Incident, Reports: true}
		same(t, "one incident's reports", must(ref.Events(ctx, q)), must(got.Events(ctx, q)))
		q = store.EventQuery{Doc: ev[0].Doc}
		same(t, "one document's events", must(ref.Events(ctx, q)), must(got.Events(ctx, q)))
	}
	for _, q := range []store.TimelineQuery{
		{Interval: "day"},
		{Interval: "week", EventQuery: store.EventQuery{Type: "ASSAULT"}},
		{Interval: "month"},
		{Interval: "month", EventQuery: store.EventQuery{Since: day("2016-01-01"), Until: day("2020-12-31")}},
		{Interval: "week", EventQuery: store.EventQuery{Actor: "IRN"}},
		{Interval: "month", EventQuery: store.EventQuery{Place: "Iraq", Text: "attack"}},
	} {
		same(t, fmt.Sprintf("Timeline%+v", q), must(ref.Timeline(ctx, q)), must(got.Timeline(ctx, q)))
	}
	for _, q := range []store.ActorQuery{{}, {Interval: "day", Top: 5, EventQuery: store.EventQuery{Type: "ASSAULT"}}} {
		same(t, fmt.Sprintf("Actors%+v", q), must(ref.Actors(ctx, q)), must(got.Actors(ctx, q)))
	}
	for _, q := range []store.StoryQuery{{}, {MinSize: 2}, {Since: day("2020-01-01"), Limit: 3, Offset: 1}} {
		same(t, fmt.Sprintf("Stories%+v", q), must(ref.Stories(ctx, q)), must(got.Stories(ctx, q)))
	}
	for _, q := range []store.QuantityQuery{{}, {Unit: "troops"}, {Role: news.Fatalities, Min: 2}, {Limit: 5, Offset: 5}} {
		same(t, fmt.Sprintf("Quantities%+v", q), must(ref.Quantities(ctx, q)), must(got.Quantities(ctx, q)))
	}
	same(t, "Stats", must(ref.Stats(ctx)), must(got.Stats(ctx)))
	// Search ranks by different measures (bm25, ts_rank); what it finds
	// must be the same.
	for _, q := range []string{"Ain al-Asad", "U.S. troops", `"special forces"`, "militia* -Iran", "Mosul OR Raqqa"} {
		ids := func(s store.Store) []string {
			var out []string
			for _, h := range must(s.Search(ctx, store.Query{Text: q, Limit: 1000})) {
				out = append(out, string(h.Doc.ID))
			}
			slices.Sort(out)
			return out
		}
		same(t, "Search "+q, ids(ref), ids(got))
	}
	// The situation report asks the store many things at once.
	for _, period := range [][2]string{{"2020-01-01", "2020-01-10"}, {"2016-10-01", "2017-07-31"}} {
		md := func(s store.Store) string {
			r := must(report.Build(ctx, s, day(period[0]), day(period[1]), report.Options{}))
			var b strings.Builder
			if err := report.Markdown(&b, r); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		same(t, "report "+period[0], md(ref), md(got))
	}
	a, aEnd := must2(ref.NewReports(ctx, 0, 1000))
	b, bEnd := must2(got.NewReports(ctx, 0, 1000))
	same(t, "NewReports", a, b)
	if len(a) == 0 || aEnd <= 0 || bEnd <= 0 {
		t.Errorf("NewReports: %d reports, ends %d and %d", len(a), aEnd, bEnd)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func must2[T, U any](v T, u U, err error) (T, U) {
	if err != nil {
		panic(err)
	}
	return v, u
}

// same fails t when a (the reference: SQLite, or one writer) and b
// differ, showing the first difference.
func same(t *testing.T, what string, a, b any) {
	t.Helper()
	ja, _ := json.MarshalIndent(a, "", " ")
	jb, _ := json.MarshalIndent(b, "", " ")
	if string(ja) == string(jb) {
		return
	}
	la, lb := splitLines(ja), splitLines(jb)
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			t.Errorf("%s: differ at line %d:\n  reference: %s\n  other:     %s", what, i+1, x, y)
			return
		}
	}
}

func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := slices.Index(b, '\n')
		if i < 0 {
			return append(out, string(b))
		}
		out, b = append(out, string(b[:i])), b[i+1:]
	}
	return out
}
