package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/sqlite"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

func open(t *testing.T) store.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "re.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.Doc("https://x.example/1", "Kept", "Still here.", "")
	if _, err := s.Put(t.Context(), []*news.Document{d}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(t.Context(), path) // migrations must not run twice
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
		if got := sqlite.MatchExpression(tt.in); got != tt.want {
			t.Errorf("MatchExpression(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	_, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil {
		t.Fatal("Open in a missing folder succeeded")
	}
}
