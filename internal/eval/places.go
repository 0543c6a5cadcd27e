package eval

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// A LocationItem is one event-location record: a sentence, the event's
// verb and the places (if any) where it happened.
type LocationItem struct {
	ID, Source string
	Text       string
	Verb       news.Span
	Gold       []news.Span
	Theatre    bool // about Iraq or Syria
	Relabeled  bool // in the set's re-labelled gold standard (source RELABEL)
}

// LoadHalterman reads event-location-halterman's labeled_text.compact.jsonl.
// Its offsets count characters; they become byte spans here.
func LoadHalterman(dir string) ([]LocationItem, error) {
	var out []LocationItem
	err := readLines(filepath.Join(dir, "labeled_text.compact.jsonl"), func(line []byte) error {
		var r struct {
			ID     any    `json:"_id"`
			Source string `json:"source"`
			Text   string `json:"text"`
			Spans  []struct {
				Label      string
				Start, End int
			} `json:"spans"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		it := LocationItem{ID: fmt.Sprint(r.ID), Source: r.Source, Text: r.Text, Verb: news.Span{Start: -1}}
		for _, s := range r.Spans {
			sp, ok := byteSpan(r.Text, s.Start, s.End)
			if !ok {
				return fmt.Errorf("%v: span %d-%d is off the text", r.ID, s.Start, s.End)
			}
			switch s.Label {
			case "VERB":
				it.Verb = sp
			case "LOCATION":
				// Many location spans (most of the re-labelled ones) count
				// tokens, not characters, with an inclusive end: read as
				// characters they are empty or cut to a letter or two
				// ("demonstrated in Rome" gives ""). Those are read as
				// token ranges over a tokenization like the annotation
				// tool's; one that still names no place is dropped.
				if !wordSpan(r.Text, sp) {
					sp, ok = tokenSpan(r.Text, s.Start, s.End)
				}
				if ok {
					it.Gold = append(it.Gold, sp)
				}
			}
		}
		if it.Verb.Start < 0 {
			return nil // no event to place
		}
		lower := strings.ToLower(r.Text)
		it.Relabeled = r.Source == "RELABEL"
		it.Theatre = r.Source == "Masdar_RA" || r.Source == "coalition" || strings.Contains(lower, "iraq") ||
			strings.Contains(lower, "syria") || strings.Contains(lower, "mosul") || strings.Contains(lower, "baghdad")
		out = append(out, it)
		return nil
	})
	return out, err
}

// wordSpan reports a span of at least three bytes that starts and ends at
// word boundaries and holds a letter.
func wordSpan(text string, sp news.Span) bool {
	if sp.End-sp.Start < 3 {
		return false
	}
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if r, _ := utf8.DecodeLastRuneInString(text[:sp.Start]); sp.Start > 0 && alnum(r) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[sp.End:]); sp.End < len(text) && alnum(r) {
		return false
	}
	return strings.IndexFunc(text[sp.Start:sp.End], unicode.IsLetter) >= 0
}

// annotationTokens approximates the annotation tool's tokenizer:
// initialisms ("U.S."), numbers with separators, clitics ("'s"), words,
// and each other mark on its own.
var annotationTokens = regexp.MustCompile(`(?:\p{Lu}\.){2,}|\d[\d,.]*\d|'\p{Ll}+|[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]`)

// tokenSpan reads first and last as an inclusive token range; it reports
// false unless the range starts with a capital letter, as a place name
// does.
func tokenSpan(text string, first, last int) (news.Span, bool) {
	toks := annotationTokens.FindAllStringIndex(text, -1)
	if first < 0 || last < first || last >= len(toks) {
		return news.Span{}, false
	}
	sp := news.Span{Start: toks[first][0], End: toks[last][1]}
	r, _ := utf8.DecodeRuneInString(text[sp.Start:])
	return sp, unicode.IsUpper(r)
}

// LocationScore is how often the place linked to an event is a gold one.
type LocationScore struct {
	Items, WithGold int
	Linked, Right   int // events given a place in their sentence; of those, overlapping a gold place
	Precision       float64
	Recall          float64 // Right / WithGold
	F1              float64
	// LinkedGold counts the events given a place that have a gold place:
	// Choice = Right / LinkedGold is how often the right one of the
	// sentence's places is picked when both say there is one, the task
	// the set's published model is scored on.
	LinkedGold int
	Choice     float64
	Errors     []string
}

// ScoreLocations places each record's verb with place.Link over the places
// the place stage finds in the sentence (after the actor stage and the
// event coder, as in the pipeline), and scores the choice against the
// gold locations: precision over the events given a place, recall over
// the events that have one. Only the records keep accepts count.
func ScoreLocations(items []LocationItem, f *place.Finder, keep func(LocationItem) bool) (LocationScore, error) {
	var s LocationScore
	a, err := actor.New(actor.Config{})
	if err != nil {
		return s, err
	}
	// The event coder runs too, as in the pipeline: it marks countries and
	// capitals named as places, which the place stage reads.
	c, err := event.New(event.DefaultConfig())
	if err != nil {
		return s, err
	}
	for _, it := range items {
		if !keep(it) {
			continue
		}
		s.Items++
		if len(it.Gold) > 0 {
			s.WithGold++
		}
		doc := &news.Document{Text: it.Text}
		doc.Layers.Add(news.LayerText)
		sentence.Split(doc)
		a.Find(doc)
		c.Code(doc)
		f.Find(doc)
		si := -1
		for i, sen := range doc.Sentences {
			if sen.Span.Start <= it.Verb.Start && it.Verb.End <= sen.Span.End {
				si = i
			}
		}
		pi := -1
		if si >= 0 {
			pi = place.Link(doc, si, it.Verb)
		}
		if pi < 0 {
			if len(it.Gold) > 0 && len(s.Errors) < 400 {
				s.Errors = append(s.Errors, fmt.Sprintf("%s: no place for %q; want %q: %s", it.ID, snippet(it.Text, it.Verb), snippet(it.Text, it.Gold[0]), it.Text))
			}
			continue
		}
		s.Linked++
		if len(it.Gold) > 0 {
			s.LinkedGold++
		}
		sp := doc.Places[pi].Span
		right := false
		for _, g := range it.Gold {
			if sp.Start < g.End && g.Start < sp.End {
				right = true
			}
		}
		if right {
			s.Right++
		} else if len(s.Errors) < 400 {
			want := "none"
			if len(it.Gold) > 0 {
				want = snippet(it.Text, it.Gold[0])
			}
			s.Errors = append(s.Errors, fmt.Sprintf("%s: %q placed at %q; want %q: %s", it.ID, snippet(it.Text, it.Verb), snippet(it.Text, sp), want, it.Text))
		}
	}
	s.Precision, s.Recall = ratio(s.Right, s.Linked), ratio(s.Right, s.WithGold)
	s.Choice = ratio(s.Right, s.LinkedGold)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s, nil
}

func snippet(text string, sp news.Span) string { return text[sp.Start:sp.End] }
