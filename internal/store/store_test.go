package store

import "testing"

func TestParseRef(t *testing.T) {
	for _, tt := range []struct {
		in  string
		doc string
		idx int
		ok  bool
	}{
		{"5bde0477a55dfdd6:8", "5bde0477a55dfdd6", 8, true},
		{" ABC:01 ", "abc", 1, true},
		{"x:-1", "", 0, false},
		{":3", "", 0, false},
		{"abc", "", 0, false},
		{"a:1:2", "", 0, false},
		{"a:", "", 0, false},
	} {
		doc, idx, err := ParseRef(tt.in)
		if (err == nil) != tt.ok || tt.ok && (string(doc) != tt.doc || idx != tt.idx) {
			t.Errorf("ParseRef(%q) = %q, %d, %v", tt.in, doc, idx, err)
		}
	}
}

// A report reference is typed by the analyst or comes in an API path.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"5bde0477a55dfdd6:8", "x:-1", ":", "abc", "a:1:2", " A:01 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, idx, err := ParseRef(s)
		if err == nil && (doc == "" || idx < 0) {
			t.Fatalf("%q: accepted as %q %d", s, doc, idx)
		}
	})
}
