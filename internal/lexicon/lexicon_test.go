package lexicon_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

func TestLines(t *testing.T) {
	in := "# header\nIraq; Iraqis   # the country\n\n    IRQ\n\tadjective: Iraqi\n   \n"
	var got []string
	err := lexicon.Lines(strings.NewReader(in), func(l lexicon.Line) error {
		ind := "entry"
		if l.Indented {
			ind = "indented"
		}
		got = append(got, ind+":"+l.Text+":"+string(rune('0'+l.No)))
		return nil
	})
	want := "entry:Iraq; Iraqis:2|indented:IRQ:4|indented:adjective: Iraqi:5"
	if err != nil || strings.Join(got, "|") != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func TestLoadFSOrderAndErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"d/b.txt":     {Data: []byte("b")},
		"d/a.txt":     {Data: []byte("a")},
		"d/notes.md":  {Data: []byte("skipped")},
		"d/sub/c.txt": {Data: []byte("skipped too")},
	}
	var order []string
	err := lexicon.LoadFS(fsys, "d", func(name string, r io.Reader) error {
		order = append(order, name)
		return nil
	})
	if err != nil || strings.Join(order, ",") != "a.txt,b.txt" {
		t.Errorf("order %v, %v", order, err)
	}
	boom := errors.New("boom")
	if err := lexicon.LoadFS(fsys, "d", func(string, io.Reader) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("error not passed on: %v", err)
	}
	if err := lexicon.LoadFile("/nonexistent/x.txt", func(string, io.Reader) error { return nil }); err == nil {
		t.Error("missing file accepted")
	}
}
