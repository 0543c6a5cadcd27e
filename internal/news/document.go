// Package news defines the document the pipeline works on and the
// annotations its stages attach to it. It imports only the standard library,
// so every stage, the store and the command line can share it.
package news

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"unicode/utf8"
)

// An ID names a document. It is derived from the document's URL and the hash
// of its raw content, so the same input always gets the same ID, whether it
// is extracted without a database or stored.
type ID string

// A Format says how a document's raw content is to be read.
type Format string

// The formats a source can hand to the pipeline.
const (
	FormatHTML Format = "html"
	FormatText Format = "text"
)

// A Document is one news item and everything the pipeline has learned about
// it. Sources fill the input fields; the extract stage fills Text once and
// never changes it, so every Span stays valid for the life of the document.
// Later stages add annotations.
//
// A Document is not safe for concurrent use; the pipeline hands each one to
// a single worker at a time.
type Document struct {
	// Input fields, set by the source.
	ID     ID
	Input  string // where it came from, for reports: "pages/a.html", "feed.jsonl:17", "-"
	Format Format
	Raw    []byte // the content as read: HTML or plain text, UTF-8 or not
	Hash   string // hex SHA-256 of Raw; with URL, the document's identity

	// Metadata. A source sets what its input declares (a JSONL line's title,
	// say); extraction fills in only what is still empty.
	URL       string
	Title     string
	Published Date   // zero if unknown
	Source    string // the outlet or feed, e.g. "Tigris Wire"
	Authors   []string
	Language  string // ISO 639-1, e.g. "en"; empty if unknown

	// Text is the clean main text, paragraphs separated by "\n\n". Set by
	// the extract stage; all Spans index into it.
	Text string
	// Links are the other stories the page pointed to (related-headline
	// lists), removed from Text but kept here.
	Links []Link

	// Annotations, each filled by the stage that provides its layer.
	Tokens    []Token    // LayerSentences
	Sentences []Sentence // LayerSentences
	// Datelines are the "BAGHDAD (Reuters) -" openings the sentence stage
	// leaves out of sentences: where the report was filed.
	Datelines  []Sentence     // LayerSentences
	Mentions   []Mention      // LayerActors
	Events     []Event        // LayerEvents
	Quantities []Quantity     // LayerQuantities
	Times      []Timex        // LayerTimes
	Places     []PlaceMention // LayerPlaces
	// Focus is the place the document is about (its most named country),
	// which places events whose sentence names none; zero if unknown.
	Focus Place // LayerPlaces
	// Fingerprint summarises the text for finding copies of it.
	Fingerprint Fingerprint // LayerFingerprint
	// DuplicateOf is the earliest copy of this document's text the batch or
	// the store holds, when this is a later one; set by the writer.
	DuplicateOf ID
	// Story is the story the document belongs to (reports of one
	// development, in their own words); set by the writer of sitrep
	// extract over its batch.
	Story string

	Layers   LayerSet  // which annotation layers are filled
	Problems []Problem // non-fatal trouble, in stage order
}

// A Link is another story that a document pointed to.
type Link struct {
	URL  string `json:"url,omitempty"` // absolute; empty when the input gave only a headline
	Text string `json:"text"`          // the headline as shown
}

// A Span is a half-open byte range [Start, End) in Document.Text.
type Span struct{ Start, End int }

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Gap returns the number of bytes between two spans, 0 when they touch or
// overlap.
func (s Span) Gap(o Span) int {
	switch {
	case s.End <= o.Start:
		return o.Start - s.End
	case o.End <= s.Start:
		return s.Start - o.End
	}
	return 0
}

// A Problem is non-fatal trouble a stage met with one document.
type Problem struct {
	Stage   string `json:"stage"`
	Message string `json:"message"`
}

// NewDocument returns a document for raw content read from input, with its
// hash and ID set.
func NewDocument(input string, format Format, url string, raw []byte) *Document {
	sum := sha256.Sum256(raw)
	d := &Document{Input: input, Format: format, URL: url, Raw: raw, Hash: hex.EncodeToString(sum[:])}
	d.ID = MakeID(url, d.Hash)
	return d
}

// MakeID returns the ID of the document with this URL and content hash.
// Sixteen hex digits (64 bits) keep IDs short enough to type while making a
// collision among millions of documents vanishingly unlikely.
func MakeID(url, hash string) ID {
	sum := sha256.Sum256([]byte(url + "\x00" + hash))
	return ID(hex.EncodeToString(sum[:8]))
}

// Problemf records a non-fatal problem found by stage.
func (d *Document) Problemf(stage, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Stage: stage, Message: fmt.Sprintf(format, args...)})
}

// Snippet returns the text of span s.
func (d *Document) Snippet(s Span) string { return d.Text[s.Start:s.End] }

// Validate checks the document's invariants: the text is valid UTF-8 and
// every filled layer is consistent with it. Tests and fuzzers call it after
// every stage; the runner calls it in strict mode.
func (d *Document) Validate() error {
	if d.Layers.Has(LayerText) {
		if !utf8.ValidString(d.Text) {
			return fmt.Errorf("document %s: text is not valid UTF-8", d.ID)
		}
		if !utf8.ValidString(d.Title) {
			return fmt.Errorf("document %s: title is not valid UTF-8", d.ID)
		}
	}
	if err := d.validateAnnotations(); err != nil {
		return fmt.Errorf("document %s: %w", d.ID, err)
	}
	return nil
}

