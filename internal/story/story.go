// Package story groups documents that report one development in their own
// words: the wire story, the rewrite, the follow-up of the same day. It
// works incrementally, a document at a time, so a story keeps its ID as
// documents arrive and nothing is recomputed.
//
// A document is its title and lead (the first words of its text) as a
// TF-IDF vector over content words, the document frequencies learnt from
// the documents seen so far. It joins the story, among those active within
// the time window that share one of its rarest words, whose centroid it is
// closest to by cosine, when that is at least the threshold; otherwise it
// starts a story of its own.
package story

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// Defaults, chosen before measuring (see the README): a development is
// reported within a few days, and the lead of two reports of it shares
// its names and key words.
const (
	DefaultWindow    = 72 * time.Hour
	DefaultThreshold = 0.3
	leadWords        = 40 // words of the text that count beside the title
	probeTerms       = 8  // a document's rarest words that find candidate stories
	keyTerms         = 16 // a document's rarest words its story is found by
	// MaxCandidates bounds the stories a report is compared with: those
	// sharing most of its rarest words and entities. A crowd of stories
	// sharing one common word costs no more than a few.
	MaxCandidates = 8
	// MaxSpan bounds how long after its first report a story takes new
	// ones: a development is reported within days, and a story that kept
	// taking the next day's similar report would snowball into a theatre's
	// whole coverage (generated articles on one vocabulary all became one
	// story before this bound).
	MaxSpan = 14 * 24 * time.Hour
)

// A Story is a group of documents about one development.
type Story struct {
	ID    string    // "s" and the first document's ID: stable as the story grows
	Title string    // the title of the earliest published document
	First time.Time // the earliest publication time among its documents; zero if none known
	Last  time.Time
	Size  int // documents in it
	// Sum is its members' unit TF-IDF vectors added up, and Entities how
	// many members name each entity: what a report is compared with. An
	// Index keeps them.
	Sum      map[string]float64
	Entities map[string]int
}

// norm returns |Sum|.
func (s *Story) norm() float64 {
	n := 0.0
	for _, w := range s.Sum {
		n += w * w
	}
	return math.Sqrt(n)
}

// shared is the share of a report's entities that the story's members
// name; nothing when the report names places and the story none of them.
// Actors and kinds of event recur across a theatre's stories (Islamic
// State takes Mosul one day and Tikrit the next): alone they join nothing.
func (s *Story) shared(ents map[string]bool) float64 {
	if len(ents) == 0 {
		return 0
	}
	n, places, placesShared := 0, 0, 0
	for e := range ents {
		isPlace := strings.HasPrefix(e, "place:")
		if isPlace {
			places++
		}
		if s.Entities[e] > 0 {
			n++
			if isPlace {
				placesShared++
			}
		}
	}
	if places > 0 && placesShared == 0 {
		return 0
	}
	return float64(n) / float64(len(ents))
}

// EntityKey marks an entity among the keys a story is found by, so that
// an entity never meets a word.
const EntityKey = "\x00"

// An Index keeps what a Clusterer has learnt: how many documents used each
// word, and the stories with the keys they are found by. The Clusterer
// calls it one report at a time; Memory keeps it in memory and the store
// in its database, so that stories outlive the process.
type Index interface {
	// Learn counts one more document using each of words (each once) and
	// returns how many documents, this one included, have used each, and
	// how many documents there have been.
	Learn(ctx context.Context, words []string) (df []int, docs int, err error)
	// Candidates returns the stories found under any of keys that were
	// active within window of t: a story whose First to Last lies more
	// than window away from t is left out. A zero t leaves none out. At
	// most MaxCandidates are returned: those found under the most keys
	// (ties: by ID).
	Candidates(ctx context.Context, keys []string, t time.Time, window time.Duration) ([]*Story, error)
	// Get returns the story with the given ID, or nil when there is none.
	Get(ctx context.Context, id string) (*Story, error)
	// Save records s as it is after a report joined it or started it,
	// found from now on also under keys, at the report's time t.
	Save(ctx context.Context, s *Story, keys []string, t time.Time) error
}

