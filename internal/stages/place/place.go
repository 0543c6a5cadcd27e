// Package place finds the places a document names, resolves each name to
// one gazetteer entry, and places each event: at the place its sentence
// names nearest the trigger (a city before a country, a name after "in",
// "near" or "south of" before a bare one), else at the document's focus
// country.
//
// A name several places share ("Hit" the town and the district, two
// villages of one name) resolves by prominence, raised for the document's
// focus country, the provinces it names and the places near its other
// names. A name the gazetteer lacks is kept when its context marks it as
// a place ("the village of Tamthil"). A name that stands for a government
// ("Baghdad said") is kept as a mention but places nothing.
//
// place.go holds the stage and the resolution, recognise.go finds the
// names, link.go places the events. The rules are in docs/places.md.
package place

import (
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
	New: pipeline.Annotator(Config{}, func(cfg Config) (func(*news.Document), error) {
		f, err := New(cfg)
		if err != nil {
			return nil, err
		}
		return f.Find, nil
	}),
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
	all := f.mentions(doc, t)
	qualify(doc, all)
	ctx := f.context(doc, t, all)
	if ctx.Focus != "" {
		if p := f.country(ctx.Focus); p != nil {
			doc.Focus = toPlace(p)
		}
	}
	kept := all[:0]
	for _, a := range all {
		if a.inName {
			continue
		}
		if len(a.cands) > 0 {
			a.mention.Place = toPlace(Choose(a.cands, doc.Text[a.mention.Span.Start:a.mention.Span.End], ctx))
		}
		doc.Places = append(doc.Places, a.mention)
		kept = append(kept, a)
	}
	for i, a := range kept {
		if len(a.cands) == 0 {
			doc.Places[i].Place = container(doc, i)
		}
	}
	placeEvents(doc)
	doc.Layers.Add(news.LayerPlaces)
}

// Context returns what doc (tokenized, with actor mentions) says about
// which readings of shared names it means, as Find reads it.
func (f *Finder) Context(doc *news.Document) Context {
	t := names.NewText(doc.Text, doc.Tokens)
	all := f.mentions(doc, t)
	qualify(doc, all)
	return f.context(doc, t, all)
}

// A found is a place name in the text with the places it may be.
type found struct {
	mention news.PlaceMention
	cands   []*gazetteer.Place
	// inName marks a place name inside a longer name ("Kirkuk Governor"):
	// it says where the document is about, but names no place itself.
	inName bool
}

// A Context is what a document says about which reading of a shared name
// it means: the country it is about, and the provinces it names.
type Context struct {
	Focus string          // ISO 3166-1 alpha-3, or ""
	Admin map[string]bool // "USA/Illinois": the divisions the document names
	// Near are the towns and cities the document's other names most
	// likely are: a reading close to them is likelier ("Edmonton" beside
	// "Enfield" and "Tottenham" is the London district).
	Near []Anchor
}

// An Anchor is a place a name in the document resolves to on its own.
type Anchor struct {
	Name     string // the name as written
	Lat, Lon float64
	Division string // "USA/Washington": the country and province it lies in
	// Weight is how much a reading near it gains: a national capital,
	// named in news from everywhere, says less about the neighbourhood
	// than a town does.
	Weight float64
}

// nearKm is how close a reading must be to another name's place to count
// as its neighbour: about a county or a district.
const nearKm = 150

// context reads the focus country and the named divisions from the place
// names found and the datelines.
func (f *Finder) context(doc *news.Document, t names.Text, all []found) Context {
	// The focus country: the one most places name, actors' countries
	// breaking ties. A document that names no place has none: "The
	// Pentagon may send troops" happens nowhere the text says.
	votes := map[string]int{}
	ctx := Context{Admin: map[string]bool{}}
	places := 0
	for _, a := range all {
		if a.mention.Actor {
			continue // "the Pentagon may send troops" names no place
		}
		places++
		if len(a.cands) == 0 {
			continue // an unlisted name
		}
		if len(a.cands) == 1 {
			votes[a.cands[0].Country] += 10
		} else {
			// A shared name votes for its most prominent reading only: the
			// many small American towns called Athens must not make a
			// story about Greece American.
			votes[Choose(a.cands, doc.Text[a.mention.Span.Start:a.mention.Span.End], Context{}).Country] += 3
		}
		for _, c := range a.cands {
			// "Illinois" makes a Springfield in Illinois likelier.
			if c.Kind == gazetteer.Admin1 && len(a.cands) == 1 {
				ctx.Admin[c.Country+"/"+divisionName(c)] = true
			}
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
			p := Choose(cands, "", Context{})
			votes[p.Country] += 20
			if p.Admin1 != "" {
				ctx.Admin[p.Country+"/"+p.Admin1] = true
			}
			i = last
		}
	}
	if places > 0 || len(doc.Datelines) > 0 {
		for _, m := range doc.Mentions {
			if c := actordict.Country(m.Code); len(c) == 3 && c != "---" && c != "IGO" && c != "NGO" && c != "IMG" && c != "MNC" {
				votes[c]++
			}
		}
	}
	delete(votes, "---") // an ocean or a continent is no country
	ctx.Focus = Focus(votes)
	// Each name's likeliest reading on its own anchors the others.
	seen := map[string]bool{}
	for _, a := range all {
		if len(a.cands) == 0 {
			continue
		}
		name := doc.Text[a.mention.Span.Start:a.mention.Span.End]
		p := Choose(a.cands, name, ctx)
		if p.Kind == gazetteer.Country || p.Kind == gazetteer.Region || p.Kind == gazetteer.Admin1 || a.mention.Actor {
			continue
		}
		if k := strings.ToLower(name); !seen[k] && len(ctx.Near) < maxAnchors {
			seen[k] = true
			w := 1.0
			if p.Kind == gazetteer.Capital {
				w = 0.5
			}
			ctx.Near = append(ctx.Near, Anchor{Name: k, Lat: p.Lat, Lon: p.Lon, Division: p.Country + "/" + p.Admin1, Weight: w})
		}
	}
	return ctx
}

