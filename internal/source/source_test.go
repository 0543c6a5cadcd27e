package source_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// read collects what a source yields.
func read(t *testing.T, src source.Source) (docs []*news.Document, errs []error) {
	t.Helper()
	err := src.Read(t.Context(), func(d *news.Document, err error) error {
		if err != nil {
			errs = append(errs, err)
		} else {
			docs = append(docs, d)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return docs, errs
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const page = `<html><head><title>T</title></head><body><p>Hello.</p></body></html>`

func TestFormatsAndFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.html", []byte(page))
	write(t, dir, "sub/b.htm.gz", gz(t, []byte(page+" ")))
	write(t, dir, "sub/deeper/c.txt", []byte("Some text."))
	write(t, dir, "d.jsonl", []byte(`{"url":"https://x.example/1","title":"One","published":"2020-01-03","source":"X","text":"First."}`+"\n\n"+
		`{"url":"https://x.example/2","html":"<p>Second.</p>","authors":["A B","C D"]}`+"\n"))
	write(t, dir, "e.jsonl.gz", gz(t, []byte(`{"text":"Third."}`)))
	write(t, dir, ".hidden/f.html", []byte(page))
	write(t, dir, "notes.md", []byte("# not news"))

	src := &source.Paths{Paths: []string{dir}, Source: "Default Source"}
	docs, errs := read(t, src)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var got []string
	for _, d := range docs {
		got = append(got, strings.TrimPrefix(d.Input, dir+"/")+":"+string(d.Format))
	}
	want := []string{"a.html:html", "d.jsonl:1:text", "d.jsonl:3:html", "e.jsonl.gz:1:text", "sub/b.htm.gz:html", "sub/deeper/c.txt:text"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("documents:\n got %v\nwant %v", got, want)
	}
	if src.Skipped() != 1 {
		t.Errorf("skipped %d files, want 1 (notes.md)", src.Skipped())
	}
	first := docs[1]
	if first.URL != "https://x.example/1" || first.Title != "One" || first.Published.String() != "2020-01-03" || first.Source != "X" {
		t.Errorf("JSONL metadata not taken: %+v", first)
	}
	if docs[2].Source != "Default Source" || strings.Join(docs[2].Authors, ";") != "A B;C D" {
		t.Errorf("second JSONL line: source %q authors %q", docs[2].Source, docs[2].Authors)
	}
	if size, ok := src.Size(); !ok || size == 0 {
		t.Errorf("Size = %d, %v", size, ok)
	}
}

func TestStdinIsSniffed(t *testing.T) {
	tests := []struct {
		in     []byte
		format news.Format
		n      int
	}{
		{[]byte(page), news.FormatHTML, 1},
		{[]byte("Plain words here."), news.FormatText, 1},
		{[]byte(`{"text":"a"}` + "\n" + `{"text":"b"}`), news.FormatText, 2},
		{gz(t, []byte(page)), news.FormatHTML, 1},
	}
	for _, tt := range tests {
		docs, errs := read(t, &source.Paths{Paths: []string{"-"}, Stdin: bytes.NewReader(tt.in)})
		if len(errs) > 0 || len(docs) != tt.n || docs[0].Format != tt.format || !strings.HasPrefix(docs[0].Input, "-") {
			t.Errorf("stdin %q: %d docs, errs %v", tt.in[:min(20, len(tt.in))], len(docs), errs)
		}
	}
}

func TestBadInputsAreReportedAndTheRestRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "empty.html", nil)
	write(t, dir, "blank.txt", []byte(" \n\t\n"))
	write(t, dir, "binary.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	write(t, dir, "big.txt", bytes.Repeat([]byte("a"), 2000))
	full := gz(t, []byte(strings.Repeat(`{"text":"line"}`+"\n", 200)))
	write(t, dir, "cut.jsonl.gz", full[:len(full)/2])
	write(t, dir, "cut.html.gz", gz(t, []byte(page))[:30])
	write(t, dir, "lines.jsonl", []byte(`{"text":"ok"}`+"\n"+`{"text": broken`+"\n"+`{"title":"no content"}`+"\n"+`[1,2]`+"\n"+`{"text":"also ok"}`))
	write(t, dir, "good.txt", []byte("A good text."))
	docs, errs := read(t, &source.Paths{Paths: []string{dir, filepath.Join(dir, "missing.html")}, MaxBytes: 1000})

	reasons := map[string]string{}
	for _, err := range errs {
		var ie *source.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an InputError", err)
		}
		reasons[strings.TrimPrefix(ie.Input, dir+"/")] = ie.Err.Error()
	}
	want := map[string]string{
		"empty.html":    "empty input",
		"blank.txt":     "empty input",
		"binary.html":   "binary content",
		"big.txt":       "too large",
		"cut.html.gz":   "truncated",
		"lines.jsonl:2": "invalid JSON",
		"lines.jsonl:3": "no content",
		"lines.jsonl:4": "invalid JSON",
		"missing.html":  "no such file",
	}
	for input, reason := range want {
		if !strings.Contains(reasons[input], reason) {
			t.Errorf("%s: reason %q, want one containing %q", input, reasons[input], reason)
		}
	}
	var truncated string
	for input, reason := range reasons {
		if strings.HasPrefix(input, "cut.jsonl.gz:") {
			truncated = reason
		}
	}
	if !strings.Contains(truncated, "truncated") {
		t.Errorf("truncated JSONL archive: reason %q", truncated)
	}
	var cutLines, good int
	for _, d := range docs {
		switch {
		case strings.Contains(d.Input, "cut.jsonl.gz"):
			cutLines++
		case strings.HasSuffix(d.Input, "good.txt"), strings.Contains(d.Input, "lines.jsonl"):
			good++
		}
	}
	if cutLines == 0 || cutLines >= 200 {
		t.Errorf("truncated archive gave %d documents; want the complete lines before the cut", cutLines)
	}
	if good != 3 {
		t.Errorf("%d good documents read, want 3 (good.txt and two JSONL lines)", good)
	}
}

func TestLongJSONLLineIsSkippedNotFatal(t *testing.T) {
	long := `{"text":"` + strings.Repeat("x", 300) + `"}`
	in := `{"text":"before"}` + "\n" + long + "\n" + `{"text":"after"}` + "\n"
	docs, errs := read(t, &source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(in), MaxBytes: 100})
	if len(docs) != 2 || len(errs) != 1 || !errors.Is(errs[0], source.ErrTooLarge) {
		t.Fatalf("docs %d errs %v; want 2 documents and one too-large line", len(docs), errs)
	}
	if !strings.HasSuffix(errs[0].(*source.InputError).Input, ":2") {
		t.Errorf("error names %q, want line 2", errs[0].(*source.InputError).Input)
	}
}

