// Package event codes who did what to whom: it finds event triggers from
// the PLOVER trigger lexicon in each sentence, takes source and target
// actors from the clause around them (passives, appositions, coordination
// and "supported by" phrases included), and decides how the text reports
// each event: asserted, planned, possible, demanded, threatened, denied,
// conditional or long past, whether it is negated, and who claims it.
//
// The rules are written down in docs/events.md; each is a small function
// here, tested with the sentences in testdata.
package event

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// Config holds the stage's settings.
type Config struct {
	// Lexicons are extra trigger files (docs/lexicons.md) read after the
	// built-in ones.
	Lexicons []string `json:"lexicons"`
	// BackgroundYears is how many years before publication an event must be
	// dated to count as background.
	BackgroundYears int `json:"background_years"`
}

// DefaultConfig returns the settings the pipeline starts from.
func DefaultConfig() Config { return Config{BackgroundYears: 2} }

// Spec registers the stage.
var Spec = pipeline.Spec{
	Name:     "event",
	Requires: []news.Layer{news.LayerSentences, news.LayerActors},
	Provides: []news.Layer{news.LayerEvents},
	New: pipeline.Annotator(DefaultConfig(), func(cfg Config) (func(*news.Document), error) {
		c, err := New(cfg)
		if err != nil {
			return nil, err
		}
		return c.Code, nil
	}),
}

// A Coder codes events. It is safe for concurrent use.
type Coder struct {
	lex *Lexicon
	cfg Config
}

var (
	builtinOnce sync.Once
	builtinLex  *Lexicon
	builtinErr  error
)

// New builds a coder on the built-in trigger lexicon plus cfg.Lexicons.
func New(cfg Config) (*Coder, error) {
	builtinOnce.Do(func() {
		builtinLex = NewLexicon()
		builtinErr = builtinLex.LoadFS(Builtin, "lexicon")
	})
	if builtinErr != nil {
		return nil, fmt.Errorf("built-in trigger lexicon: %w", builtinErr)
	}
	lex := builtinLex
	if len(cfg.Lexicons) > 0 {
		lex = NewLexicon()
		if err := lex.LoadFS(Builtin, "lexicon"); err != nil {
			return nil, err
		}
		for _, name := range cfg.Lexicons {
			if err := lex.LoadFile(name); err != nil {
				return nil, fmt.Errorf("trigger lexicon %w", err)
			}
		}
	}
	if cfg.BackgroundYears <= 0 {
		cfg.BackgroundYears = DefaultConfig().BackgroundYears
	}
	return &Coder{lex: lex, cfg: cfg}, nil
}

// Lexicon returns the coder's trigger lexicon.
func (c *Coder) Lexicon() *Lexicon { return c.lex }

// Code fills doc.Events.
func (c *Coder) Code(doc *news.Document) {
	doc.Events = doc.Events[:0]
	var buf []string
	next := 0 // mentions are in sentence order: each sentence starts where the last stopped
	for si := range doc.Sentences {
		for next < len(doc.Mentions) && doc.Mentions[next].Sentence < si {
			next++
		}
		s := &sentence{doc: doc, index: si, span: doc.Sentences[si], published: doc.Published.Time, mentionFrom: next}
		buf = token.Norms(doc.Text, doc.Tokens[s.span.First:s.span.Last], buf)
		s.norms = buf
		c.codeSentence(s)
	}
	doc.Layers.Add(news.LayerEvents)
}

// Claimant returns who the text says reported what tokens [first, last) of
// sentence si state ("1,500 troops, the Pentagon said"), by the rules that
// give events their claimant; zero when the text states it in its own
// voice. The quantity stage uses it for the amounts people claim.
func Claimant(doc *news.Document, si, first, last int) news.Span {
	if si < 0 || si >= len(doc.Sentences) {
		return news.Span{}
	}
	s := &sentence{doc: doc, index: si, span: doc.Sentences[si], published: doc.Published.Time}
	s.norms = token.Norms(doc.Text, doc.Tokens[s.span.First:s.span.Last], nil)
	// Mentions come in sentence order (the coder relies on it too).
	for m := sort.Search(len(doc.Mentions), func(k int) bool { return doc.Mentions[k].Sentence >= si }); m < len(doc.Mentions) && doc.Mentions[m].Sentence == si; m++ {
		if !doc.Mentions[m].Place {
			s.mentions = append(s.mentions, m)
		}
	}
	return s.claimant(candidate{hit: hit{First: first, Last: last}}, s.speechFrames())
}

// A sentence holds what the coder works with while coding one sentence.
type sentence struct {
	doc         *news.Document
	index       int
	span        news.Sentence
	norms       []string // matching forms of the sentence's tokens, from span.First
	mentions    []int    // indexes into doc.Mentions of this sentence's actor mentions
	places      []int    // and of its countries and capitals named as places
	published   time.Time
	mentionFrom int // the first of doc.Mentions that may be in this sentence
	// isHeadline caches headline(): 0 unknown, 1 yes, -1 no.
	isHeadline int
}

// n returns the matching form of document token i.
func (s *sentence) n(i int) string {
	if i < s.span.First || i >= s.span.Last {
		return ""
	}
	return s.norms[i-s.span.First]
}

// w returns the text of document token i.
func (s *sentence) w(i int) string {
	t := s.doc.Tokens[i].Span
	return s.doc.Text[t.Start:t.End]
}

// mentionAt returns the index of the mention covering token i, or -1.
func (s *sentence) mentionAt(i int) int {
	for _, m := range s.mentions {
		if mm := s.doc.Mentions[m]; mm.First <= i && i < mm.Last {
			return m
		}
	}
	return -1
}
