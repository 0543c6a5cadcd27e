package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/date"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// A Coder runs sentence splitting, actors, events and dates on one text.
type Coder struct {
	actors *actor.Finder
	events *event.Coder
}

// NewCoder builds the coder with the built-in lexicons.
func NewCoder() (*Coder, error) {
	f, err := actor.New(actor.Config{})
	if err != nil {
		return nil, err
	}
	c, err := event.New(event.DefaultConfig())
	if err != nil {
		return nil, err
	}
	return &Coder{actors: f, events: c}, nil
}

// Code returns text coded as a document published at published (zero if
// unknown).
func (c *Coder) Code(text string, published time.Time) *news.Document {
	doc := &news.Document{Text: text}
	if !published.IsZero() {
		doc.Published = news.Day(published)
	}
	doc.Layers.Add(news.LayerText)
	sentence.Split(doc)
	c.actors.Find(doc)
	c.events.Code(doc)
	date.Find(doc) // dates events, and makes the ones dated years back background
	return doc
}

// An EventItem is one gold-coded sentence: its text and the events it
// holds, each a PLOVER type with the countries (or international codes) of
// its source and target.
type EventItem struct {
	ID     string
	Text   string
	Events []GoldEvent
	Tags   []string // e.g. "iraq" for the theatre subset
}

// A GoldEvent is one expected coding.
type GoldEvent struct {
	Type           string
	Source, Target []string // three-letter country or international codes; empty if none
}

// PloverTypeOf maps the PLOVER revisions' older categories to the sixteen
// types sitrep codes: DEMAND became REQUEST, DISAPPROVE and INVESTIGATE
// became ACCUSE, and FIGHT joined ASSAULT (CAMEO2PLOVER-2021).
func PloverTypeOf(t string) string {
	switch t {
	case "DEMAND":
		return "REQUEST"
	case "DISAPPROVE", "INVESTIGATE":
		return "ACCUSE"
	case "FIGHT":
		return "ASSAULT"
	}
	return t
}

// LoadPloverGSR reads plover-gsr's PLOVER_GSR_CAMEO.json.
func LoadPloverGSR(dir string) ([]EventItem, error) {
	var raw []map[string]any
	if err := readJSON(filepath.Join(dir, "PLOVER_GSR_CAMEO.json"), &raw); err != nil {
		return nil, err
	}
	var out []EventItem
	for _, r := range raw {
		text, _ := r["text"].(string)
		typ, _ := r["event"].(string)
		if text == "" || typ == "" {
			continue
		}
		id, _ := r["id"].(string)
		out = append(out, EventItem{ID: id, Text: text, Events: []GoldEvent{{
			Type: PloverTypeOf(typ), Source: gsrCodes(r["source"]), Target: gsrCodes(r["target"]),
		}}})
	}
	return out, nil
}

func gsrCodes(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, a := range list {
		m, _ := a.(map[string]any)
		code, _ := m["code"].(string)
		if len(code) >= 3 {
			out = append(out, strings.ToUpper(code[:3]))
		}
	}
	return out
}

// CAMEOMap maps CAMEO event codes to PLOVER types, read from plover-gsr's
// CAMEO2PLOVER-2021.txt.
type CAMEOMap map[string]string

var cameoLine = regexp.MustCompile(`^(\d{2,4}):\s*([A-Z]+)`)