// maxAnchors bounds the work on a text that names hundreds of places.
const maxAnchors = 64

// qualify narrows a name followed by its province or country ("Paris,
// Texas", "Springfield, Illinois", "Perth, Australia") to the places in
// it, and the qualifier to the division or country it names.
func qualify(doc *news.Document, all []found) {
	for i := 0; i+1 < len(all); i++ {
		a, b := &all[i], &all[i+1]
		if b.mention.First != a.mention.Last+1 || b.mention.Sentence != a.mention.Sentence {
			continue
		}
		comma := doc.Tokens[a.mention.Last].Span
		if doc.Text[comma.Start:comma.End] != "," {
			continue
		}
		var in, areas []*gazetteer.Place
		for _, q := range b.cands {
			if q.Kind != gazetteer.Country && q.Kind != gazetteer.Admin1 {
				continue
			}
			n := len(in)
			for _, c := range a.cands {
				if c != q && c.Country == q.Country && (q.Kind == gazetteer.Country || c.Admin1 == divisionName(q)) {
					in = append(in, c)
				}
			}
			if len(in) > n {
				areas = append(areas, q)
			}
		}
		if len(in) > 0 {
			a.cands, b.cands = in, areas
		}
	}
}

// divisionName is the name places in a division give as their province:
// "Idlib" for the entry "Idlib Governorate".
func divisionName(p *gazetteer.Place) string {
	if p.Admin1 != "" {
		return p.Admin1
	}
	return p.Name
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

// Choose picks one of the places a name may be, written as name in the
// text, in a document with context ctx (Context{} for none): the highest
// score, where the score is prominence (about log10 of the population),
// one step more in the focus country and one and a half more in a
// province the document names, two steps less for a place that bears the
// name only as a GeoNames alternate name; a settlement before a district
// of the same name on a tie. "Hit" in an Iraq story is the Iraqi town;
// "Liverpool" in an American story is still the English city.
func Choose(cands []*gazetteer.Place, name string, ctx Context) *gazetteer.Place {
	best, top := cands[0], score(cands[0], name, ctx)
	for _, c := range cands[1:] {
		sc := score(c, name, ctx)
		if sc > top || sc == top && kindOrder(c.Kind) < kindOrder(best.Kind) {
			best, top = c, sc
		}
	}
	return best
}

func score(p *gazetteer.Place, name string, ctx Context) float64 {
	s := prominence(p)
	if ctx.Focus != "" && p.Country == ctx.Focus {
		s++
	}
	if p.Kind != gazetteer.Admin1 && p.Admin1 != "" && ctx.Admin[p.Country+"/"+p.Admin1] {
		s += 1.5
	}
	if name != "" && !p.Own(name) {
		s -= 2 // "Salisbury" is Harare's old name; the English city keeps it
	}
	if p.Kind == gazetteer.Admin1 {
		// A province the document names unambiguously elsewhere ("Wash.")
		// or that its towns lie in: "Washington" beside "Tacoma" and
		// "Spokane" is the state.
		k, d := strings.ToLower(name), p.Country+"/"+divisionName(p)
		in := ctx.Admin[d]
		for _, a := range ctx.Near {
			in = in || a.Name != k && a.Division == d
		}
		if in {
			s += 1.5
		}
	}
	if p.Kind != gazetteer.Country && p.Kind != gazetteer.Region && p.Kind != gazetteer.Admin1 {
		k, near, n := strings.ToLower(name), 0.0, 0
		for _, a := range ctx.Near {
			if a.Name != k && n < 2 && gazetteer.Distance(p.Lat, p.Lon, a.Lat, a.Lon) <= nearKm {
				near += a.Weight
				n++
			}
		}
		s += near
	}
	return s
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
