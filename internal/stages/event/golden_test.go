package event_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCorpusGolden codes the team's sample articles and compares every
// event with testdata/corpus.golden, so that any change to a rule or a
// lexicon shows up as a reviewable diff (go test -update rewrites it).
func TestCorpusGolden(t *testing.T) {
	articles, err := corpus.Articles()
	if err != nil {
		t.Fatal(err)
	}
	f, err := actor.New(actor.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := event.New(event.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, a := range articles {
		doc := &news.Document{Text: a.Text(), Published: a.Published}
		doc.Layers.Add(news.LayerText)
		sentence.Split(doc)
		f.Find(doc)
		c.Code(doc)
		if err := doc.Validate(); err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		fmt.Fprintf(&b, "## %s\n", a.ID)
		for _, e := range doc.Events {
			fmt.Fprintf(&b, "%s\n", line(doc, e))
		}
	}
	path := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("coded events differ from %s at line %d:\n got %s\nwant %s\n(review and run go test -update if intended)", path, i+1, g, w)
			}
		}
	}
}

// line renders an event on one line: type/mode modality [neg] source ->
// target "trigger" <claimant>.
func line(doc *news.Document, e news.Event) string {
	codes := func(ms []int) string {
		var out []string
		for _, m := range ms {
			out = append(out, doc.Mentions[m].Code)
		}
		if len(out) == 0 {
			return "-"
		}
		return strings.Join(out, "+")
	}
	s := e.Type
	if e.Mode != "" {
		s += "/" + e.Mode
	}
	s += " " + string(e.Modality)
	if e.Negated {
		s += " negated"
	}
	s += fmt.Sprintf(" %s -> %s %q", codes(e.Source), codes(e.Target), doc.Snippet(e.Trigger))
	if e.Claimant != (news.Span{}) {
		s += " <" + doc.Snippet(e.Claimant) + ">"
	}
	if e.Within >= 0 {
		s += fmt.Sprintf(" within %d", e.Within)
	}
	return s
}
