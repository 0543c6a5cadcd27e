package database_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

func open(t *testing.T) store.Store {
	t.Helper()
	s, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "re.db")
	s, err := database.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.Doc("https://x.example/1", "Kept", "Still here.", "")
	if _, err := s.Put(t.Context(), []*news.Document{d}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = database.Open(t.Context(), path) // migrations must not run twice
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Get(t.Context(), string(d.ID)); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
}

func TestMatchExpression(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Mosul`, `"Mosul"`},
		{`Ain al-Asad`, `"Ain" AND "al-Asad"`},
		{`"Ain al-Asad" rockets`, `"Ain al-Asad" AND "rockets"`},
		{`Soleimani OR Muhandis strike`, `("Soleimani" OR "Muhandis") AND "strike"`},
		{`troops -Syria`, `("troops") NOT "Syria"`},
		{`troops NOT Syria`, `("troops") NOT "Syria"`},
		{`offens*`, `"offens"*`},
		{`say "hi`, `"say" AND "hi"`},
		{`a"b`, `"a""b"`},
		{`OR troops`, `"troops"`},
		{`- -- ***`, ``},
		{`-alone`, ``},
	}
	for _, tt := range tests {
		if got := database.MatchExpression(tt.in); got != tt.want {
			t.Errorf("MatchExpression(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	_, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil {
		t.Fatal("Open in a missing folder succeeded")
	}
}

// Stories and incidents live in the database: after a restart, a new
// report joins the story and the event stored before it.
func TestReopenKeepsStoriesAndIncidents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stories.db")
	put := func(d *news.Document) {
		t.Helper()
		s, err := database.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Put(t.Context(), []*news.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	first := storetest.Fingerprinted("https://wire.example/1", "Rockets hit K1 base near Kirkuk, killing US contractor",
		"More than 30 rockets struck the K1 base near Kirkuk on Friday, killing a US civilian contractor and wounding service members.", "2019-12-27T20:00:00Z")
	second := storetest.Fingerprinted("https://post.example/1", "US contractor killed as rockets strike Kirkuk base",
		"A US civilian contractor was killed when rockets struck the K1 base near Kirkuk late on Friday, officials said.", "2019-12-28T09:00:00Z")
	second.Source = "Gulf Monitor"
	for _, d := range []*news.Document{first, second} {
		d.Sentences = []news.Sentence{{Span: news.Span{Start: 0, End: len(d.Text)}}}
		d.Mentions = []news.Mention{{Span: news.Span{Start: 0, End: 1}, Name: "rockets", Code: "IRQREBSHI"}}
		d.Places = []news.PlaceMention{{Events: []int{0}, Place: news.Place{Name: "K1 Air Base", Lat: 35.5, Lon: 44.3, Country: "IRQ", Precision: "point"}}}
		d.Events = []news.Event{{Type: "ASSAULT", Source: []int{0}, Modality: news.Asserted, Within: -1, Confidence: 0.9}}
		d.Layers.Add(news.LayerSentences)
		d.Layers.Add(news.LayerActors)
		d.Layers.Add(news.LayerEvents)
		d.Layers.Add(news.LayerPlaces)
	}
	put(first)
	put(second)
	if second.Story != first.Story || first.Story == "" {
		t.Errorf("after a restart the second report started story %q, not %q", second.Story, first.Story)
	}
	s, err := database.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hits, err := s.Events(t.Context(), store.EventQuery{})
	if err != nil || len(hits) != 1 || hits[0].Sources != 2 || len(hits[0].Evidence) != 2 {
		t.Errorf("events after a restart: %d (%v), want one of 2 reports from 2 sources", len(hits), err)
	}
}

// twoStores opens two stores on one new file, as two processes would.
func twoStores(t *testing.T) (a, b *database.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "two.db")
	for _, s := range []**database.Store{&a, &b} {
		var err error
		if *s, err = database.Open(t.Context(), path); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*s).Close() })
	}
	return a, b
}

// Two stores on one file (two processes): each sees the stories the other
// wrote, and neither writes over the other's members with what it held.
func TestStoriesAcrossWriters(t *testing.T) {
	a, b := twoStores(t)
	report := func(n int, hour int) *news.Document {
		return storetest.Doc(fmt.Sprintf("https://x.example/%d", n), fmt.Sprintf("Rockets hit K1 base near Kirkuk, report %d", n),
			"More than 30 rockets struck the K1 base near Kirkuk, killing a US civilian contractor and wounding service members.",
			fmt.Sprintf("2019-12-27T%02d:00:00Z", hour))
	}
	docs := []*news.Document{report(1, 10), report(2, 11), report(3, 12), report(4, 13)}
	for i, d := range docs {
		s := a
		if i%2 == 1 {
			s = b
		}
		if _, err := s.Put(t.Context(), []*news.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := a.Stories(t.Context(), store.StoryQuery{})
	if err != nil || len(hits) != 1 || hits[0].Size != 4 || len(hits[0].Members) != 4 {
		t.Fatalf("stories: %+v (%v), want one of 4", hits, err)
	}
}

// Past runKeys keys the live key table is sealed into a run: copies are
// still found in every run, before and after a restart.
func TestSealedKeyRuns(t *testing.T) {
	defer database.SetRunKeys(40)()
	path := filepath.Join(t.TempDir(), "runs.db")
	s, err := database.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	text := func(n int) string {
		var b strings.Builder
		for i := range 60 {
			fmt.Fprintf(&b, "word%d-%d ", n, i)
		}
		return b.String()
	}
	var originals []*news.Document
	for n := range 12 { // about 17 keys each: several runs
		d := storetest.Fingerprinted(fmt.Sprintf("https://a.example/%d", n), "", text(n), "2020-01-02")
		originals = append(originals, d)
		if _, err := s.Put(t.Context(), []*news.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	copyOf := func(s *database.Store, n int) {
		t.Helper()
		c := storetest.Fingerprinted(fmt.Sprintf("https://b.example/%d", n), "", text(n), "2020-01-03")
		if _, err := s.Put(t.Context(), []*news.Document{c}); err != nil {
			t.Fatal(err)
		}
		if c.DuplicateOf != originals[n].ID {
			t.Errorf("copy of document %d: duplicate of %q, want %q", n, c.DuplicateOf, originals[n].ID)
		}
	}
	copyOf(s, 0) // in the first run
	copyOf(s, 11)
	s.Close()
	s, err = database.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	copyOf(s, 3)
	copyOf(s, 7)
}

// Copies join their original's story without learning anything; a store
// that only adds copies still sees what another store added.
func TestCopiesAcrossWriters(t *testing.T) {
	a, b := twoStores(t)
	const text = "More than 30 rockets struck the K1 base near Kirkuk on Friday, killing a US civilian contractor and wounding several US service members and Iraqi personnel, officials said on Saturday."
	for i, s := range []*database.Store{a, b, a, b} {
		d := storetest.Fingerprinted(fmt.Sprintf("https://x%d.example/k1", i), "Rockets hit K1 base", text, fmt.Sprintf("2019-12-28T%02d:00:00Z", 8+i))
		if _, err := s.Put(t.Context(), []*news.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := b.Stories(t.Context(), store.StoryQuery{})
	if err != nil || len(hits) != 1 || hits[0].Size != 4 {
		t.Fatalf("stories: %d (%v), want one of 4 documents: %+v", len(hits), err, hits)
	}
}

func openPostgres(t *testing.T) store.Store {
	t.Helper()
	s, err := database.Open(t.Context(), storetest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformancePostgres(t *testing.T) { storetest.Run(t, openPostgres) }
