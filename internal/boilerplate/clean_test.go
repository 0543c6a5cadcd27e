package boilerplate_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/boilerplate"
	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestCleanExample(t *testing.T) {
	in := strings.Join([]string{
		"Skip to content",
		"Home | World | Middle East | Opinion",
		"Iraqi forces retake Tal Afar from Islamic State",
		"By Sara Haddad and Tom Reece, Staff Reporters",
		"August 31, 2017 4:12 PM",
		"Share on Facebook   Tweet   Email",
		"",
		"TAL AFAR - Iraqi forces have retaken the city of Tal Afar, the prime minister said on Thursday.",
		"By Monday, troops had reached the citadel.",
		"Advertisement",
		"The battle lasted eleven days.",
		"",
		"Related stories",
		"Abadi declares victory in Mosul - Gulf Monitor - July 10, 2017",
		"• Kurds vote in independence referendum",
		"",
		"3 Comments",
		"Great news at last, well done to the army.",
		"© 2017 Euphrates Post. All rights reserved.",
	}, "\n")
	res := boilerplate.Clean(in)
	if res.Title != "Iraqi forces retake Tal Afar from Islamic State" {
		t.Errorf("title %q", res.Title)
	}
	if strings.Join(res.Authors, ";") != "Sara Haddad;Tom Reece" {
		t.Errorf("authors %q", res.Authors)
	}
	if res.Date != "August 31, 2017 4:12 PM" {
		t.Errorf("date %q", res.Date)
	}
	wantText := "TAL AFAR - Iraqi forces have retaken the city of Tal Afar, the prime minister said on Thursday.\n\n" +
		"By Monday, troops had reached the citadel.\n\nThe battle lasted eleven days."
	if res.Text != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", res.Text, wantText)
	}
	if len(res.Links) != 2 || res.Links[0].Text != "Abadi declares victory in Mosul - Gulf Monitor - July 10, 2017" || res.Links[1].Text != "Kurds vote in independence referendum" {
		t.Errorf("links %+v", res.Links)
	}
	if len(res.Labels) != len(boilerplate.Lines(in)) {
		t.Errorf("%d labels for %d lines", len(res.Labels), len(boilerplate.Lines(in)))
	}
}

func TestCleanEdgeCases(t *testing.T) {
	tests := []struct {
		name, in, text, title string
	}{
		{"empty", "", "", ""},
		{"only boilerplate", "Skip to content\nSign in\nSubscribe\n© 2020 X", "", ""},
		{"no title", "The strike killed two people, officials said.\nIt was the third attack this month.", "The strike killed two people, officials said.\n\nIt was the third attack this month.", ""},
		{"hard wrapped", "Militants seized the town on Monday after\nthree days of fighting, residents said.", "Militants seized the town on Monday after three days of fighting, residents said.", ""},
		{"crlf", "A headline about the vote\r\n\r\nLawmakers voted on Sunday to ask foreign troops to leave.\r\n", "Lawmakers voted on Sunday to ask foreign troops to leave.", "A headline about the vote"},
		{"arabic", "عاجل\nقال مسؤولون عراقيون إن صواريخ سقطت قرب قاعدة عين الأسد في الأنبار.", "قال مسؤولون عراقيون إن صواريخ سقطت قرب قاعدة عين الأسد في الأنبار.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := boilerplate.Clean(tt.in)
			if res.Text != tt.text || res.Title != tt.title {
				t.Errorf("Clean(%q):\n text %q\ntitle %q\nwant text %q title %q", tt.in, res.Text, res.Title, tt.text, tt.title)
			}
		})
	}
}