// validateAnnotations checks that every span lies on the text and every
// index points at something: tokens and sentences in order and not
// overlapping, mentions and events inside their sentences.
func (d *Document) validateAnnotations() error {
	end := 0
	for i, t := range d.Tokens {
		if !d.ValidSpan(t.Span) || t.Span.Len() == 0 || t.Span.Start < end {
			return fmt.Errorf("token %d %v is out of order or off the text", i, t.Span)
		}
		end = t.Span.End
	}
	end = 0
	last := 0
	for i, s := range d.Sentences {
		if !d.ValidSpan(s.Span) || s.Span.Start < end || s.First < last || s.Last < s.First || s.Last > len(d.Tokens) {
			return fmt.Errorf("sentence %d %v is out of order or off the text", i, s.Span)
		}
		if s.First < s.Last && (d.Tokens[s.First].Span.Start < s.Span.Start || d.Tokens[s.Last-1].Span.End > s.Span.End) {
			return fmt.Errorf("sentence %d %v does not hold its tokens", i, s.Span)
		}
		end, last = s.Span.End, s.Last
	}
	for i, m := range d.Mentions {
		if m.Sentence < 0 || m.Sentence >= len(d.Sentences) || !d.ValidSpan(m.Span) || !inside(m.Span, d.Sentences[m.Sentence].Span) {
			return fmt.Errorf("mention %d %v is not inside its sentence", i, m.Span)
		}
	}
	for i, e := range d.Events {
		if e.Sentence < 0 || e.Sentence >= len(d.Sentences) || !d.ValidSpan(e.Trigger) || !inside(e.Trigger, d.Sentences[e.Sentence].Span) {
			return fmt.Errorf("event %d trigger %v is not inside its sentence", i, e.Trigger)
		}
		for _, m := range append(append([]int(nil), e.Source...), e.Target...) {
			if m < 0 || m >= len(d.Mentions) {
				return fmt.Errorf("event %d names mention %d of %d", i, m, len(d.Mentions))
			}
		}
		if e.Within < -1 || e.Within >= len(d.Events) || e.Within == i {
			return fmt.Errorf("event %d is within event %d of %d", i, e.Within, len(d.Events))
		}
		if e.Claimant != (Span{}) && !d.ValidSpan(e.Claimant) {
			return fmt.Errorf("event %d claimant %v is off the text", i, e.Claimant)
		}
	}
	for i, tx := range d.Times {
		inDateline := false
		for _, dl := range d.Datelines {
			inDateline = inDateline || inside(tx.Span, dl.Span)
		}
		if tx.Sentence == -1 && inDateline && d.ValidSpan(tx.Span) {
			continue
		}
		if tx.Sentence < 0 || tx.Sentence >= len(d.Sentences) || !d.ValidSpan(tx.Span) || !inside(tx.Span, d.Sentences[tx.Sentence].Span) {
			return fmt.Errorf("time %d %v is not inside its sentence", i, tx.Span)
		}
		for _, e := range tx.Events {
			if e < 0 || e >= len(d.Events) {
				return fmt.Errorf("time %d dates event %d of %d", i, e, len(d.Events))
			}
		}
	}
	for i, pm := range d.Places {
		if pm.Sentence < 0 || pm.Sentence >= len(d.Sentences) || !d.ValidSpan(pm.Span) || !inside(pm.Span, d.Sentences[pm.Sentence].Span) {
			return fmt.Errorf("place %d %v is not inside its sentence", i, pm.Span)
		}
		for _, e := range pm.Events {
			if e < 0 || e >= len(d.Events) {
				return fmt.Errorf("place %d places event %d of %d", i, e, len(d.Events))
			}
		}
	}
	for i, q := range d.Quantities {
		if q.Sentence < 0 || q.Sentence >= len(d.Sentences) || !d.ValidSpan(q.Span) || !inside(q.Span, d.Sentences[q.Sentence].Span) {
			return fmt.Errorf("quantity %d %v is not inside its sentence", i, q.Span)
		}
		if q.Claimant != (Span{}) && !d.ValidSpan(q.Claimant) {
			return fmt.Errorf("quantity %d claimant %v is off the text", i, q.Claimant)
		}
		if q.Event < -1 || q.Event >= len(d.Events) || (q.Event >= 0) != (q.Role != "") {
			return fmt.Errorf("quantity %d measures event %d of %d as %q", i, q.Event, len(d.Events), q.Role)
		}
		if math.IsNaN(q.Value) || math.IsNaN(q.Low) || math.IsNaN(q.High) || q.Low > q.High {
			return fmt.Errorf("quantity %d has value %v in [%v, %v]", i, q.Value, q.Low, q.High)
		}
	}
	return nil
}

func inside(s, outer Span) bool { return s.Start >= outer.Start && s.End <= outer.End }

// ValidSpan reports whether s lies inside Text on rune boundaries.
func (d *Document) ValidSpan(s Span) bool {
	if s.Start < 0 || s.End < s.Start || s.End > len(d.Text) {
		return false
	}
	return (s.Start == len(d.Text) || utf8.RuneStart(d.Text[s.Start])) &&
		(s.End == len(d.Text) || utf8.RuneStart(d.Text[s.End]))
}

// FingerprintHashes is the number of MinHash values in a Fingerprint.
const FingerprintHashes = 64

// A Fingerprint summarises a document's text so that copies of it can be
// found among millions without comparing texts: MinHash values over its
// word shingles (an estimate of how many shingles two texts share), the
// hash of its whole normalised text, and the hash of its normalised title.
type Fingerprint struct {
	Min       [FingerprintHashes]uint32
	Shingles  int    // how many distinct shingles the text has; 0: no fingerprint
	Exact     uint64 // the normalised text's hash
	Title     uint64 // the normalised title's hash; 0 without a title
	TitleOnly bool   // the document is a headline without a body (a feed entry, a list item)
}
