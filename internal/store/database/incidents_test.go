package database_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/bench"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// denseReports are n processed reports of a busy theatre: the first of a
// generated million, a few hundred a day, so that their events meet many
// stored incidents.
func denseReports(t *testing.T, n int) []*news.Document {
	t.Helper()
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		t.Fatal(err)
	}
	g := bench.NewGenerator(3, 1_000_000, 0.2)
	var docs []*news.Document
	for len(docs) < n {
		a, _ := g.Next()
		d := news.NewDocument(a.URL, news.FormatText, a.URL, g.Text(a))
		if err := p.Process(t.Context(), d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return docs
}

// incidentsOf lists each stored report with its incident.
func incidentsOf(t *testing.T, s store.Store) []string {
	t.Helper()
	hits, err := s.Events(t.Context(), store.EventQuery{Reports: true, Brief: true, Limit: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s:%d %s", h.Doc, h.Index, h.Incident))
	}
	return out
}

// Incidents decided by two writers taking turns on one file (two
// processes, each with its cache of incidents), with an analyst's split
// between, are those one writer decides: each writer notices what the
// other, or the split, changed.
func TestIncidentsAcrossWriters(t *testing.T) {
	docs := denseReports(t, 240)
	one, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "one.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	a, b := twoStores(t)
	merged := ""
	for i := 0; i*16 < len(docs); i++ {
		batch := docs[i*16 : min(len(docs), (i+1)*16)]
		writer := a
		if i%2 == 1 {
			writer = b
		}
		for _, s := range []*database.Store{one, writer} {
			if _, err := s.Put(t.Context(), batch); err != nil {
				t.Fatal(err)
			}
		}
		if i == 6 {
			// A report merged into an incident is split off, through the
			// writer that will not write next.
			for _, h := range must(one.Events(t.Context(), store.EventQuery{Reports: true, Limit: 100_000})) {
				if h.Incident != fmt.Sprintf("%s:%d", h.Doc, h.Index) {
					merged = fmt.Sprintf("%s:%d", h.Doc, h.Index)
					break
				}
			}
			if merged == "" {
				t.Fatal("no report merged with another in the first batches: the reports are not dense enough")
			}
			for _, s := range []*database.Store{one, writer} {
				if _, err := s.Split(t.Context(), merged); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	want, got := incidentsOf(t, one), incidentsOf(t, a)
	if len(want) < 1000 {
		t.Fatalf("only %d reports stored", len(want))
	}
	same(t, "incidents decided by two writers", want, got)
}
