package source

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// This file reads WARC 1.0 and 1.1 archives (ISO 28500), plain or as
// .warc.gz with each record its own gzip member, as news crawls are
// distributed. The pages in response and resource records become
// documents; other records (requests, metadata, revisits) are passed
// over. Positions are byte offsets in the file as stored, so a reader can
// start again where one stopped.

// warcReader reads records from one archive.
type warcReader struct {
	name     string
	gz       bool // found from the first bytes
	maxBytes int64
	// partialOK: an incomplete record at the end is a file still being
	// written, not a problem to report (watch); ingest reports it.
	partialOK bool

	file  io.Reader
	read  int64 // bytes taken from file
	br    *bufio.Reader
	start int64 // the offset br's first byte had

	skipped int // records that were not pages
}

// pos returns the offset in the file of br's next byte.
func (w *warcReader) pos() int64 { return w.start + w.read - int64(w.br.Buffered()) }

func (w *warcReader) Read(b []byte) (int, error) {
	n, err := w.file.Read(b)
	w.read += int64(n)
	return n, err
}

// errPartial is a record cut short by the end of the file.
var errPartial = errors.New("the last record is incomplete (a truncated archive, or one still being written)")

// readWARC reads the archive in r, whose first byte is at offset from in
// the file, passing each page to yield, until the end or max units (a
// gzip member or, in a plain archive, a record; 0 for no limit). It
// returns the offset to start from next time: after the last unit read
// whole. yield's error stops it.
func (w *warcReader) run(ctx context.Context, r io.Reader, from int64, max int, yield func(*news.Document, error) error) (int64, error) {
	w.file, w.start = r, from
	w.br = bufio.NewReaderSize(w, 64<<10)
	if m, _ := w.br.Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
		w.gz = true // each record its own gzip member, as the format's annex asks
	}
	done := from
	for units := 0; max == 0 || units < max; units++ {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		if _, err := w.br.Peek(1); err == io.EOF {
			return done, nil
		}
		at := w.pos()
		var err error
		if w.gz {
			err = w.member(at, yield)
		} else {
			err = w.record(w.br, at, yield)
		}
		var stop stopErr
		switch {
		case err == nil:
			done = w.pos()
			continue
		case errors.As(err, &stop):
			return done, stop.err
		case errors.Is(err, errPartial) && w.atEOF():
			if !w.partialOK {
				if err := yield(nil, inputErr(fmt.Sprintf("%s@%d", w.name, at), err)); err != nil {
					return done, err
				}
			}
			return done, nil
		}
		// A corrupt record (or one cut short with more after it):
		// report it, then find the next one.
		if errors.Is(err, errPartial) {
			err = errors.New("a record cut short")
		}
		if err := yield(nil, inputErr(fmt.Sprintf("%s@%d", w.name, at), err)); err != nil {
			return done, err
		}
		if !w.resync() {
			return w.pos(), nil
		}
		done = w.pos()
	}
	return done, nil
}

// atEOF reports whether the file has no more bytes.
func (w *warcReader) atEOF() bool {
	_, err := w.br.Peek(1)
	return err != nil
}

// stopErr carries yield's error out through the record parsers.
type stopErr struct{ err error }

func (s stopErr) Error() string { return s.err.Error() }

// member reads one gzip member and the records in it.
func (w *warcReader) member(at int64, yield func(*news.Document, error) error) error {
	zr, err := gzip.NewReader(w.br)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return errPartial
		}
		return fmt.Errorf("corrupt gzip member: %w", err)
	}
	zr.Multistream(false)
	rb := bufio.NewReaderSize(zr, 64<<10)
	for first := true; ; first = false {
		if _, err := rb.Peek(1); err != nil {
			if err == io.EOF && !first {
				return nil
			}
			return gzipReason(err)
		}
		if err := w.record(rb, at, yield); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return gzipReason(err)
			}
			return err
		}
	}
}

func gzipReason(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errPartial
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("corrupt gzip member: %w", err)
	}
	var ce flate.CorruptInputError
	if errors.As(err, &ce) {
		return fmt.Errorf("corrupt gzip member: %w", err)
	}
	return err
}

// resync skips to the next record after a corrupt one: the next gzip
// member, or the next "WARC/1." line. It reports whether one was found.
func (w *warcReader) resync() bool {
	var magic []byte
	if w.gz {
		magic = []byte{0x1f, 0x8b, 0x08}
	} else {
		magic = []byte("\nWARC/1.")
	}
	if _, err := w.br.Discard(1); err != nil {
		return false
	}
	for {
		buf, err := w.br.Peek(len(magic))
		if err != nil {
			return false
		}
		if bytes.Equal(buf, magic) {
			if !w.gz {
				w.br.Discard(1) // the newline before
			}
			return true
		}
		if _, err := w.br.Discard(1); err != nil {
			return false
		}
	}
}

// maxWARCHeader bounds a record's header block.
const maxWARCHeader = 64 << 10