// A Clusterer assigns documents to stories, in the order they come.
type Clusterer struct {
	Window    time.Duration // a document joins only stories active within this of its time
	Threshold float64       // least score against a story to join it
	Index     Index
}

// New returns a Clusterer with the default window and threshold over a
// new Memory index.
func New() *Clusterer {
	return &Clusterer{Window: DefaultWindow, Threshold: DefaultThreshold, Index: NewMemory()}
}

// A Report is what the clusterer reads of a document.
type Report struct {
	ID          news.ID
	Title, Text string
	Published   time.Time // zero if unknown: compared with stories whatever their time
	// Entities are what the pipeline read from the document (EntitiesOf):
	// where, who and what happened. Reports in other words share them
	// when they share few words.
	Entities []string
}

// EntityWeight is how much a report's entities all found in a story add
// to its text's cosine with the story.
const EntityWeight = 0.3

// Add assigns a report to a story, records it in the index and returns
// the story.
func (c *Clusterer) Add(ctx context.Context, r Report) (*Story, error) {
	terms := termsOf(r.Title, r.Text)
	words := make([]string, 0, len(terms))
	for t := range terms {
		words = append(words, t)
	}
	slices.Sort(words) // the same report always learns and probes alike
	df, docs, err := c.Index.Learn(ctx, words)
	if err != nil {
		return nil, err
	}
	vec := weigh(terms, words, df, docs)
	ents := map[string]bool{}
	for _, e := range r.Entities {
		ents[e] = true
	}
	probes, keys := keysOf(words, df, ents)
	cands, err := c.Index.Candidates(ctx, probes, r.Published, c.Window)
	if err != nil {
		return nil, err
	}
	var s *Story
	score := 0.0
	for _, cand := range cands {
		if !r.Published.IsZero() && !cand.First.IsZero() && r.Published.Sub(cand.First) > MaxSpan {
			continue
		}
		cs := cosine(vec, cand.Sum, cand.norm()) + EntityWeight*cand.shared(ents)
		if cs > score || cs == score && s != nil && cand.ID < s.ID {
			s, score = cand, cs
		}
	}
	if s == nil || score < c.Threshold {
		s = &Story{ID: "s" + string(r.ID), Title: r.Title}
	}
	s.join(r, vec, ents)
	return s, c.Index.Save(ctx, s, keys, r.Published)
}

// AddTo puts a report in the story with the given ID, as a copy of a
// document in it is: its words are neither learnt nor compared, since
// they are another's. It starts the story when there is none.
func (c *Clusterer) AddTo(ctx context.Context, r Report, id string) (*Story, error) {
	s, err := c.Index.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.Add(ctx, r)
	}
	s.join(r, nil, nil)
	return s, c.Index.Save(ctx, s, nil, r.Published)
}

// join adds a report with its unit vector and entities to s.
func (s *Story) join(r Report, vec map[string]float64, ents map[string]bool) {
	s.Size++
	if !r.Published.IsZero() {
		if s.First.IsZero() || r.Published.Before(s.First) {
			s.First = r.Published
			if r.Title != "" {
				s.Title = r.Title
			}
		}
		if r.Published.After(s.Last) {
			s.Last = r.Published
		}
	}
	if s.Sum == nil {
		s.Sum = map[string]float64{}
	}
	for t, w := range vec {
		s.Sum[t] += w
	}
	if len(s.Sum) > maxCentroid {
		s.prune()
	}
	if s.Entities == nil {
		s.Entities = map[string]int{}
	}
	for e := range ents {
		s.Entities[e]++
	}
}

// maxCentroid bounds the words a story's centroid keeps: a story of
// thousands of reports keeps the words they share, not every name each
// one adds, so comparing with it and storing it cost the same as for a
// story of dozens.
const maxCentroid = 400

