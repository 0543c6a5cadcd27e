package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
)

// storedText is the first stage of the reader's pipeline: the store keeps
// a document's text, so extraction is done and the text layer is there.
var storedText = pipeline.Spec{
	Name:     "stored",
	Provides: []news.Layer{news.LayerText},
	New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
		return pipeline.StageFunc(func(context.Context, *news.Document) error { return nil }), nil
	},
}

// newReader builds the pipeline that annotates a stored document for the
// reader: the built-in stages after extraction, over its stored text. The
// text never changes, so the spans it finds are the stored events' own
// (unless the lexicons changed since it was ingested).
func newReader(settings pipeline.Settings) (*pipeline.Pipeline, error) {
	specs := []pipeline.Spec{storedText}
	for _, s := range stages.Builtin {
		// Extraction is done, and copies are the store's business.
		if s.Name != "extract" && s.Name != "fingerprint" {
			specs = append(specs, s)
		}
	}
	return pipeline.New(specs, settings, pipeline.Env{})
}

// A Highlight is a stretch of a document's text the pipeline read as
// something: an actor, a place, a date, an amount or an event's trigger.
// Start and End are byte offsets into the text, as everywhere in sitrep;
// From and To the same in UTF-16 code units, as browsers count.
type Highlight struct {
	Kind       string `json:"kind"` // actor, place, date, quantity or trigger
	Start, End int    `json:"-"`
	Span       [2]int `json:"span"`
	UTF16      [2]int `json:"utf16"`
	Label      string `json:"label"`           // what it was read as: "IRQMIL Iraqi army", "ASSAULT (asserted)"
	Event      *int   `json:"event,omitempty"` // for a trigger, its index among the document's events
}

// highlights lists what the pipeline found in d, in order of the text.
func highlights(d *news.Document) []Highlight {
	var out []Highlight
	add := func(kind string, sp news.Span, label string) bool {
		if sp.End <= sp.Start || !d.ValidSpan(sp) {
			return false
		}
		out = append(out, Highlight{Kind: kind, Start: sp.Start, End: sp.End, Label: label})
		return true
	}
	for _, m := range d.Mentions {
		add("actor", m.Span, strings.TrimSpace(m.Code+" "+m.Name))
	}
	for _, p := range d.Places {
		label := p.Place.Name
		if p.Place.Precision != "" {
			label += " (" + p.Place.Precision + ")"
		}
		add("place", p.Span, label)
	}
	for _, t := range d.Times {
		add("date", t.Span, t.Value)
	}
	for _, q := range d.Quantities {
		add("quantity", q.Span, strings.TrimSpace(fmt.Sprintf("%g %s", q.Value, q.Unit)))
	}
	for i, e := range d.Events {
		label := e.PLOVERType() + " (" + string(e.Modality)
		if e.Negated {
			label += ", negated"
		}
		if add("trigger", e.Trigger, label+")") {
			out[len(out)-1].Event = &i
		}
	}
	slices.SortStableFunc(out, func(a, b Highlight) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End // the wider first, so nesting reads outside in
	})
	// Byte offsets to UTF-16 offsets, in one pass over the text.
	points := make([]int, 0, 2*len(out))
	for _, h := range out {
		points = append(points, h.Start, h.End)
	}
	slices.Sort(points)
	at := map[int]int{}
	u16, b := 0, 0
	for _, p := range points {
		for b < p && b < len(d.Text) {
			r, size := utf8.DecodeRuneInString(d.Text[b:])
			b += size
			u16++
			if r >= 0x10000 {
				u16++
			}
		}
		at[p] = u16
	}
	for i := range out {
		out[i].Span = [2]int{out[i].Start, out[i].End}
		out[i].UTF16 = [2]int{at[out[i].Start], at[out[i].End]}
	}
	return out
}
