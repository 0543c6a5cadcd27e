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
	leadWords        = 80 // words of the text that count beside the title
	probeTerms       = 8  // a document's rarest words that find candidate stories
)

// A Story is a group of documents about one development.
type Story struct {
	ID      string    // "s" and the first document's ID: stable as the story grows
	Title   string    // the title of the earliest published document
	First   time.Time // the earliest publication time among its documents; zero if none known
	Last    time.Time
	Members []news.ID
	sum     map[string]float64 // the members' vectors added up
	norm    float64            // |sum|, kept current
	// entities counts the members naming each entity.
	entities map[string]int
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
		if s.entities[e] > 0 {
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

// entityKey marks an entity among the words a story is found by.
const entityKey = "\x00"

// A Clusterer assigns documents to stories, in the order they come.
type Clusterer struct {
	Window    time.Duration // a document joins only stories active within this of its time
	Threshold float64       // least cosine to a story's centroid

	df      map[string]int // documents each word has been seen in
	docs    int
	stories []*Story
	byTerm  map[string][]int32 // word to the stories whose members use it
}

// New returns a Clusterer with the default window and threshold.
func New() *Clusterer {
	return &Clusterer{Window: DefaultWindow, Threshold: DefaultThreshold, df: map[string]int{}, byTerm: map[string][]int32{}}
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

// Add assigns a report to a story and returns it.
func (c *Clusterer) Add(r Report) *Story {
	id, title, published := r.ID, r.Title, r.Published
	terms := termsOf(title, r.Text)
	c.docs++
	for t := range terms {
		c.df[t]++
	}
	vec := c.weigh(terms)
	ents := map[string]bool{}
	for _, e := range r.Entities {
		ents[e] = true
	}
	best, score := -1, 0.0
	for _, si := range c.candidates(vec, ents, published) {
		s := c.stories[si]
		cs := cosine(vec, s.sum, s.norm) + EntityWeight*s.shared(ents)
		if cs > score {
			best, score = int(si), cs
		}
	}
	var s *Story
	if best >= 0 && score >= c.Threshold {
		s = c.stories[best]
	} else {
		s = &Story{ID: "s" + string(id), Title: title, sum: map[string]float64{}}
		c.stories = append(c.stories, s)
		best = len(c.stories) - 1
	}
	s.Members = append(s.Members, id)
	if !published.IsZero() {
		if s.First.IsZero() || published.Before(s.First) {
			s.First = published
			if title != "" {
				s.Title = title
			}
		}
		if published.After(s.Last) {
			s.Last = published
		}
	}
	for t, w := range vec {
		if s.sum[t] == 0 {
			c.byTerm[t] = append(c.byTerm[t], int32(best))
		}
		s.sum[t] += w
	}
	if s.entities == nil {
		s.entities = map[string]int{}
	}
	for e := range ents {
		if s.entities[e] == 0 {
			c.byTerm[entityKey+e] = append(c.byTerm[entityKey+e], int32(best))
		}
		s.entities[e]++
	}
	s.norm = 0
	for _, w := range s.sum {
		s.norm += w * w
	}
	s.norm = math.Sqrt(s.norm)
	return s
}

// Stories returns the stories so far, in the order they started.
func (c *Clusterer) Stories() []*Story { return c.stories }

// candidates returns the stories that share one of the vector's rarest
// words that earlier documents used, and are active within the window of
// published.
func (c *Clusterer) candidates(vec map[string]float64, ents map[string]bool, published time.Time) []int32 {
	terms := make([]string, 0, len(vec))
	for t := range vec {
		if c.df[t] > 1 { // a word no earlier document used finds nothing
			terms = append(terms, t)
		}
	}
	// The rarest first: a story's names and key words, not "said".
	slices.SortFunc(terms, func(a, b string) int {
		if c.df[a] != c.df[b] {
			return c.df[a] - c.df[b]
		}
		return strings.Compare(a, b)
	})
	probes := terms[:min(probeTerms, len(terms))]
	for e := range ents {
		probes = append(probes, entityKey+e)
	}
	var out []int32
	for _, t := range probes {
		for _, si := range c.byTerm[t] {
			s := c.stories[si]
			if !published.IsZero() && !s.Last.IsZero() &&
				(published.Sub(s.Last) > c.Window || s.First.Sub(published) > c.Window) {
				continue
			}
			out = append(out, si)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// weigh turns term counts into a unit TF-IDF vector.
func (c *Clusterer) weigh(terms map[string]float64) map[string]float64 {
	vec := make(map[string]float64, len(terms))
	norm := 0.0
	for t, tf := range terms {
		idf := math.Log(float64(c.docs+1)/float64(c.df[t]+1)) + 1
		w := (1 + math.Log(tf)) * idf
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
