package token_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/token"
)

func TestWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"U.S.-led coalition", "U.S.|-|led|coalition"},
		{"Gen. Votel and Lt. Col. Smith", "Gen.|Votel|and|Lt.|Col.|Smith"},
		{"Iraq's army didn't move.", "Iraq|'s|army|did|n't|move|."},
		{"Kata'ib Hizballah, al-Abadi", "Kata'ib|Hizballah|,|al|-|Abadi"},
		{"1,200 troops, 3.5 km, 30th", "1,200|troops|,|3.5|km|,|30th"},
		{"U.A.E. and U.N.", "U.A.E.|and|U.N."},
		{"George W. Bush", "George|W.|Bush"},
		{"3 p.m. today", "3|p.m.|today"},
		{"end.\" Next", "end|.|\"|Next"},
		{"wait... what — now", "wait|...|what|—|now"},
		{"الموصل، 14 آذار (رويترز)", "الموصل|،|14|آذار|(|رويترز|)"},
		{"٢٠١٤", "٢٠١٤"},
		{"n't", "n't"},
	}
	for _, tt := range tests {
		if got := strings.Join(token.Words(tt.in), "|"); got != tt.want {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNorm(t *testing.T) {
	for in, want := range map[string]string{"Kata'ib": "kataib", "U.S.": "us", "KATAIB": "kataib", "Élysée": "elysee", "troops": "troops", "Kata’ib": "kataib"} {
		if got := token.Norm(in); got != want {
			t.Errorf("Norm(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"U.S.-led", "didn't n't 'n't", "a.b.c.", "1,2,3..", "Iraq's 's", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, tk := range token.Scan(nil, text, 0) {
			if tk.Span.Start < end || tk.Span.End <= tk.Span.Start || tk.Span.End > len(text) {
				t.Fatalf("token %v after %d in %q", tk.Span, end, text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(text[tk.Span.Start:tk.Span.End]) {
				t.Fatalf("token %v splits a rune", tk.Span)
			}
			end = tk.Span.End
		}
	})
}