func TestIsHeadline(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Iraqi forces retake Tal Afar", true},
		{"🔴 US drone strike hits car in Baghdad", true},
		{"World", false},
		{"The strike killed two people.", false},
		{"read the full story here", false},
		{"القوات العراقية تستعيد راوة", true},
	}
	for _, tt := range tests {
		if got := boilerplate.IsHeadline(tt.s); got != tt.want {
			t.Errorf("IsHeadline(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestLabelledSets holds the cleaner to the quality it reaches on the
// team's labelled texts (scored in full by "sitrep eval cleaner"), so a
// change that makes it worse fails here. The golden files show every line's
// verdict, so a change's effect is visible in review.
func TestLabelledSets(t *testing.T) {
	for _, set := range []struct {
		dir          string
		minP, minR   float64
		minTitleRate float64
	}{
		{"labelled", 0.97, 0.97, 0.85},
		{"heldout", 0.95, 0.95, 0.75},
	} {
		t.Run(set.dir, func(t *testing.T) {
			texts, err := eval.LoadLabelled(os.DirFS("testdata"), set.dir)
			if err != nil {
				t.Fatal(err)
			}
			s := eval.ScoreCleaner(texts, func(stamp string) string {
				d, ok := extract.ParseStamp(stamp)
				if !ok {
					return ""
				}
				return d.Time.Format("2006-01-02")
			})
			if len(texts) < 14 || s.Precision < set.minP || s.Recall < set.minR || float64(s.TitleCorrect) < set.minTitleRate*float64(s.Texts) {
				t.Errorf("%d texts: precision %.3f recall %.3f titles %d/%d; want at least %.2f, %.2f, %.0f%%",
					s.Texts, s.Precision, s.Recall, s.TitleCorrect, s.Texts, set.minP, set.minR, set.minTitleRate*100)
			}
			for _, lt := range texts {
				checkGolden(t, filepath.Join("testdata", "golden", set.dir, lt.Name), render(lt.Text))
			}
		})
	}
}

// render shows the cleaner's verdict on every line of text.
func render(text string) string {
	res := boilerplate.Clean(text)
	var b strings.Builder
	fmt.Fprintf(&b, "title:   %s\nauthors: %s\ndate:    %s\n\n", res.Title, strings.Join(res.Authors, "; "), res.Date)
	for i, line := range boilerplate.Lines(text) {
		fmt.Fprintf(&b, "%s %s\n", res.Labels[i], line)
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test ./internal/boilerplate -update, then review the diff):\n%s", path, firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}

// FuzzClean checks that no text makes the cleaner panic, that every line
// gets a label, and that valid UTF-8 in gives valid UTF-8 out, made only of
// the input's own lines.
func FuzzClean(f *testing.F) {
	texts, _ := eval.LoadLabelled(os.DirFS("testdata"), "labelled")
	for _, lt := range texts[:min(len(texts), 8)] {
		f.Add(lt.Text)
	}
	f.Add("By \n|||\n» «\n(\n#1\n© ")
	f.Fuzz(func(t *testing.T, in string) {
		res := boilerplate.Clean(in)
		lines := boilerplate.Lines(in)
		if len(res.Labels) != len(lines) {
			t.Fatalf("%d labels for %d lines", len(res.Labels), len(lines))
		}
		if utf8.ValidString(in) && (!utf8.ValidString(res.Text) || !utf8.ValidString(res.Title)) {
			t.Fatal("valid input gave invalid UTF-8")
		}
		if !subsequence(words(in), words(res.Text)) {
			t.Fatalf("text %q has words not in the input %q, or out of order", res.Text, in)
		}
	})
}

// words splits s as the cleaner sees it: invalid bytes become U+FFFD and
// zero-width characters vanish.
func words(s string) []string {
	s = string([]rune(s))
	return strings.Fields(strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "").Replace(s))
}

// subsequence reports whether sub appears in seq in order.
func subsequence(seq, sub []string) bool {
	i := 0
	for _, w := range seq {
		if i < len(sub) && w == sub[i] {
			i++
		}
	}
	return i == len(sub)
}

func BenchmarkClean(b *testing.B) {
	texts, err := eval.LoadLabelled(os.DirFS("testdata"), "labelled")
	if err != nil {
		b.Fatal(err)
	}
	var size int
	for _, lt := range texts {
		size += len(lt.Text)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		boilerplate.Clean(texts[i%len(texts)].Text)
		i++
	}
}
