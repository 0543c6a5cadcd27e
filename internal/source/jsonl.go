package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// A JSONLRecord is one line of a JSONL export. Either HTML or Text must be
// given; when both are, HTML is used, since extraction recovers more
// metadata from it. Other keys are ignored.
type JSONLRecord struct {
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Published string          `json:"published"` // YYYY-MM-DD or RFC 3339
	Source    string          `json:"source"`
	Authors   json.RawMessage `json:"authors"`  // a list of names, or one string
	Language  string          `json:"language"` // ISO 639-1
	HTML      string          `json:"html"`
	Text      string          `json:"text"`
}

// readJSONL reads one document per line from r. Blank lines are skipped;
// each bad line is reported as its own InputError and reading goes on.
func (p *Paths) readJSONL(ctx context.Context, name string, r *bufio.Reader, yield func(*news.Document, error) error) error {
	limit := p.maxBytes()
	var line []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		input := fmt.Sprintf("%s:%d", name, n)
		var tooLong bool
		var err error
		line, tooLong, err = readLine(r, line[:0], limit)
		if err != nil && !errors.Is(err, io.EOF) {
			// Keep what came before: a truncated archive still yields
			// every complete line.
			return yield(nil, inputErr(input, readReason(err)))
		}
		eof := errors.Is(err, io.EOF)
		switch {
		case tooLong:
			if err := yield(nil, inputErr(input, tooLarge(limit))); err != nil {
				return err
			}
		case len(bytes.TrimSpace(line)) > 0:
			doc, derr := p.decodeLine(input, line)
			if derr != nil {
				derr = inputErr(input, derr)
			}
			if err := yield(doc, derr); err != nil {
				return err
			}
		}
		if eof {
			return nil
		}
	}
}

// readLine reads one line into buf, without its end of line. Past limit
// bytes it stops keeping the line and reports tooLong, but still consumes
// it, so the next call starts on the next line.
func readLine(r *bufio.Reader, buf []byte, limit int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > limit+1 {
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, err
	}
}

// decodeLine turns one JSONL line into a document.
func (p *Paths) decodeLine(input string, line []byte) (*news.Document, error) {
	var rec JSONLRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("invalid JSON at byte %d: %v", syn.Offset, err)
		}
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	var raw []byte
	var format news.Format
	switch {
	case strings.TrimSpace(rec.HTML) != "":
		raw, format = []byte(rec.HTML), news.FormatHTML
	case strings.TrimSpace(rec.Text) != "":
		raw, format = []byte(rec.Text), news.FormatText
	default:
		return nil, errors.New(`no content: neither "html" nor "text" is given`)
	}
	doc := news.NewDocument(input, format, strings.TrimSpace(rec.URL), raw)
	doc.Title = strings.TrimSpace(rec.Title)
	doc.Source = strings.TrimSpace(rec.Source)
	if doc.Source == "" {
		doc.Source = p.Source
	}
	doc.Language = strings.ToLower(strings.TrimSpace(rec.Language))
	if rec.Published != "" {
		d, err := news.ParseDate(rec.Published)
		if err != nil {
			doc.Problemf("source", "published: %v; the date is taken from the content instead", err)
		} else {
			doc.Published = d
		}
	}
	if len(rec.Authors) > 0 {
		authors, err := decodeAuthors(rec.Authors)
		if err != nil {
			doc.Problemf("source", "authors: %v", err)
		}
		doc.Authors = authors
	}
	return doc, nil
}

func decodeAuthors(raw json.RawMessage) ([]string, error) {
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		return cleanNames(list), nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return cleanNames(strings.FieldsFunc(one, func(r rune) bool { return r == ';' || r == ',' })), nil
	}
	return nil, errors.New("neither a list of names nor a string")
}

func cleanNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
