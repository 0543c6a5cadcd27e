package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// warcRecord writes one WARC record of the given type and block.
func warcRecord(typ, uri, contentType, block string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-03-01T10:00:00Z\r\n", typ, uri)
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:%s>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", uri, contentType, len(block))
	b.WriteString(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

func page(n int) string {
	body := fmt.Sprintf("<html><head><title>Report %d</title></head><body><article><p>Rockets struck a base near Erbil, officials said (%d).</p></article></body></html>", n, n)
	return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

// testWARC returns an archive's records: a warcinfo, then for each page
// a request and its response, and a 404 and an image response.
func testWARC(pages int) [][]byte {
	recs := [][]byte{warcRecord("warcinfo", "", "application/warc-fields", "software: sitrep tests\r\n")}
	for i := range pages {
		uri := fmt.Sprintf("https://news.example/%d", i)
		recs = append(recs, warcRecord("request", uri, "application/http; msgtype=request", "GET /"+fmt.Sprint(i)+" HTTP/1.1\r\nHost: news.example\r\n\r\n"))
		recs = append(recs, warcRecord("response", uri, "application/http; msgtype=response", page(i)))
	}
	recs = append(recs, warcRecord("response", "https://news.example/gone", "application/http; msgtype=response",
		"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
	recs = append(recs, warcRecord("response", "https://news.example/a.png", "application/http; msgtype=response",
		"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG"))
	return recs
}

func gzipMember(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

func writeArchive(t *testing.T, name string, recs [][]byte, gz bool) string {
	var b bytes.Buffer
	for _, r := range recs {
		if gz {
			b.Write(gzipMember(r))
		} else {
			b.Write(r)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readAll(t *testing.T, path string) ([]*news.Document, []error) {
	t.Helper()
	var docs []*news.Document
	var errs []error
	err := (&Paths{Paths: []string{path}}).Read(t.Context(), func(d *news.Document, err error) error {
		if err != nil {
			errs = append(errs, err)
		} else {
			docs = append(docs, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, errs
}

func TestWARCPages(t *testing.T) {
	for _, gz := range []bool{false, true} {
		name := map[bool]string{false: "crawl.warc", true: "crawl.warc.gz"}[gz]
		docs, errs := readAll(t, writeArchive(t, name, testWARC(3), gz))
		if len(errs) != 0 || len(docs) != 3 {
			t.Fatalf("%s: %d docs, %v", name, len(docs), errs)
		}
		d := docs[1]
		if d.URL != "https://news.example/1" || d.Format != news.FormatHTML || !strings.Contains(string(d.Raw), "Report 1") ||
			strings.Contains(string(d.Raw), "HTTP/1.1") {
			t.Errorf("%s: %q %q", name, d.URL, d.Raw)
		}
	}
}

func TestWARCCorruptRecords(t *testing.T) {
	recs := testWARC(4)
	// Record 3 (page 0's response... ) gets a Content-Length that is not
	// a number; in the gzip archive, its member's bytes are damaged.
	bad := bytes.Replace(recs[4], []byte("Content-Length: "), []byte("Content-Length: x"), 1)
	plain := append(append(append([][]byte{}, recs[:4]...), bad), recs[5:]...)
	docs, errs := readAll(t, writeArchive(t, "bad.warc", plain, false))
	if len(docs) != 3 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "Content-Length") {
		t.Errorf("plain: %d docs, %v", len(docs), errs)
	}
	var b bytes.Buffer
	for i, r := range recs {
		m := gzipMember(r)
		if i == 4 {
			m[len(m)/2] ^= 0xff
			m[len(m)/2+1] ^= 0xff
		}
		b.Write(m)
	}
	path := filepath.Join(t.TempDir(), "bad.warc.gz")
	os.WriteFile(path, b.Bytes(), 0o644)
	docs, errs = readAll(t, path)
	if len(docs) != 3 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "bad.warc.gz@") {
		t.Errorf("gzip: %d docs, %v", len(docs), errs)
	}
	// Cut short: the pages before the cut, and the cut reported.
	all := writeArchive(t, "cut.warc.gz", recs, true)
	raw, _ := os.ReadFile(all)
	os.WriteFile(all, raw[:len(raw)-len(gzipMember(recs[len(recs)-1]))/2], 0o644)
	docs, errs = readAll(t, all)
	if len(docs) != 4 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "incomplete") {
		t.Errorf("cut: %d docs, %v", len(docs), errs)
	}
}

func TestWARCPollResumes(t *testing.T) {
	for _, gz := range []bool{false, true} {
		recs := testWARC(5)
		path := writeArchive(t, "grow.warc", recs[:7], gz) // up to page 2's response
		a := &WARC{Path: path, Step: 3}
		var got []string
		var state []byte
		pollAll := func() {
			for range 10 {
				docs, errs, next := poll(t, a, state)
				if len(errs) != 0 {
					t.Fatalf("gz %v: %v", gz, errs)
				}
				for _, d := range docs {
					got = append(got, d.URL)
				}
				if string(next) == string(state) {
					return
				}
				state = next
			}
		}
		pollAll()
		if len(got) != 3 {
			t.Fatalf("gz %v: first pages %v", gz, got)
		}
		// The crawler writes on, the last record half written.
		f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		rest := recs[7:]
		for _, r := range rest {
			if gz {
				r = gzipMember(r)
			}
			f.Write(r)
		}
		f.Close()
		full, _ := os.ReadFile(path)
		os.WriteFile(path, full[:len(full)-40], 0o644)
		pollAll()
		os.WriteFile(path, full, 0o644)
		pollAll()
		if len(got) != 5 {
			t.Errorf("gz %v: pages %v, want each of the 5 once", gz, got)
		}
		seen := map[string]bool{}
		for _, u := range got {
			if seen[u] {
				t.Errorf("gz %v: %s read twice", gz, u)
			}
			seen[u] = true
		}
	}
}

func FuzzWARC(f *testing.F) {
	var b bytes.Buffer
	for _, r := range testWARC(2) {
		b.Write(r)
	}
	f.Add(b.Bytes())
	f.Add(gzipMember(b.Bytes()))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 5\r\n\r\nHTTP/"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w := &warcReader{name: "fuzz.warc", maxBytes: 1 << 20}
		end, err := w.run(context.Background(), bytes.NewReader(data), 0, 0, func(d *news.Document, err error) error {
			if d == nil && err == nil {
				t.Fatal("nil document without an error")
			}
			var ie *InputError
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("problem %v is not an *InputError", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if end < 0 || end > int64(len(data)) {
			t.Fatalf("end %d outside 0..%d", end, len(data))
		}
	})
}
