// Package source reads news documents from where an analyst keeps them:
// files, folders and standard input, as HTML, plain text or JSONL, plain or
// gzip-compressed. Later sources (feeds, WARC archives, URLs) implement the
// same Source interface.
package source

import (
	"context"
	"errors"
	"fmt"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// A Source yields news documents.
type Source interface {
	// Read passes every document of the source to yield, in order. When one
	// input cannot be read (an empty or binary file, a malformed JSONL line,
	// a truncated archive) Read passes a nil document and an *InputError to
	// yield and goes on with the next. Read stops and returns yield's error
	// as soon as yield returns one, and returns ctx.Err() when ctx is
	// cancelled. Documents passed to yield belong to the caller.
	Read(ctx context.Context, yield func(*news.Document, error) error) error
}

// An InputError is an input that gave no document, and why.
type InputError struct {
	Input string // "pages/a.html", "feed.jsonl:17", "-"
	Err   error
}

func (e *InputError) Error() string { return e.Input + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Reasons an input gives no document. They are wrapped in an *InputError;
// test for them with errors.Is.
var (
	ErrEmpty    = errors.New("empty input")
	ErrBinary   = errors.New("binary content, not text")
	ErrTooLarge = errors.New("too large")
	ErrFormat   = errors.New("unknown format")
)

// DefaultMaxBytes is the default size limit for one document: a file, or
// one JSONL line, after decompression. News articles are a few hundred
// kilobytes at most; anything far bigger is a dump or an accident, and
// reading it whole would cost the memory of many documents.
const DefaultMaxBytes = 16 << 20

func inputErr(input string, err error) error { return &InputError{Input: input, Err: err} }

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: over the limit of %s per document", ErrTooLarge, byteSize(limit))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
