// Package extract turns a document's raw content into clean text and
// metadata: the main text of an HTML page with go-trafilatura, or the
// article inside a plain text with the boilerplate cleaner, plus title,
// authors, publication date, source and language.
package extract

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Spec registers the extractor with the pipeline.
var Spec = pipeline.Spec{
	Name:     "extract",
	Provides: []news.Layer{news.LayerText},
	New: func(env pipeline.Env, decode func(any) error) (pipeline.Stage, error) {
		cfg := Config{}
		if err := decode(&cfg); err != nil {
			return nil, err
		}
		return New(cfg)
	},
}

// Config holds the extractor's settings.
type Config struct {
	// Published is the date, YYYY-MM-DD, given to documents that carry
	// none of their own.
	Published string `json:"published"`
	// Fallback lets go-trafilatura compare its result with readability's
	// and dom-distiller's and keep the best; slower, and more accurate.
	Fallback bool `json:"fallback"`
}

// An Extractor fills the text layer. It is safe for concurrent use.
type Extractor struct {
	cfg       Config
	reference news.Date
}

var _ pipeline.Stage = (*Extractor)(nil)

// ErrNoText means a document held no article text at all.
var ErrNoText = errors.New("no article text found")

// New returns an extractor with the given settings.
func New(cfg Config) (*Extractor, error) {
	e := &Extractor{cfg: cfg}
	if cfg.Published != "" {
		t, err := time.Parse(time.DateOnly, cfg.Published)
		if err != nil {
			return nil, fmt.Errorf("published %q: want YYYY-MM-DD", cfg.Published)
		}
		e.reference = news.Day(t)
	}
	return e, nil
}

// Process implements pipeline.Stage.
func (e *Extractor) Process(ctx context.Context, doc *news.Document) error {
	var err error
	switch doc.Format {
	case news.FormatHTML:
		err = e.html(doc)
	case news.FormatText:
		err = e.text(doc)
	default:
		err = fmt.Errorf("unknown format %q", doc.Format)
	}
	if err != nil {
		return err
	}
	if strings.TrimSpace(doc.Text) == "" {
		return ErrNoText
	}
	doc.Title = strings.TrimSpace(doc.Title)
	if doc.Language == "" {
		doc.Language = detectLanguage(doc.Text)
	}
	if doc.Source == "" && doc.URL != "" {
		if u, err := url.Parse(doc.URL); err == nil {
			doc.Source = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	if doc.Published.IsZero() {
		if e.reference.IsZero() {
			doc.Problemf(Spec.Name, "no publication date found")
		} else {
			doc.Published = e.reference
		}
	}
	doc.Layers.Add(news.LayerText)
	return nil
}