// LoadCAMEOMap reads the mapping table.
func LoadCAMEOMap(ploverDir string) (CAMEOMap, error) {
	f, err := os.Open(filepath.Join(ploverDir, "CAMEO2PLOVER-2021.txt"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := CAMEOMap{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if g := cameoLine.FindStringSubmatch(sc.Text()); g != nil {
			m[g[1]] = g[2]
		}
	}
	return m, sc.Err()
}

// Type returns the PLOVER type of a CAMEO code, trying shorter prefixes.
func (m CAMEOMap) Type(code string) string {
	for n := len(code); n >= 2; n-- {
		if t, ok := m[code[:n]]; ok {
			return PloverTypeOf(t)
		}
	}
	return ""
}

// LoadPetrarchGSR reads petrarch-validation's PETR2_GSR_validation.flat.jsonl,
// mapping CAMEO codes to PLOVER types; sentences coded "no event" have no
// events.
func LoadPetrarchGSR(dir string, m CAMEOMap) ([]EventItem, error) {
	f, err := os.Open(filepath.Join(dir, "PETR2_GSR_validation.flat.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []EventItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct {
			ID      string `json:"id"`
			Text    string `json:"text"`
			Codings []struct {
				Source, Target, Event string
			} `json:"codings"`
			Error bool `json:"expect_error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name(), err)
		}
		if r.Error {
			continue
		}
		it := EventItem{ID: r.ID, Text: r.Text}
		for _, c := range r.Codings {
			t := m.Type(c.Event)
			if t == "" {
				continue
			}
			g := GoldEvent{Type: t}
			if len(c.Source) >= 3 {
				g.Source = []string{c.Source[:3]}
			}
			if len(c.Target) >= 3 {
				g.Target = []string{c.Target[:3]}
			}
			it.Events = append(it.Events, g)
		}
		out = append(out, it)
	}
	return out, sc.Err()
}

// EventScore is how well the coder's top-level events match gold codings.
type EventScore struct {
	Sentences                int
	TP, FP, FN               int
	Precision, Recall, F1    float64
	SourceRight, SourceTotal int // gold events found, with a source: how many had a right country
	TargetRight, TargetTotal int
	PerType                  map[string][3]int // tp, fp, fn
	Misses                   []string          // a few examples, for the report
}

// SourceAccuracy is the share of found gold events with a source whose
// coded source has the right country.
func (s EventScore) SourceAccuracy() float64 { return ratio(s.SourceRight, s.SourceTotal) }

// TargetAccuracy is the same for targets.
func (s EventScore) TargetAccuracy() float64 { return ratio(s.TargetRight, s.TargetTotal) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ScoreEvents codes every item and compares the set of event types coded
// at the top level of each sentence (events not inside another's
// complement) with the gold set: micro precision, recall and F1 over
// (sentence, type) pairs. For each gold event whose type was found, the
// source (target) counts as right when a coded source (target) of an event
// of that type has one of the gold countries.
//
// With mainOnly, each sentence contributes only its main event (MainEvent). The
// gold sets code one event per sentence, the sentence's main point, while
// the coder codes every event a sentence reports; scoring both ways shows
// how much of the gap is extra (often real) events and how much is error.
//
// With plover, each event is scored by the type a PLOVER coder would give
// it (news.Event.PLOVERType: announced cooperation is AGREE, announced
// harm THREATEN, refused cooperation REJECT), since the gold sets fold how
// an event is reported into its type; without it, by sitrep's own type.
func ScoreEvents(c *Coder, items []EventItem, mainOnly, plover bool) EventScore {
	s := EventScore{PerType: map[string][3]int{}}
	for _, it := range items {
		s.Sentences++
		doc := c.Code(it.Text, time.Time{})
		pred := map[string][]news.Event{}
		best := -1
		if mainOnly {
			best = MainEvent(doc.Events)
		}
		for i := range doc.Events {
			e := &doc.Events[i]
			if e.Within >= 0 {
				continue
			}
			if plover {
				e.Type = e.PLOVERType()
			}
			if !mainOnly {
				pred[e.Type] = append(pred[e.Type], *e)
			}
		}
		if best >= 0 {
			pred[doc.Events[best].Type] = []news.Event{doc.Events[best]}
		}
		gold := map[string][]GoldEvent{}
		for _, g := range it.Events {
			gold[g.Type] = append(gold[g.Type], g)
		}
		for t := range pred {
			pt := s.PerType[t]
			if _, ok := gold[t]; ok {
				s.TP++
				pt[0]++
			} else {
				s.FP++
				pt[1]++
			}
			s.PerType[t] = pt
		}
		for t, gs := range gold {
			es, ok := pred[t]
			if !ok {
				s.FN++
				pt := s.PerType[t]
				pt[2]++
				s.PerType[t] = pt
				if len(s.Misses) < 400 {
					s.Misses = append(s.Misses, fmt.Sprintf("%s want %s: %s", it.ID, t, it.Text))
				}
				continue
			}
			for _, g := range gs {
				if len(g.Source) > 0 {
					s.SourceTotal++
					if anyCountry(doc, es, g.Source, true) {
						s.SourceRight++
					}
				}
				if len(g.Target) > 0 {
					s.TargetTotal++
					if anyCountry(doc, es, g.Target, false) {
						s.TargetRight++
					}
				}
			}
		}
	}
	s.Precision, s.Recall, s.F1 = prf(s.TP, s.FP, s.FN)
	return s
}

// MainEvent returns the index of the event that is most likely the main
// point of a one-sentence text: an event of the main clause, not within
// another's complement, of the highest confidence (the earliest on a tie);
// failing that, a subordinate one ("after the strike"). It returns -1 when
// the text has no top-level event.
func MainEvent(es []news.Event) int {
	best := -1
	for i, e := range es {
		if e.Within >= 0 {
			continue
		}
		if best < 0 || e.Subordinate != es[best].Subordinate && !e.Subordinate ||
			e.Subordinate == es[best].Subordinate && e.Confidence > es[best].Confidence {
			best = i
		}
	}
	return best
}

func anyCountry(doc *news.Document, es []news.Event, want []string, source bool) bool {
	for _, e := range es {
		ms := e.Target
		if source {
			ms = e.Source
		}
		for _, m := range ms {
			code := doc.Mentions[m].Code
			c := actordict.Country(code)
			if c == "" && doc.Mentions[m].Backer != "" {
				c = doc.Mentions[m].Backer
			}
			if slices.Contains(want, c) || slices.Contains(want, cameoCountry(c)) {
				return true
			}
		}
	}
	return false
}

// anySpan reports whether a coded source (target) of es overlaps one of
// the gold actor spans.
func anySpan(doc *news.Document, es []news.Event, want []news.Span, source bool) bool {
	for _, e := range es {
		ms := e.Target
		if source {
			ms = e.Source
		}
		for _, m := range ms {
			sp := doc.Mentions[m].Span
			for _, w := range want {
				if sp.Start < w.End && w.Start < sp.End {
					return true
				}
			}
		}
	}
	return false
}

// cameoCountry maps the few ISO codes CAMEO spells differently.
func cameoCountry(iso string) string {
	switch iso {
	case "JPN":
		return "JAP"
	case "DEU":
		return "GMY"
	case "PSE":
		return "PAL"
	}
	if strings.HasPrefix(iso, "IG") || strings.HasPrefix(iso, "NG") {
		return iso[:3]
	}
	return iso
}
