package database

import (
	"testing"

	"github.com/sitrep-dev/sitrep/internal/story"
)

// A story's state survives its encoding.
func TestStateRoundTrip(t *testing.T) {
	in := &story.Story{Sum: map[string]float64{"kirkuk": 1.5, "rocket": 0.25, "k1": 2}, Entities: map[string]int{"place:Kirkuk": 3}}
	out := &story.Story{}
	if err := decodeState(encodeState(in), out); err != nil {
		t.Fatal(err)
	}
	if len(out.Sum) != 3 || out.Sum["rocket"] != 0.25 || out.Entities["place:Kirkuk"] != 3 {
		t.Errorf("decoded %+v", out)
	}
	if err := decodeState([]byte{5, 1}, out); err == nil {
		t.Error("a truncated state decoded")
	}
}

// The state is read back from the database's bytes: whatever they are, it
// fails cleanly.
func FuzzDecodeState(f *testing.F) {
	f.Add(encodeState(&story.Story{Sum: map[string]float64{"a": 1}, Entities: map[string]int{"b": 2}}))
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		var st story.Story
		if decodeState(b, &st) == nil {
			// What decodes encodes to something that decodes the same.
			var again story.Story
			if err := decodeState(encodeState(&st), &again); err != nil || len(again.Sum) != len(st.Sum) || len(again.Entities) != len(st.Entities) {
				t.Fatalf("re-encoding %x: %v", b, err)
			}
		}
	})
}

// An events cursor comes back from a client: whatever it is, it is read
// back as given or refused.
func FuzzEventCursor(f *testing.F) {
	f.Add(eventPos{"2020-01-02", "2020-01-03", "5bde0477a55dfdd6", 8}.String())
	f.Add(eventPos{"", "", "a", 0}.String())
	f.Add("MjAyMC0wMS0wMwA1YmRlMDQ3N2E1NWRmZGQ2ADg") // a cursor of three fields, as given before 0017
	f.Add("bogus")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseEventPos(s)
		if err != nil {
			return
		}
		if p.idx < 0 {
			t.Fatalf("%q: negative index %d", s, p.idx)
		}
		if again, err := parseEventPos(p.String()); err != nil || again != p {
			t.Fatalf("%q: %+v re-reads as %+v, %v", s, p, again, err)
		}
	})
}
