package sentence_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

func split(text string) []string {
	doc := &news.Document{Text: text}
	doc.Layers.Add(news.LayerText)
	sentence.Split(doc)
	var out []string
	for _, s := range doc.Sentences {
		out = append(out, doc.Snippet(s.Span))
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"titles and initials",
			`Gen. John Smith said U.S. forces struck near Mosul on Thursday. "We will continue," he said. Lt. Gen. Paul Funk agreed.`,
			[]string{`Gen. John Smith said U.S. forces struck near Mosul on Thursday.`, `"We will continue," he said.`, `Lt. Gen. Paul Funk agreed.`}},
		{"abbreviation ends a sentence",
			`The advisers flew back to the U.S. The next day they returned.`,
			[]string{`The advisers flew back to the U.S.`, `The next day they returned.`}},
		{"abbreviation inside",
			`On Jan. 3 the U.S. Army said George W. Bush-era rules applied at 3 p.m. local time.`,
			[]string{`On Jan. 3 the U.S. Army said George W. Bush-era rules applied at 3 p.m. local time.`}},
		{"dateline with agency",
			"BAGHDAD (Reuters) - Iraqi forces retook the town. Officials said so.",
			[]string{`Iraqi forces retook the town.`, `Officials said so.`}},
		{"dateline with place and date",
			"ERBIL, Iraq, March 3 — Peshmerga fighters advanced.",
			[]string{`Peshmerga fighters advanced.`}},
		{"headline lines",
			"US strike kills Iranian commander\n\nThe strike came at dawn.",
			[]string{`US strike kills Iranian commander`, `The strike came at dawn.`}},
		{"capitals headline is not a dateline",
			"IRAQ VOTES TO EXPEL US TROOPS - REPORT SAYS\nText.",
			[]string{`IRAQ VOTES TO EXPEL US TROOPS - REPORT SAYS`, `Text.`}},
		{"quote closes after stop",
			`He said: "It is over." Then he left.`,
			[]string{`He said: "It is over."`, `Then he left.`}},
		{"numbers", `The deal is worth $1.5 billion. It was signed.`, []string{`The deal is worth $1.5 billion.`, `It was signed.`}},
		{"no ends", "one two three", []string{"one two three"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := split(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLongInput(t *testing.T) {
	text := strings.Repeat("word ", 10000)
	doc := &news.Document{Text: text}
	sentence.Split(doc)
	if len(doc.Tokens) != 10000 {
		t.Fatalf("got %d tokens", len(doc.Tokens))
	}
	for _, s := range doc.Sentences {
		if n := s.Last - s.First; n > sentence.MaxTokens {
			t.Fatalf("sentence of %d tokens", n)
		}
	}
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"Gen. X said U.S. troops left. Then.", "BAGHDAD (AP) - A", "\"Quote.\" He", "a.b.c.d", "U.S.-led", "didn't", "Iraq's", "٢٠١٤ الموصل، 14 آذار"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc := &news.Document{Text: text}
		sentence.Split(doc)
		// Validate checks spans and order only on valid UTF-8 text; spans
		// must still be in range on anything.
		for _, tk := range doc.Tokens {
			if tk.Span.Start < 0 || tk.Span.End > len(text) || tk.Span.Start >= tk.Span.End {
				t.Fatalf("token %v out of range", tk.Span)
			}
		}
		if !utf8.ValidString(text) {
			return // extraction guarantees valid UTF-8; rune boundaries mean nothing otherwise
		}
		if err := doc.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
