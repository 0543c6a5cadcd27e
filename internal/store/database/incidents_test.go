package database_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/bench"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
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

// Two processes store the same documents at once on PostgreSQL, where Put
// writes actors and quantities before it takes the writers' lock: the one
// that finds them stored when it has the lock adds nothing, and fails
// nothing.
func TestWriteAheadRace(t *testing.T) {
	url := storetest.Postgres(t)
	docs := denseReports(t, 12)
	var stores [3]*database.Store
	for i := range stores {
		s, err := database.Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	a, b, alone := stores[0], stores[1], stores[2]
	var raced bool
	defer database.SetAheadOfLock(func() {
		if raced {
			return
		}
		raced = true
		added, err := b.Put(t.Context(), docs)
		if err != nil || slices.Contains(added, false) {
			t.Errorf("the other process: added %v, %v", added, err)
		}
	})()
	added, err := a.Put(t.Context(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if !raced || slices.Contains(added, true) {
		t.Fatalf("raced %v; added %v, want none", raced, added)
	}
	actors := must(alone.Actors(t.Context(), store.ActorQuery{}))
	quantities := must(alone.Quantities(t.Context(), store.QuantityQuery{Limit: 10_000}))
	// What one process alone stores.
	once := storetest.Postgres(t)
	s, err := database.Open(t.Context(), once)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(t.Context(), docs); err != nil {
		t.Fatal(err)
	}
	if got, want := must(alone.Stats(t.Context())), must(s.Stats(t.Context())); !reflect.DeepEqual(got, want) || want.Documents != len(docs) {
		t.Errorf("stats differ from one process's:\n got %+v\nwant %+v", got, want)
	}
	if want := must(s.Actors(t.Context(), store.ActorQuery{})); !reflect.DeepEqual(actors, want) {
		t.Errorf("actors differ from one process's:\n got %+v\nwant %+v", actors, want)
	}
	if want := must(s.Quantities(t.Context(), store.QuantityQuery{Limit: 10_000})); len(quantities) != len(want) || len(want) == 0 {
		t.Errorf("%d quantities, want %d (and some)", len(quantities), len(want))
	}
}
