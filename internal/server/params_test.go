package server

import (
	"net/url"
	"testing"
)

// Query parameters come from anyone who can reach the server: whatever
// they are, they are read or refused with a message, never a panic.
func FuzzParams(f *testing.F) {
	for _, s := range []string{
		"type=ASSAULT&since=2020-01-01&until=2020-02-01&limit=20",
		"modality=denied&placed=true&q=%22Ain+al-Asad%22",
		"cursor=bzEw&limit=-3", "limit=99999999999999999999", "since=2020-13-40", "q=***", "placed=maybe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p := &params{v: v}
		q := p.eventQuery()
		n := p.int("limit", 50, 1, 1000)
		off := p.offset()
		if p.err == nil {
			if n < 1 || n > 1000 || off < 0 {
				t.Fatalf("%q: accepted limit %d, offset %d", raw, n, off)
			}
			if !q.Since.IsZero() && q.Since.Format("2006-01-02") != p.str("since") {
				t.Fatalf("%q: since read as %v", raw, q.Since)
			}
		} else if p.err.Error() == "" {
			t.Fatalf("%q: an error without a message", raw)
		}
	})
}