// record reads one record from rb: version line, header, block and the
// two CRLFs after it, and yields its page if it has one.
func (w *warcReader) record(rb *bufio.Reader, at int64, yield func(*news.Document, error) error) error {
	line, err := readLineLimited(rb)
	if err != nil {
		return partialOr(err)
	}
	if !strings.HasPrefix(line, "WARC/1.") {
		return fmt.Errorf("not a WARC record: starts %q", clip(line, 40))
	}
	hdr, err := readHeader(rb)
	if err != nil {
		return partialOr(err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("bad Content-Length %q", hdr.Get("Content-Length"))
	}
	name := fmt.Sprintf("%s@%d", w.name, at)
	var block []byte
	if n > w.maxBytes {
		if _, err := io.CopyN(io.Discard, rb, n); err != nil {
			return partialOr(err)
		}
		if err := yield(nil, inputErr(name, tooLarge(w.maxBytes))); err != nil {
			return stopErr{err}
		}
	} else {
		block = make([]byte, n)
		if _, err := io.ReadFull(rb, block); err != nil {
			return partialOr(err)
		}
	}
	// The record ends with CRLF CRLF; some writers leave out one.
	for range 4 {
		b, err := rb.Peek(1)
		if err != nil || b[0] != '\r' && b[0] != '\n' {
			break
		}
		rb.Discard(1)
	}
	if block == nil {
		return nil
	}
	doc, err := w.page(name, hdr, block)
	if doc == nil && err == nil {
		w.skipped++
		return nil
	}
	if err != nil {
		err = inputErr(name, err)
	}
	if err := yield(doc, err); err != nil {
		return stopErr{err}
	}
	return nil
}

func partialOr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errPartial
	}
	return err
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// readLineLimited reads a line of at most 8 KiB, without its line end.
func readLineLimited(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		part, err := r.ReadSlice('\n')
		b = append(b, part...)
		if len(b) > 8<<10 {
			return "", errors.New("a header line over 8 KiB")
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if len(b) == 0 {
				return "", err
			}
			return "", io.ErrUnexpectedEOF
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}

// readHeader reads "Name: value" lines up to an empty one.
func readHeader(r *bufio.Reader) (textproto.MIMEHeader, error) {
	h := textproto.MIMEHeader{}
	size := 0
	for {
		line, err := readLineLimited(r)
		if err != nil {
			return nil, err
		}
		if line == "" {
			return h, nil
		}
		size += len(line)
		if size > maxWARCHeader {
			return nil, errors.New("a header over 64 KiB")
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			if line[0] == ' ' || line[0] == '\t' {
				continue // a folded line: nothing we use is folded
			}
			return nil, fmt.Errorf("bad header line %q", clip(line, 40))
		}
		h.Add(textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k)), strings.TrimSpace(v))
	}
}

// page returns the page a record holds, or nil when it holds none.
func (w *warcReader) page(name string, hdr textproto.MIMEHeader, block []byte) (*news.Document, error) {
	uri := strings.Trim(hdr.Get("Warc-Target-Uri"), "<> ")
	var body []byte
	var ctype string
	switch strings.ToLower(hdr.Get("Warc-Type")) {
	case "response":
		mt, params, _ := mime.ParseMediaType(hdr.Get("Content-Type"))
		if mt != "application/http" || params["msgtype"] != "" && params["msgtype"] != "response" {
			return nil, nil
		}
		res, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
		if err != nil {
			return nil, fmt.Errorf("HTTP response: %w", err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, nil
		}
		ctype = res.Header.Get("Content-Type")
		var r io.Reader = res.Body
		if strings.EqualFold(res.Header.Get("Content-Encoding"), "gzip") {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				return nil, fmt.Errorf("HTTP body: gzip: %w", err)
			}
			r = zr
		}
		body, err = io.ReadAll(io.LimitReader(r, w.maxBytes+1))
		if err != nil && len(body) == 0 {
			return nil, fmt.Errorf("HTTP body: %w", readReason(err))
		}
		if int64(len(body)) > w.maxBytes {
			return nil, tooLarge(w.maxBytes)
		}
	case "resource":
		ctype, body = hdr.Get("Content-Type"), block
	default:
		return nil, nil
	}
	mt, _, _ := mime.ParseMediaType(ctype)
	if mt != "text/html" && mt != "application/xhtml+xml" {
		return nil, nil
	}
	if err := checkContent(body); err != nil {
		return nil, err
	}
	return news.NewDocument(name, news.FormatHTML, uri, body), nil
}

// WARC polls an archive that grows as a crawler writes it, or reads a
// large one a step at a time: each Poll reads at most Step records (or
// gzip members) from where the last one stopped.
type WARC struct {
	Path     string
	MaxBytes int64 // size limit per page; DefaultMaxBytes when zero
	Step     int   // records per poll; 1000 when zero
}

var _ Poller = (*WARC)(nil)

type warcState struct {
	Offset int64 `json:"offset"`
}

// Poll implements Poller.
func (a *WARC) Poll(ctx context.Context, state []byte, yield func(*news.Document, error) error) ([]byte, error) {
	var st warcState
	if len(state) > 0 {
		if err := json.Unmarshal(state, &st); err != nil {
			return state, fmt.Errorf("warc %s: stored state: %w", a.Path, err)
		}
	}
	f, err := os.Open(a.Path)
	if err != nil {
		return state, fmt.Errorf("warc %s: %w", a.Path, statReason(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return state, fmt.Errorf("warc %s: %w", a.Path, err)
	}
	if info.Size() < st.Offset {
		// Smaller than where we stopped: a new file under the old name.
		if err := yield(nil, inputErr(a.Path, fmt.Errorf("the archive shrank from %d to %d bytes; read again from the start", st.Offset, info.Size()))); err != nil {
			return state, err
		}
		st.Offset = 0
	}
	if info.Size() == st.Offset {
		return state, nil
	}
	if _, err := f.Seek(st.Offset, io.SeekStart); err != nil {
		return state, fmt.Errorf("warc %s: %w", a.Path, err)
	}
	w := &warcReader{name: a.Path, maxBytes: cmp.Or(a.MaxBytes, DefaultMaxBytes), partialOK: true}
	end, err := w.run(ctx, f, st.Offset, cmp.Or(a.Step, 1000), yield)
	if err != nil {
		return state, err
	}
	return json.Marshal(warcState{Offset: end})
}
