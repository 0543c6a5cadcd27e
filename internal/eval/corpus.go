package eval

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
)

// CorpusScore is how well the pipeline recovers the sample corpus's
// canonical articles from their rendered pages.
type CorpusScore struct {
	Documents int
	TextF1    float64 // scrapinghub's shingle F1 of text against the canonical body
	ExactText int     // documents whose text equals the canonical body word for word
	Titles    int     // exact titles
	Dates     int     // right publication day
	Authors   int     // right authors, in order
	Sources   int     // the outlet's name as source
	Misses    []Miss  // what each document got wrong
}

// A Miss is one thing extraction got wrong on one corpus document.
type Miss struct {
	Input string
	What  string
}

// ScoreCorpus runs the built-in pipeline over the rendered sample corpus
// and compares each document with its canonical article.
func ScoreCorpus(ctx context.Context) (CorpusScore, error) {
	var s CorpusScore
	var pages []Page
	var outputs []string
	err := readCorpus(ctx, func(d *news.Document, a corpus.Article) error {
		s.Documents++
		pages = append(pages, Page{ID: a.ID, Body: a.Text()})
		outputs = append(outputs, d.Text)
		miss := func(format string, args ...any) {
			s.Misses = append(s.Misses, Miss{Input: d.Input, What: fmt.Sprintf(format, args...)})
		}
		if normalizeSpace(d.Text) == normalizeSpace(a.Text()) {
			s.ExactText++
		} else {
			miss("text differs from the canonical body")
		}
		if d.Title == a.Title {
			s.Titles++
		} else {
			miss("title %q, want %q", d.Title, a.Title)
		}
		if !d.Published.IsZero() && d.Published.Time.UTC().Format("2006-01-02") == a.Published.Time.UTC().Format("2006-01-02") {
			s.Dates++
		} else {
			miss("published %q, want %q", d.Published, a.Published)
		}
		if strings.Join(d.Authors, "; ") == strings.Join(a.Authors, "; ") {
			s.Authors++
		} else {
			miss("authors %q, want %q", d.Authors, a.Authors)
		}
		if d.Source == a.Outlet.Name {
			s.Sources++
		} else {
			miss("source %q, want %q", d.Source, a.Outlet.Name)
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	if s.Documents == 0 {
		return s, errors.New("the sample corpus is empty")
	}
	_, _, s.TextF1, _ = ShingleScore(pages, outputs)
	return s, nil
}

// readCorpus reads the sample corpus's rendered pages through the whole
// pipeline, as sitrep ingest does, and hands each document on with the
// canonical article it renders.
func readCorpus(ctx context.Context, fn func(d *news.Document, a corpus.Article) error) error {
	arts, err := corpus.Articles()
	if err != nil {
		return err
	}
	byID, byURL := map[string]corpus.Article{}, map[string]corpus.Article{}
	for _, a := range arts {
		byID[a.ID], byURL[a.URL()] = a, a
	}
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{}, pipeline.Strict())
	if err != nil {
		return err
	}
	src := &source.Paths{FS: corpus.Pages(), Paths: []string{"html", "text", "jsonl"}}
	return src.Read(ctx, func(d *news.Document, err error) error {
		if err != nil {
			return err // the corpus must read cleanly
		}
		a, ok := byURL[d.URL]
		if !ok {
			a, ok = byID[strings.TrimSuffix(path.Base(d.Input), path.Ext(d.Input))]
		}
		if !ok {
			return fmt.Errorf("%s: no canonical article", d.Input)
		}
		if err := p.Process(ctx, d); err != nil {
			return err
		}
		return fn(d, a)
	})
}
