package database

import "testing"

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`a = ? AND b IN (?, ?)`, `a = $1 AND b IN ($2, $3)`},
		{`x LIKE ? ESCAPE '\' AND y = '?' AND z = ?`, `x LIKE $1 ESCAPE '\' AND y = '?' AND z = $2`},
		{`"odd?col" = ? AND w = 'it''s?'`, `"odd?col" = $1 AND w = 'it''s?'`},
		{"-- the document's rows?\nx = ? -- why?\n", "-- the document's rows?\nx = $1 -- why?\n"},
		{"a = ? -- last", "a = $1 -- last"},
		{"a = 1 - ?", "a = 1 - $1"},
	}
	for _, tt := range tests {
		if got := rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
