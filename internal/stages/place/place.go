// Package place finds the places a document names, resolves each name to
// one gazetteer entry, and places each event: at the place its sentence
// names nearest the trigger (a city before a country, a name after "in",
// "near" or "south of" before a bare one), else at the document's focus
// country.
//
// A name several places share ("Hit" the town and the district, two
// villages of one name) resolves to the one in the document's focus
// country, then the more prominent. A name that stands for a government
// ("Baghdad said") is kept as a mention but places nothing. The rules are
// in docs/places.md.
package place

import (
	"context"
	"math"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/names"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Config holds the stage's settings.
type Config struct {
	// Gazetteers are extra place files (docs/lexicons.md) read after the
	// built-in ones.
	Gazetteers []string `json:"gazetteers"`
}

// Spec registers the stage. It runs after the event coder, to place
// events, and uses the actor mentions to tell a capital that speaks from a
// capital that is a place.
var Spec = pipeline.Spec{
	Name:     "place",
	Requires: []news.Layer{news.LayerSentences, news.LayerActors, news.LayerEvents},
	Provides: []news.Layer{news.LayerPlaces},
	New: func(_ pipeline.Env, decode func(any) error) (pipeline.Stage, error) {
		var cfg Config
		if err := decode(&cfg); err != nil {
			return nil, err
		}
		f, err := New(cfg)
		if err != nil {
			return nil, err
		}
		return pipeline.StageFunc(func(_ context.Context, doc *news.Document) error {
			f.Find(doc)
			return nil
		}), nil
	},
}

// A Finder finds and resolves places. It is safe for concurrent use.
type Finder struct {
	gaz  *gazetteer.Gazetteer
	dict *actordict.Dict // for country adjectives
}

// New builds a Finder on the built-in gazetteer, or, with extra files, on
// a copy with them added.
func New(cfg Config) (*Finder, error) {
	g, err := gazetteer.Builtin()
	if err != nil {
		return nil, err
	}
	if len(cfg.Gazetteers) > 0 {
		own := gazetteer.New()
		for _, p := range g.Places {
			own.Add(p)
		}
		for _, f := range cfg.Gazetteers {
			if err := own.LoadFile(f); err != nil {
				return nil, err
			}
		}
		g = own
	}
	d, err := actordict.Builtin()
	if err != nil {
		return nil, err
	}
	return &Finder{gaz: g, dict: d}, nil
}

// Find sets doc.Places and doc.Focus and places doc's events.
func (f *Finder) Find(doc *news.Document) {
	doc.Places = doc.Places[:0]
	doc.Focus = news.Place{}
	t := names.NewText(doc.Text, doc.Tokens)
	type found struct {
		mention news.PlaceMention
		cands   []*gazetteer.Place
	}
	var all []found
	for si, s := range doc.Sentences {
		for i := s.First; i < s.Last; {
			cands, last := f.gaz.Match(t.Upto(s.Last), i)
			if len(cands) == 0 || last == i+1 && f.dict.Adjective(t.Upto(s.Last), i) != "" {
				i++ // "Canadian" is the country's adjective, not the Texan town
				continue
			}
			m := news.PlaceMention{Sentence: si, First: i, Last: last,
				Span:     news.Span{Start: doc.Tokens[i].Span.Start, End: doc.Tokens[last-1].Span.End},
				Relation: relation(t, s, i), Actor: speaks(doc, i, last)}
			all = append(all, found{m, cands})
			i = last
		}
	}
	// The focus country: the one most places name, actors' countries
	// breaking ties. A document that names no place has none: "The
	// Pentagon may send troops" happens nowhere the text says.
	votes := map[string]int{}
	for _, a := range all {
		if len(a.cands) == 1 {
			votes[a.cands[0].Country] += 10
		} else {
			// A shared name votes for its most prominent reading only: the
			// many small American towns called Athens must not make a
			// story about Greece American.
			votes[Choose(a.cands, "").Country] += 3
		}
	}
	// A dateline ("MOSUL, Iraq (AP) -") says where the report was filed:
	// the strongest sign of what country it is about.
	for _, dl := range doc.Datelines {
		for i := dl.First; i < dl.Last; {
			cands, last := f.gaz.Match(t.Upto(dl.Last), i)
			if len(cands) == 0 {
				i++
				continue
			}
			votes[Choose(cands, "").Country] += 20
			i = last
		}
	}
	if len(all) > 0 {
		for _, m := range doc.Mentions {
			if c := actordict.Country(m.Code); len(c) == 3 && c != "---" && c != "IGO" && c != "NGO" && c != "IMG" && c != "MNC" {
				votes[c]++
			}
		}
	}
	focus := Focus(votes)
	for _, a := range all {
		a.mention.Place = resolve(a.cands, focus)
		doc.Places = append(doc.Places, a.mention)
	}
	if focus != "" {
		if p := f.country(focus); p != nil {
			doc.Focus = toPlace(p)
		}
	}
	placeEvents(doc)
	doc.Layers.Add(news.LayerPlaces)
}

// Focus returns the country with the most votes (the first in order on a
// tie), or "".
func Focus(votes map[string]int) string {
	focus, best := "", 0
	for c, n := range votes {
		if n > best || n == best && c < focus {
			focus, best = c, n
		}
	}
	return focus
}

// Gazetteer returns the places the finder knows.
func (f *Finder) Gazetteer() *gazetteer.Gazetteer { return f.gaz }

// country returns the gazetteer's entry for a country code.
func (f *Finder) country(code string) *gazetteer.Place {
	for _, p := range f.gaz.Places {
		if p.Kind == gazetteer.Country && p.Country == code {
			return p
		}
	}
	return nil
}

// resolve picks one of the places a name may be (Choose).
func resolve(cands []*gazetteer.Place, focus string) news.Place { return toPlace(Choose(cands, focus)) }

// Choose picks one of the places a name may be: in the focus country
// first, then the most prominent, then a settlement before a district of
// the same name.
func Choose(cands []*gazetteer.Place, focus string) *gazetteer.Place {
	best := cands[0]
	for _, c := range cands[1:] {
		if better(c, best, focus) {
			best = c
		}
	}
	return best
}

// better reports whether a is the likelier reading of a shared name than
// b: the more prominent, where being in the document's focus country is
// worth one step of prominence (ten times the population). "Hit" in an
// Iraq story is the Iraqi town; "Liverpool" in an American story is still
// the English city.
func better(a, b *gazetteer.Place, focus string) bool {
	pa, pb := prominence(a), prominence(b)
	if a.Country == focus {
		pa++
	}
	if b.Country == focus {
		pb++
	}
	if pa != pb {
		return pa > pb
	}
	return kindOrder(a.Kind) < kindOrder(b.Kind)
}

// prominence is about log10 of a place's population: from GeoNames'
// population where it is known, else from the entry's rank (rank 1 is a
// city of millions, rank 5 a village) and its kind (a country or a
// province outranks any town).
func prominence(p *gazetteer.Place) float64 {
	switch p.Kind {
	case gazetteer.Country:
		return 9
	case gazetteer.Admin1, gazetteer.Region:
		return 7
	}
	if p.Population > 0 {
		return math.Log10(float64(p.Population))
	}
	return float64(7 - p.Rank)
}

// kindOrder prefers a settlement to the district named after it.
func kindOrder(k gazetteer.Kind) int {
	switch k {
	case gazetteer.Capital, gazetteer.City:
		return 0
	case gazetteer.Town, gazetteer.Base, gazetteer.Site:
		return 1
	case gazetteer.Country:
		return 2
	case gazetteer.Admin1, gazetteer.Region:
		return 3
	case gazetteer.Admin2:
		return 4
	}
	return 5
}

func toPlace(p *gazetteer.Place) news.Place {
	return news.Place{Name: p.Name, Lat: p.Lat, Lon: p.Lon, Country: p.Country, Admin1: p.Admin1,
		Kind: string(p.Kind), Precision: p.Precision()}
}

// relation reads what stands before a place name: "near", "outside",
// "south of", "30 km south of", "on the outskirts of".
func relation(t names.Text, s news.Sentence, i int) string {
	n := func(j int) string {
		if j < s.First || j >= s.Last {
			return ""
		}
		return t.Norms[j]
	}
	switch n(i - 1) {
	case "near", "outside", "around", "beyond", "off":
		return n(i - 1)
	case "of":
		j := i - 2
		dir := n(j)
		switch dir {
		case "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts":
			rel := dir + " of"
			if dir == "outskirts" {
				rel = "outskirts of"
			}
			// "30 km south of", "about 30 kilometres south of"
			if u := n(j - 1); u == "km" || u == "kilometres" || u == "kilometers" || u == "miles" {
				if k := j - 2; k >= s.First && t.Toks[k].Kind == news.Number {
					rel = t.Word(k) + " " + u + " " + rel
				}
			} else if k := j - 1; k >= s.First && t.Toks[k].Kind == news.Number && strings.HasSuffix(strings.ToLower(t.Word(k)), "km") {
				rel = t.Word(k) + " " + rel
			}
			return rel
		}
	}
	return ""
}

// speaks reports a place name that is an actor mention not used as a place
// ("Baghdad said", "Tehran rejected"): a capital standing for its
// government.
func speaks(doc *news.Document, first, last int) bool {
	for _, m := range doc.Mentions {
		if m.First <= first && last <= m.Last {
			return !m.Place && actordict.Country(m.Code) != "" && len(m.Code) > 3
		}
	}
	return false
}

// locatives are the words before a place name that say an event happened
// there.
var locatives = map[string]bool{"in": true, "near": true, "at": true, "outside": true, "inside": true, "around": true,
	"across": true, "of": true, "into": true, "on": true, "from": true, "over": true, "to": true, "toward": true, "towards": true}

// placeEvents ties each event to the place Link picks for it.
func placeEvents(doc *news.Document) {
	for ei, e := range doc.Events {
		if pi := Link(doc, e.Sentence, e.Trigger); pi >= 0 {
			doc.Places[pi].Events = append(doc.Places[pi].Events, ei)
		}
	}
}

// Link returns the index in doc.Places of the place where the event whose
// trigger is at span in sentence si happened: of the places the sentence
// names (a speaking capital excepted), a name after a locative word ("in",
// "near", "south of") before a bare one, a finer place before a country,
// a nearer before a farther. It returns -1 when the sentence names none.
func Link(doc *news.Document, si int, trigger news.Span) int {
	best, score := -1, 0
	for pi, pm := range doc.Places {
		if pm.Sentence != si || pm.Actor {
			continue
		}
		d := spanDistance(pm.Span, trigger)
		if pm.First > doc.Sentences[pm.Sentence].First {
			prev := doc.Tokens[pm.First-1].Span
			if !locatives[strings.ToLower(doc.Text[prev.Start:prev.End])] && pm.Relation == "" {
				d += 200
			}
		}
		if pm.Place.Precision == "country" {
			d += 400
		}
		if clauseBreak(doc, si, trigger, pm.Span) {
			d += 150 // "launched the offensive ... after declaring victory in Mosul"
		}
		if best < 0 || d < score {
			best, score = pi, d
		}
	}
	return best
}

// clauseBreak reports a word between two spans of one sentence that
// starts another clause.
func clauseBreak(doc *news.Document, si int, a, b news.Span) bool {
	from, to := a.End, b.Start
	if b.End <= a.Start {
		from, to = b.End, a.Start
	}
	s := doc.Sentences[si]
	for _, t := range doc.Tokens[s.First:s.Last] {
		if t.Span.Start < from || t.Span.End > to {
			continue
		}
		switch strings.ToLower(doc.Text[t.Span.Start:t.Span.End]) {
		case ";", "while", "whereas", "but", "said", "says", "told", "who", "which", "after", "before", "since", "when":
			return true
		}
	}
	return false
}

func spanDistance(a, b news.Span) int {
	switch {
	case a.End <= b.Start:
		return b.Start - a.End
	case b.End <= a.Start:
		return a.Start - b.End
	}
	return 0
}
