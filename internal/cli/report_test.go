package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, stderr, err := run(t, "", "demo", "--no-serve", "--db", db); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	md, _, err := run(t, "", "report", "--db", db, "--since", "2020-01-01", "--until", "2020-01-10")
	if err != nil || !strings.HasPrefix(md, "# Situation report, 2020-01-01 to 2020-01-10") || !strings.Contains(md, "Soleimani") ||
		!strings.Contains(md, "## Sources") {
		t.Fatalf("markdown: %v\n%s", err, md)
	}
	out := filepath.Join(dir, "r.html")
	if _, _, err := run(t, "", "report", "--db", db, "--since", "2020-01-01", "--until", "2020-01-10", "--format", "html", "--out", out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "<svg") || strings.Contains(string(b), "<script") {
		t.Errorf("html report: %.300s", b)
	}
	// With no period: the week to the latest document.
	if md, _, err := run(t, "", "report", "--db", db); err != nil || !strings.HasPrefix(md, "# Situation report, ") {
		t.Errorf("default period: %v %.80s", err, md)
	}
	for _, args := range [][]string{{"--since", "2020-1-1"}, {"--format", "pdf"}, {"--since", "2020-01-10", "--until", "2020-01-01"}} {
		if _, _, err := run(t, "", append([]string{"report", "--db", db}, args...)...); err == nil {
			t.Errorf("report %v: no error", args)
		}
	}
}