func TestYieldErrorStopsReading(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := (&source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader("{\"text\":\"a\"}\n{\"text\":\"b\"}\n")}).Read(t.Context(), func(*news.Document, error) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Read = %v after %d documents; want stop after 1", err, n)
	}
}

// FuzzJSONL checks that no JSONL input makes the reader panic, and that
// every line it accepts has content and a stable ID.
func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"url":"https://x.example","title":"T","published":"2020-01-03","text":"Body."}`))
	f.Add([]byte(`{"html":"<p>x</p>","authors":"A B; C D","published":"garbage"}` + "\n" + `{"text": 3}`))
	f.Add([]byte("{\"text\":\"\xff\"}\n\n\r\n{"))
	f.Fuzz(func(t *testing.T, in []byte) {
		src := &source.Paths{Paths: []string{"-"}, Stdin: bytes.NewReader(in), MaxBytes: 1 << 16}
		err := src.Read(t.Context(), func(d *news.Document, err error) error {
			if err != nil {
				return nil
			}
			if len(bytes.TrimSpace(d.Raw)) == 0 {
				t.Errorf("document %s has no content", d.Input)
			}
			if d.ID != news.MakeID(d.URL, d.Hash) {
				t.Errorf("document %s: ID not derived from URL and hash", d.Input)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
	})
}

func TestFiftyMegabyteFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "dump.html")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: no 50 MB written
		t.Fatal(err)
	}
	f.Close()
	write(t, dir, "ok.txt", []byte("A short report from Sinjar."))
	docs, errs := read(t, &source.Paths{Paths: []string{dir}})
	if len(docs) != 1 || len(errs) != 1 || !errors.Is(errs[0], source.ErrTooLarge) {
		t.Fatalf("docs %d, errs %v; want the small file and a too-large error", len(docs), errs)
	}
	if msg := errs[0].Error(); !strings.Contains(msg, "dump.html") || !strings.Contains(msg, "50 MiB") || !strings.Contains(msg, "16 MiB") {
		t.Errorf("error %q should name the file, its size and the limit", msg)
	}
}
