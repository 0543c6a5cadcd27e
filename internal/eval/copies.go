package eval

import (
	"context"
	"fmt"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// PairScore counts pairs of documents: those the system puts together
// (one group of copies, one story) against those the gold does.
type PairScore struct {
	Documents      int
	GoldPairs      int // pairs the gold puts together
	FoundPairs     int // pairs the system puts together
	Right          int // pairs both put together
	P, R, F1       float64
	Misses, Extras []string // pairs missed and pairs wrongly put together, with why
}

// pair counts one pair: whether the gold and the system put it together,
// and, where they disagree, why (called only then).
func (s *PairScore) pair(gold, found bool, why func() string) {
	if gold {
		s.GoldPairs++
	}
	if found {
		s.FoundPairs++
	}
	if gold && found {
		s.Right++
	}
	switch {
	case gold && !found:
		s.Misses = append(s.Misses, why())
	case found && !gold:
		s.Extras = append(s.Extras, why())
	}
}

func (s *PairScore) finish() {
	s.P, s.R = ratio(s.Right, s.FoundPairs), ratio(s.Right, s.GoldPairs)
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
}

// ScoreCorpusCopies reads the sample corpus's rendered pages through the
// pipeline, as `sitrep ingest` does, finds the copies among them in
// reading order (duplicate.Memory, the decision the store makes), and
// scores the groups against the articles' copy_of: pairwise precision,
// recall and F1.
func ScoreCorpusCopies(ctx context.Context) (PairScore, error) {
	var s PairScore
	idx := duplicate.NewMemory()
	var docs []*news.Document
	gold := map[news.ID]string{} // document to its original article
	err := readCorpus(ctx, func(d *news.Document, a corpus.Article) error {
		gold[d.ID] = a.ID
		if a.CopyOf != "" {
			gold[d.ID] = a.CopyOf
		}
		if _, err := idx.Add(ctx, duplicate.EntryOf(d)); err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return s, err
	}
	s.Documents = len(docs)
	group := func(d *news.Document) news.ID {
		if of := idx.Of(d.ID); of != "" {
			return of
		}
		return d.ID
	}
	for i, a := range docs {
		for _, b := range docs[i+1:] {
			s.pair(gold[a.ID] == gold[b.ID], group(a) == group(b), func() string {
				return fmt.Sprintf("%q and %q: similarity %.2f, containment %.2f", a.Title, b.Title,
					duplicate.Similarity(a.Fingerprint, b.Fingerprint), duplicate.Containment(a.Fingerprint, b.Fingerprint))
			})
		}
	}
	s.finish()
	return s, nil
}
