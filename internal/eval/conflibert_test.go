package eval_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/news"
)

func writeSet(t *testing.T, class, ner string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"cameo_class/test.tsv": class, "cameo_ner/test.txt": ner} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadConfliBERT(t *testing.T) {
	text := "Iraq and Syria signed a pact with the U.N. on Monday."
	class := text + "\t1\n"
	ner := strings.Join([]string{"Iraq B-R", "and I-R", "Syria I-R", "signed O", "a O", "pact O", "with O",
		"the B-T", "U.N. I-T", "on O", "Monday O", ". O"}, "\n") + "\n\n"
	items, err := eval.LoadConfliBERT(writeSet(t, class, ner), "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Class != 1 {
		t.Fatalf("items = %+v", items)
	}
	span := func(s string) news.Span {
		i := strings.Index(text, s)
		return news.Span{Start: i, End: i + len(s)}
	}
	it := items[0]
	if len(it.Source) != 1 || it.Source[0] != span("Iraq and Syria") {
		t.Errorf("source = %v", it.Source)
	}
	// Reciprocal actors are both source and target.
	if len(it.Target) != 2 || it.Target[0] != span("Iraq and Syria") || it.Target[1] != span("the U.N.") {
		t.Errorf("target = %v", it.Target)
	}
}

func TestLoadConfliBERTErrors(t *testing.T) {
	for _, tc := range []struct{ name, class, ner, want string }{
		{"bad label", "A sentence.\t7\n", "A O\n\n", "label 0-4"},
		{"no label", "A sentence.\n", "A O\n\n", "label 0-4"},
		{"count", "A.\t0\nB.\t1\n", "A O\n\n", "2 labelled sentences but 1"},
		{"token", "A sentence.\t0\n", "Another O\n\n", `token "Another" not found`},
		{"tag", "A sentence.\t0\n", "A\n\n", "want token and tag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval.LoadConfliBERT(writeSet(t, tc.class, tc.ner), "test")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestQuadClass(t *testing.T) {
	for root, want := range map[string]int{"01": 0, "02": 0, "03": 1, "05": 1, "06": 2, "08": 2, "09": 3, "13": 3,
		"14": 4, "15": 4, "16": 3, "17": 4, "20": 4} {
		if got := eval.QuadClass(root); got != want {
			t.Errorf("QuadClass(%s) = %d, want %d", root, got, want)
		}
	}
}

// TestConfliBERT scores the coder on the real set; the floor guards
// against regressions, well under what it measures today.
func TestConfliBERT(t *testing.T) {
	dir := shared(t, "conflibert-cameo-muc4")
	pdir := shared(t, "plover-gsr")
	m, err := eval.LoadCAMEOMap(pdir)
	if err != nil {
		t.Fatal(err)
	}
	classes := m.TypeClasses()
	if got := classes["REQUEST"]; len(got) != 2 || got[0] != 0 || got[1] != 3 {
		t.Errorf("REQUEST classes = %v, want [0 3]", got)
	}
	items, err := eval.LoadConfliBERT(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	c, err := eval.NewCoder()
	if err != nil {
		t.Fatal(err)
	}
	s := eval.ScoreClasses(c, items, classes)
	t.Logf("quad-class accuracy %.3f, macro-F1 %.3f, source %.3f, target %.3f", s.Accuracy(), s.MacroF1(), s.SourceAccuracy(), s.TargetAccuracy())
	if s.Items != 451 || s.Accuracy() < 0.70 {
		t.Errorf("%d items, accuracy %.3f; want 451 and at least 0.70", s.Items, s.Accuracy())
	}
}