// prune keeps the heaviest three quarters of maxCentroid words of the
// centroid (ties by word, so that it is deterministic).
func (s *Story) prune() {
	words := make([]string, 0, len(s.Sum))
	for w := range s.Sum {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		if s.Sum[a] != s.Sum[b] {
			if s.Sum[a] > s.Sum[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, w := range words[maxCentroid*3/4:] {
		delete(s.Sum, w)
	}
}

// keysOf returns what a report looks for its story by, its probes, and
// what its story is found by from now on, its keys: its rarest words (its
// names and key words, not "said") and its entities. A word no earlier
// document used finds nothing, so probes are the rarest of the others.
func keysOf(words []string, df []int, ents map[string]bool) (probes, keys []string) {
	idx := make([]int, len(words))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return df[a] - df[b] })
	for _, i := range idx {
		if len(keys) < keyTerms {
			keys = append(keys, words[i])
		}
		if df[i] > 1 && len(probes) < probeTerms {
			probes = append(probes, words[i])
		}
	}
	var es []string
	for e := range ents {
		es = append(es, EntityKey+e)
	}
	slices.Sort(es)
	return append(probes, es...), append(keys, es...)
}

// weigh turns term counts into a unit TF-IDF vector; df holds the
// document frequencies of words, in order.
func weigh(terms map[string]float64, words []string, df []int, docs int) map[string]float64 {
	vec := make(map[string]float64, len(terms))
	norm := 0.0
	for i, t := range words {
		idf := math.Log(float64(docs+1)/float64(df[i]+1)) + 1
		w := (1 + math.Log(terms[t])) * idf
		vec[t] = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for t := range vec {
		vec[t] /= norm
	}
	return vec
}

func cosine(unit, sum map[string]float64, norm float64) float64 {
	if norm == 0 {
		return 0
	}
	dot := 0.0
	for t, w := range unit {
		dot += w * sum[t]
	}
	return dot / norm
}

// termsOf counts the content words of a title (which counts twice) and the
// lead of a text.
func termsOf(title, text string) map[string]float64 {
	terms := map[string]float64{}
	add := func(s string, weight float64, limit int) {
		n := 0
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
			if n == limit {
				return
			}
			n++
			if stopwords[w] || len([]rune(w)) < 3 && !strings.ContainsAny(w, "0123456789") {
				continue // a function word; but "K1" and "F-16"'s "16" stay
			}
			terms[stem(w)] += weight
		}
	}
	add(title, 2, -1)
	add(text, 1, leadWords)
	return terms
}

// stopwords are English function words and the words of news reporting
// itself, which say nothing of what happened.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for that with was were are has have had not but from this they their
		its his her him she you your our out who whom whose which what when where why how all any can could would
		should will shall may might must been being into onto over under than then there these those here also only
		just more most much many some such very about after again against before between both each few other same
		own off per via while during through until upon within without because since yet nor one two three said says
		say told tells according reported reports report news new week year years day days monday tuesday wednesday
		thursday friday saturday sunday percent people time last first did does doing made make makes like well
		get got back now still even ago later earlier today yesterday tomorrow mr mrs ms`) {
		m[w] = true
	}
	return m
}()

// stem cuts the commonest English endings so that "rockets" meets
// "rocket" and "killed" meets "killing": crude, but only the same word's
// forms need to meet, not a dictionary's stems.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) && !strings.HasSuffix(w, "ss") {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// EntitiesOf returns what the pipeline read of a document that says which
// development it reports: the towns and sites its events happened at, the
// actors it names (by code), and the types of the events it asserts.
// Countries and regions are left out: they are shared by most stories of
// a theatre.
func EntitiesOf(d *news.Document) []string {
	seen := map[string]bool{}
	var out []string
	add := func(e string) {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, pm := range d.Places {
		if !pm.Actor && (pm.Place.Precision == "point" || pm.Place.Precision == "district") {
			add("place:" + pm.Place.Name)
		}
	}
	for _, m := range d.Mentions {
		if !m.Place && len(m.Code) > 3 {
			add("actor:" + m.Code)
		}
	}
	for _, e := range d.Events {
		if e.Modality == news.Asserted && !e.Negated {
			add("event:" + e.PLOVERType())
		}
	}
	return out
}
