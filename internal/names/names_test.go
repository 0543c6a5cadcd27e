package names_test

import (
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/names"
	"github.com/sitrep-dev/sitrep/internal/token"
)

func TestMatch(t *testing.T) {
	var x names.Index[string]
	x.Add("Tal Afar", "town")
	x.Add("Hit", "town")
	x.Add("Hit", "district")
	x.Add("Kataib Hezbollah", "group")
	x.Add("troops", "agent")
	x.Add("IS", "group")
	tests := []struct{ text, want string }{
		{"They entered Tal Afar today", "Tal Afar=town"},
		{"fighting in Hit and Kataib-Hezbollah attacks", "Hit=town,district|Kataib-Hezbollah=group"},
		{"TROOPS and troops", "TROOPS=agent|troops=agent"},
		{"this is IS territory", "IS=group"},
		{"a hit song", ""},
	}
	for _, tt := range tests {
		text := names.NewText(tt.text, token.Scan(nil, tt.text, 0))
		var got []string
		for i := 0; i < len(text.Toks); {
			vs, last := x.MatchAll(text, i)
			if len(vs) == 0 {
				i++
				continue
			}
			got = append(got, tt.text[text.Toks[i].Span.Start:text.Toks[last-1].Span.End]+"="+strings.Join(vs, ","))
			i = last
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("%q: got %s, want %s", tt.text, g, tt.want)
		}
	}
}
