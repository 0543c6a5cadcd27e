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
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

// bySentence groups doc's actor mentions by sentence, so that the checks
// made for each name look only at its own sentence's mentions (a text
// that names thousands of places stays linear).
func bySentence(doc *news.Document) [][]news.Mention {
	out := make([][]news.Mention, len(doc.Sentences))
	for _, m := range doc.Mentions {
		if m.Sentence >= 0 && m.Sentence < len(out) {
			out[m.Sentence] = append(out[m.Sentence], m)
		}
	}
	return out
}

// mentions finds the place names in doc's sentences.
func (f *Finder) mentions(doc *news.Document, t names.Text) []found {
	var all []found
	bys := bySentence(doc)
	for si, s := range doc.Sentences {
		ms := bys[si]
		for i := s.First; i < s.Last; {
			cands, last := f.gaz.Match(t.Upto(s.Last), i)
			if len(cands) == 0 {
				if end := f.unlisted(doc, ms, t, s, i); end > i {
					all = append(all, found{mention: news.PlaceMention{Sentence: si, First: i, Last: end,
						Span: news.Span{Start: doc.Tokens[i].Span.Start, End: doc.Tokens[end-1].Span.End}, Relation: relation(t, s, i)}})
					i = end
					continue
				}
			}
			inName := false
			if len(cands) > 0 {
				cands = plausible(doc, ms, t, s, i, last, cands)
				inName = partOfName(doc, ms, t, s, i, last) // "Quds Force", "Levant Daily", "Kirkuk Governor"
			}
			if len(cands) == 0 || last == i+1 && f.dict.Adjective(t.Upto(s.Last), i) != "" {
				i++ // "Canadian" is the country's adjective, not the Texan town
				continue
			}
			m := news.PlaceMention{Sentence: si, First: i, Last: last,
				Span:     news.Span{Start: doc.Tokens[i].Span.Start, End: doc.Tokens[last-1].Span.End},
				Relation: relation(t, s, i), Actor: speaks(doc, ms, i, last)}
			all = append(all, found{m, cands, inName})
			i = last
		}
	}
	return all
}

// partOfName reports a place name at tokens [i, last) that is part of a
// longer proper name: inside a longer actor mention ("Quds Force",
// "Kurdistan Regional Government"), or followed by another capitalised
// word that is neither a place, a date nor a function word ("Levant
// Daily", "Kirkuk Governor"). Headlines in title case are left alone.
func partOfName(doc *news.Document, ms []news.Mention, t names.Text, s news.Sentence, i, last int) bool {
	for _, m := range ms {
		if m.First <= i && last <= m.Last && (m.First < i || m.Last > last) {
			return true
		}
	}
	if last >= s.Last || doc.Tokens[last].Kind != news.Word || titleCase(doc, t, s) {
		return false
	}
	if name := doc.Text[doc.Tokens[i].Span.Start:doc.Tokens[last-1].Span.End]; strings.ToUpper(name) == name {
		return false // "MOSUL  Militants attacked": a dateline
	}
	w := t.Word(last)
	r, _ := utf8.DecodeRuneInString(w)
	n := t.Norms[last]
	return unicode.IsUpper(r) && !dateWords[n] && !functionWords[n] && strings.ToUpper(w) != w &&
		!areaWords[n] && !siteWords[n] && !settlementWords[n] && !directionWords[n]
}

// directionWords may follow a place name in capitals: "Aleppo North".
var directionWords = map[string]bool{"north": true, "south": true, "east": true, "west": true, "governorate": true,
	"province": true, "city": true}

// functionWords are capitalised in title case and start no name.
var functionWords = map[string]bool{"and": true, "or": true, "in": true, "of": true, "the": true, "on": true, "at": true,
	"to": true, "for": true, "with": true, "from": true, "by": true, "as": true, "after": true, "near": true, "a": true}

// titleCase reports a sentence most of whose words are capitalised: a
// headline.
func titleCase(doc *news.Document, t names.Text, s news.Sentence) bool {
	words, caps := 0, 0
	for j := s.First; j < s.Last; j++ {
		if doc.Tokens[j].Kind != news.Word {
			continue
		}
		words++
		if r, _ := utf8.DecodeRuneInString(t.Word(j)); unicode.IsUpper(r) {
			caps++
		}
	}
	return words > 0 && caps*10 >= words*6
}

// norm returns the normalised word at token j of sentence s, or "".
func norm(t names.Text, s news.Sentence, j int) string {
	if j < s.First || j >= s.Last {
		return ""
	}
	return t.Norms[j]
}

// plausible drops the readings of a name at tokens [i, last) that come
// from a loaded GeoNames dump where the text shows it is no place name.
// GeoNames has a village for most given names, weekdays and many words
// ("Thursday", "Abu", "Western"), so such a reading is dropped
//   - when the name is a weekday or a month;
//   - inside a longer actor name ("Ahrar al-Sham");
//   - when one word is followed by a capitalized one, as the start of a
//     longer name the gazetteer lacks ("Tal Mustawi");
//   - for a place of under 10,000 people, unless a locative word marks
//     the name as a place ("in Hassan", "the village of Hassan").
//
// The team's own entries are kept in every case.
func plausible(doc *news.Document, ms []news.Mention, t names.Text, s news.Sentence, i, last int, cands []*gazetteer.Place) []*gazetteer.Place {
	n := norm(t, s, i)
	weak := dateWords[n] || last == i+1 && (commonWords[n] || functionWords[n] || clauseWords[n])
	// A word that opens a sentence is capitalised whatever it is: alone it
	// is a place only if a large one ("More than 200 people ..." is no
	// village called More).
	opening := last == i+1 && i == s.First
	for _, m := range ms {
		// part of a longer actor name; a capital that is the whole mention
		// ("Paris") may still be a place
		weak = weak || m.First < last && i < m.Last && (m.First < i || m.Last > last)
	}
	if !weak && last == i+1 && last < s.Last && doc.Tokens[last].Kind == news.Word {
		r, _ := utf8.DecodeRuneInString(t.Word(last))
		weak = unicode.IsUpper(r) && !dateWords[norm(t, s, last)]
	}
	marked := locatives[norm(t, s, i-1)] || norm(t, s, i-2) == "of"
	keep := cands[:0:0]
	for _, c := range cands {
		small := c.Population < 10000 && (c.Kind == gazetteer.Village || c.Kind == gazetteer.Town)
		if opening && c.Population < 100000 && (c.Kind == gazetteer.Village || c.Kind == gazetteer.Town || c.Kind == gazetteer.City) {
			small = true
		}
		if c.Primary == 0 || !weak && (marked || !small) {
			keep = append(keep, c)
		}
	}
	return keep
}

// commonWords are frequent English words that GeoNames also has as
// village names; capitalised at a sentence's start or in a title they are
// still the word.
var commonWords = map[string]bool{"more": true, "most": true, "much": true, "many": true, "some": true, "all": true,
	"since": true, "we": true, "our": true, "they": true, "their": true, "there": true, "here": true, "this": true,
	"these": true, "those": true, "such": true, "both": true, "each": true, "every": true, "other": true, "another": true,
	"only": true, "also": true, "even": true, "still": true, "yet": true, "now": true, "then": true, "today": true,
	"center": true, "centre": true, "city": true, "spring": true, "summer": true, "winter": true, "fall": true,
	"union": true, "liberty": true, "independence": true, "victory": true, "hope": true, "justice": true,
	"peace": true, "unity": true, "freedom": true, "progress": true, "reform": true, "national": true,
	"western": true, "eastern": true, "northern": true, "southern": true, "central": true, "west": true, "east": true,
	"north": true, "south": true, "english": true, "arab": true, "however": true, "meanwhile": true, "nor": true,
	"nov": true, "oct": true, "sept": true, "dec": true, "jan": true, "feb": true, "aug": true, "valley": true,
	"republic": true, "congress": true, "parliament": true, "senate": true, "white": true, "house": true}

var dateWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"ramadan": true, "eid": true}

// settlementWords name a kind of place before "of" ("the village of
// Tamthil") or after a name ("Khanasir town", "al-Tijara neighbourhood").
var settlementWords = map[string]bool{"village": true, "villages": true, "town": true, "towns": true, "city": true,
	"settlement": true, "settlements": true, "stronghold": true, "enclave": true,
	"neighbourhood": true, "neighborhood": true, "district": true, "suburb": true, "hamlet": true, "camp": true,
	"township": true, "municipality": true, "outpost": true, "locality": true, "quarter": true}

// unlisted returns the end of a name the gazetteer lacks that starts at
// token i and that its context marks as a place: after "the village of",
// "the town of", ..., or between a locative word and "town", "village",
// "neighbourhood" ("in al-Tijara neighbourhood"). It returns i when there
// is none. A name that is an actor mention is not one.
func (f *Finder) unlisted(doc *news.Document, ms []news.Mention, t names.Text, s news.Sentence, i int) int {
	end := i
	for end < s.Last && end-i < 6 {
		w := t.Word(end)
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case (doc.Tokens[end].Kind == news.Word || doc.Tokens[end].Kind == news.Number && end > i) && (unicode.IsUpper(r) || unicode.IsDigit(r)):
		case end > i && (w == "al" || w == "el" || w == "bin" || w == "ibn" || w == "-" || strings.HasPrefix(w, "al-")):
		case end == i && strings.HasPrefix(w, "al-") && len(w) > 3:
		default:
			goto done
		}
		end++
	}
done:
	if end == i || doc.Tokens[end-1].Kind == news.Punct || t.Word(end-1) == "-" {
		return i
	}
	for _, m := range ms {
		if m.First < end && i < m.Last {
			return i
		}
	}
	if f.dict.Adjective(t.Upto(s.Last), i) != "" || end == i+1 && adjectival(t.Norms[i]) || community(t.Norms[i]) {
		return i // "the Kurdish district of ...", "a Sunni neighbourhood": the adjective is no name
	}
	norm := func(j int) string {
		if j < s.First || j >= s.Last {
			return ""
		}
		return t.Norms[j]
	}
	prev := norm(i - 1)
	if regionAdjectives[prev] && locatives[norm(i-2)] {
		return end // "in central Maree"
	}
	switch {
	case prev == "of" && (settlementWords[norm(i-2)] || areaWords[norm(i-2)] && norm(i-2) != "capital" && norm(i-2) != "state" && norm(i-2) != "hometown"):
		return end // "the village of Tamthil", "the outskirts of Saraf"
	case (prev == "near" || prev == "inside" || prev == "outside" || prev == "into" || prev == "around") && !dateWords[norm(i)]:
		return end // "near Tal Dakwah", "inside Zara"
	case end-i > 1 && prefixWords[norm(i)] && (locatives[prev] || prev == "the" || lowerWord(t, s, i-1)):
		return end // "Mount Hermon", "Hill 30", "Jabal al-Zafit"
	case siteWords[norm(end)] && (locatives[prev] || prev == "the" || lowerWord(t, s, i-1) && !siteWords[prev]):
		return end // "in al-Tijara neighbourhood", "targeting the Wadi Barada pocket", "Baghdad's western Amriya district"
	case end-i > 1 && siteWords[norm(end-1)] && (locatives[prev] || prev == "the"):
		return end // "the Youth Housing Complex", "near the Kweires Airbase"
	case (prev == "in" || prev == "near" || prev == "at") && norm(end) == "," && apposition(t, s, end+1):
		return end // "In Dura, south of Baghdad", "in Hawija, a town near Kirkuk"
	}
	return i
}

// adjectival reports a capitalised word that describes a community or a
// direction rather than naming a place: "Kurdish", "Sunni", "Christian",
// "Western".
func adjectival(w string) bool {
	switch w {
	case "western", "eastern", "northern", "southern", "central", "old", "main", "greater", "upper", "lower":
		return true
	}
	for _, suf := range []string{"ish", "ian", "ese", "ite", "ic"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return community(w)
}

// community reports a word naming a community, which opens no place name
// ("Sunni Arab rebels", "Shiite militias").
func community(w string) bool {
	switch w {
	case "sunni", "shiite", "shia", "shiites", "sunnis", "arab", "arabs", "turkmen", "yazidi", "yazidis", "druze",
		"alawite", "alawites", "bedouin", "muslim", "muslims", "islamic", "christian", "christians", "kurdish", "kurds":
		return true
	}
	return false
}

// lowerWord reports a word in lower case at token j of s.
func lowerWord(t names.Text, s news.Sentence, j int) bool {
	if j < s.First || j >= s.Last || t.Toks[j].Kind != news.Word {
		return false
	}
	w := t.Word(j)
	return w == strings.ToLower(w)
}

// apposition reports a phrase at token j that describes a place: a
// direction ("south of", "30 km north of") or "a town", "the village".
func apposition(t names.Text, s news.Sentence, j int) bool {
	n := func(k int) string {
		if k < s.First || k >= s.Last {
			return ""
		}
		return t.Norms[k]
	}
	if t.Toks[min(j, len(t.Toks)-1)].Kind == news.Number && j < s.Last {
		j++ // "30 km north of"
		if n(j) == "km" || n(j) == "kilometres" || n(j) == "kilometers" || n(j) == "miles" {
			j++
		}
	}
	switch n(j) {
	case "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest":
		return n(j+1) == "of"
	case "a", "the":
		k := j + 1
		if n(k) == "small" || n(k) == "mainly" || n(k) == "restive" || n(k) == "remote" || n(k) == "nearby" {
			k++
		}
		return settlementWords[n(k)]
	}
	return false
}

// prefixWords open a place's name: "Mount Hermon", "Hill 30", "Jabal
// Zawiya", "Wadi Barada", "Tal Abyad", "Kafr Nabl".
var prefixWords = map[string]bool{"mount": true, "camp": true, "hill": true, "jabal": true, "jebel": true, "wadi": true,
	"tal": true, "tel": true, "tell": true, "lake": true, "fort": true, "kafr": true, "deir": true, "ain": true,
	"bir": true, "khan": true, "qasr": true, "tall": true, "jisr": true, "ras": true, "umm": true, "beit": true}

// siteWords name a kind of place after its name: "al-Tijara
// neighbourhood", "the Wadi Barada pocket", "the T-4 Military Airport".
var siteWords = map[string]bool{"district": true, "districts": true, "neighbourhood": true, "neighborhood": true,
	"village": true, "town": true, "area": true, "pocket": true, "sector": true, "orchards": true, "farms": true,
	"mountains": true, "mountain": true, "hills": true, "valley": true, "airport": true, "airbase": true,
	"base": true, "crossroads": true, "roundabout": true, "junction": true, "bridge": true, "dam": true,
	"hospital": true, "stadium": true, "station": true, "complex": true, "academy": true, "camp": true,
	"market": true, "square": true, "suburb": true, "quarter": true, "checkpoint": true, "crossing": true,
	"refinery": true, "oilfield": true, "prison": true, "plain": true, "plains": true, "countryside": true,
	"college": true, "university": true, "factory": true, "plant": true, "field": true, "fields": true,
	"hill": true, "hilltop": true, "mosque": true, "church": true, "shrine": true, "palace": true,
	"barracks": true, "garrison": true, "port": true, "harbour": true, "harbor": true, "highway": true,
	"road": true, "street": true, "tower": true, "museum": true, "cemetery": true, "island": true, "lake": true,
	"river": true, "desert": true, "ridge": true, "heights": true, "crossroad": true, "building": true,
	"headquarters": true, "compound": true, "outpost": true, "bases": true}

// container returns where the unlisted name at doc.Places[i] lies: the
// nearest listed place of its sentence that is not a country ("the
// village of Abu Allaj in western Raqqa"), else the nearest of any kind,
// else the document's focus. It keeps the name and takes the container's
// position and precision, a point's widened to a district.
func container(doc *news.Document, i int) news.Place {
	pm := doc.Places[i]
	best, dist := -1, 0
	lo, hi := sentencePlaces(doc, pm.Sentence)
	for j := lo; j < hi; j++ {
		o := doc.Places[j]
		if j == i || o.Place.Kind == "unlisted" || o.Place.Name == "" || o.Actor {
			continue
		}
		d := spanDistance(o.Span, pm.Span)
		if o.Place.Precision == "country" {
			d += 1000
		}
		if best < 0 || d < dist {
			best, dist = j, d
		}
	}
	in := doc.Focus
	if best >= 0 {
		in = doc.Places[best].Place
	}
	p := news.Place{Name: doc.Text[pm.Span.Start:pm.Span.End], Kind: "unlisted", Within: in.Name,
		Lat: in.Lat, Lon: in.Lon, Country: in.Country, Admin1: in.Admin1, Precision: in.Precision}
	if p.Precision == "point" {
		p.Precision = "district" // somewhere around the town it is named with, not at its centre
	}
	if p.Admin1 == "" && in.Kind == "admin1" {
		p.Admin1 = in.Name
	}
	return p
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
	for _, a := range all {
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
				ctx.Admin[c.Country+"/"+c.Name] = true
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
	if len(all) > 0 {
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
			ctx.Near = append(ctx.Near, Anchor{Name: k, Lat: p.Lat, Lon: p.Lon})
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
				if c != q && c.Country == q.Country && (q.Kind == gazetteer.Country || c.Admin1 == q.Name) {
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
	if p.Kind != gazetteer.Country && p.Kind != gazetteer.Region && p.Kind != gazetteer.Admin1 {
		k, near := strings.ToLower(name), 0
		for _, a := range ctx.Near {
			if a.Name != k && near < 2 && distanceKm(p.Lat, p.Lon, a.Lat, a.Lon) <= nearKm {
				near++
			}
		}
		s += float64(near)
	}
	return s
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
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
// government. A capital followed by a preposition or a comma ("in the
// capital Baku on Saturday") is a place.
func speaks(doc *news.Document, ms []news.Mention, first, last int) bool {
	for _, m := range ms {
		if m.First <= first && last <= m.Last {
			if m.Place || actordict.Country(m.Code) == "" || len(m.Code) <= 3 {
				return false
			}
			if m.First > 0 {
				p := doc.Tokens[m.First-1].Span
				if w := strings.ToLower(doc.Text[p.Start:p.End]); w == "capital" || w == "city" || w == "a" || w == "an" || locatives[w] {
					return false // "bombings in the capital Baghdad killed ten", "a Baghdad mosque"
				}
			}
			if m.Last >= len(doc.Tokens) {
				return true
			}
			next := doc.Tokens[m.Last]
			w := doc.Text[next.Span.Start:next.Span.End]
			return next.Kind == news.Word && !placeFollowers[strings.ToLower(w)]
		}
	}
	return false
}

// placeFollowers are the words after a capital's name that show it is
// named as a place, not speaking for its government.
var placeFollowers = map[string]bool{"on": true, "in": true, "at": true, "to": true, "from": true, "for": true, "of": true,
	"with": true, "by": true, "near": true, "during": true, "after": true, "before": true, "since": true, "last": true,
	"this": true, "where": true, "when": true, "while": true, "airport": true, "city": true, "province": true,
	"governorate": true, "district": true, "today": true, "yesterday": true}

// subject reports a place name that is the subject of the trigger after
// it, with at most auxiliaries and adverbs between ("Eritrea captured
// Badme", "Iran has seized"): the actor, not where the event happened.
func subject(doc *news.Document, pm news.PlaceMention, trigger news.Span) bool {
	if pm.Span.End > trigger.Start || pm.Relation != "" {
		return false
	}
	if pm.First > doc.Sentences[pm.Sentence].First {
		prev := doc.Tokens[pm.First-1].Span
		if locatives[strings.ToLower(doc.Text[prev.Start:prev.End])] {
			return false
		}
	}
	if pm.First > doc.Sentences[pm.Sentence].First && pm.Last < len(doc.Tokens) && doc.Tokens[pm.Last].Span.Start == trigger.Start {
		prev := doc.Tokens[pm.First-1].Span
		w := strings.ToLower(doc.Text[trigger.Start:min(trigger.End, doc.Tokens[pm.Last].Span.End)])
		if strings.ToLower(doc.Text[prev.Start:prev.End]) == "the" && !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "s") {
			return false // "the Hit offensive": a noun the name qualifies, not a verb it governs
		}
	}
	gap := 0
	for i := pm.Last; i < len(doc.Tokens) && doc.Tokens[i].Span.Start < trigger.Start; i++ {
		w := strings.ToLower(doc.Text[doc.Tokens[i].Span.Start:doc.Tokens[i].Span.End])
		if !auxiliaries[w] {
			return false
		}
		if gap++; gap > 3 {
			return false
		}
	}
	return true
}

var auxiliaries = map[string]bool{"has": true, "have": true, "had": true, "was": true, "were": true, "is": true, "are": true,
	"will": true, "would": true, "also": true, "reportedly": true, "then": true, "later": true, "earlier": true,
	"again": true, "first": true, "already": true, "finally": true, "allegedly": true, "'s": true, "been": true}

// locatives are the words before a place name that say an event happened
// there.
var locatives = map[string]bool{"in": true, "near": true, "at": true, "outside": true, "inside": true, "around": true,
	"across": true, "of": true, "into": true, "on": true, "from": true, "over": true, "to": true, "toward": true, "towards": true}

// inlineDateline reports a place name in capitals that opens its sentence
// before another capitalised word or a dash ("QAMISHLI  At least 34
// troops ...", "MOSUL - Iraqi forces ..."): a dateline the sentence stage
// did not set apart. It says where the report was filed.
func inlineDateline(doc *news.Document, pm news.PlaceMention) bool {
	s := doc.Sentences[pm.Sentence]
	if pm.First != s.First || pm.Last >= s.Last {
		return false
	}
	name := doc.Text[pm.Span.Start:pm.Span.End]
	if len(name) < 3 || strings.ToUpper(name) != name || strings.ToLower(name) == name {
		return false
	}
	next := doc.Text[doc.Tokens[pm.Last].Span.Start:doc.Tokens[pm.Last].Span.End]
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsUpper(r) || next == "-" || next == "—" || next == "–" || next == "(" || next == ","
}

// objectOf reports a place name right after the trigger, with at most
// "the" between: the verb's object ("captured Hill 30", "hit Erbil").
func objectOf(doc *news.Document, pm news.PlaceMention, trigger news.Span) bool {
	if pm.Span.Start < trigger.End {
		return false
	}
	between := strings.TrimSpace(doc.Text[trigger.End:pm.Span.Start])
	return between == "" || strings.EqualFold(between, "the")
}

// relationStart returns the first token of the relation phrase before a
// place name ("south of", "30 km north of").
func relationStart(doc *news.Document, s news.Sentence, pm news.PlaceMention) int {
	k := pm.First
	for n := strings.Count(pm.Relation, " ") + 1; n > 0 && k > s.First; n-- {
		k--
	}
	return k
}

// placeEndsAt reports a place name of sentence si whose last token is
// just before token k.
func placeEndsAt(doc *news.Document, si, k int) bool {
	lo, hi := sentencePlaces(doc, si)
	for _, o := range doc.Places[lo:hi] {
		if o.Last == k {
			return true
		}
	}
	return false
}

// sentencePlaces returns the range of doc.Places (in text order) that
// sentence si names.
func sentencePlaces(doc *news.Document, si int) (int, int) {
	lo := sort.Search(len(doc.Places), func(k int) bool { return doc.Places[k].Sentence >= si })
	hi := lo
	for hi < len(doc.Places) && doc.Places[hi].Sentence == si {
		hi++
	}
	return lo, hi
}

// nounAfter reports a lower-case word after a name that the name
// qualifies ("the Gaza war", "the Baghdad government"), not a place noun
// ("the Baghdad area") or a word that starts a phrase or a clause.
func nounAfter(doc *news.Document, s news.Sentence, i int) bool {
	if i >= s.Last || doc.Tokens[i].Kind != news.Word {
		return false
	}
	w := doc.Text[doc.Tokens[i].Span.Start:doc.Tokens[i].Span.End]
	if w != strings.ToLower(w) || areaWords[w] || siteWords[w] || locatives[w] || placeFollowers[w] || auxiliaries[w] || clauseWords[w] {
		return false
	}
	return !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ly")
}

// clauseWords start a phrase or a clause after a name.
var clauseWords = map[string]bool{"and": true, "or": true, "but": true, "which": true, "who": true, "that": true,
	"as": true, "than": true, "because": true, "if": true, "said": true, "says": true, "say": true, "has": true,
	"is": true, "are": true, "was": true, "were": true, "had": true, "have": true, "will": true, "would": true,
	"could": true, "can": true, "may": true, "might": true, "should": true, "must": true, "did": true, "does": true}

// regionAdjectives before a country's name make it a part of the country.
var regionAdjectives = map[string]bool{"northern": true, "southern": true, "eastern": true, "western": true,
	"central": true, "northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north": true, "south": true, "east": true, "west": true}

// areaWords come before "of" in a phrase that names where something is:
// "the city of Mosul", "the outskirts of Raqqa", "the east of Aleppo".
var areaWords = map[string]bool{"city": true, "town": true, "village": true, "villages": true, "towns": true,
	"province": true, "governorate": true, "district": true, "region": true, "area": true, "areas": true,
	"countryside": true, "outskirts": true, "suburbs": true, "suburb": true, "center": true, "centre": true,
	"heart": true, "part": true, "parts": true, "north": true, "south": true, "east": true, "west": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true, "capital": true, "neighbourhood": true,
	"neighborhood": true, "streets": true, "outside": true, "vicinity": true, "edge": true, "edges": true,
	"port": true, "island": true, "coast": true, "border": true, "territory": true, "state": true, "republic": true,
	"kingdom": true, "camp": true, "municipality": true, "county": true, "quarter": true, "hometown": true,
	"stronghold": true, "bastion": true, "enclave": true, "heartland": true, "environs": true, "settlements": true,
	"settlement": true, "town's": true}

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
	lo, hi := sentencePlaces(doc, si)
	for pi := lo; pi < hi; pi++ {
		pm := doc.Places[pi]
		if pm.Actor || pm.Place.Precision == "" || subject(doc, pm, trigger) || inlineDateline(doc, pm) {
			continue // an unlisted name with nothing to place it has no position
		}
		d := spanDistance(pm.Span, trigger)
		s := doc.Sentences[pm.Sentence]
		word := func(j int) string {
			if j < s.First || j >= s.Last {
				return ""
			}
			return strings.ToLower(doc.Text[doc.Tokens[j].Span.Start:doc.Tokens[j].Span.End])
		}
		wi := pm.First - 1 // the word that says how the name is used
		if regionAdjectives[word(wi)] && locatives[word(wi-1)] {
			wi-- // "in northern Syria"
			if pm.Place.Kind == string(gazetteer.Country) {
				d -= 150 // part of a country: finer than the country
			}
		}
		prev := word(wi)
		switch {
		case pm.Relation != "":
			// "In Amara, south of Baghdad, ...": the relation describes the
			// place before the comma, not where the event happened.
			if k := relationStart(doc, s, pm); k-1 > s.First && word(k-1) == "," && placeEndsAt(doc, pm.Sentence, k-1) {
				d += 300
			}
		case siteWords[word(pm.Last)] || prev == "capital" || prev == "city" || prev == "town":
			// "the Kadhimiya neighborhood of Baghdad", "the capital Baghdad"
		case objectOf(doc, pm, trigger):
			// "captured Hill 30", "stormed the Zara checkpoint": the object of
			// the verb is where it happened
		case prev == "of" && !areaWords[word(wi-1)]:
			d += 200 // "the governor of Manbij", "the people of Aleppo": a modifier of a noun
		case !locatives[prev]:
			d += 200
		}
		switch next := word(pm.Last); {
		case next == "'s" || next == "’s" || next == "'" && word(pm.Last+1) == "s":
			d += 300 // "Syria's conflict", "Turkey's largest city": the name qualifies a noun
		case word(pm.First-1) == "the" && nounAfter(doc, s, pm.Last) && doc.Tokens[pm.Last].Span.Start != trigger.Start:
			// "attacks after the Gaza war" happened elsewhere; "killed in the
			// Manbij campaign" and "the Mosul offensive" are at the place.
			if w := word(pm.First - 2); w != "in" && w != "at" && w != "during" && w != "near" {
				continue
			}
			d += 300
		case next == "-" && word(pm.Last+1) == "based":
			continue // "the Britain-based observatory"
		}
		if pm.Place.Kind == string(gazetteer.Country) || pm.Place.Precision == "region" {
			d += 400
		}
		if clauseBreak(doc, si, trigger, pm.Span) {
			d += 250 // "launched the offensive ... after declaring victory in Mosul"
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
		case ";", "while", "whereas", "but", "said", "says", "told", "who", "which", "that", "whose", "whom", "after", "before", "since", "when":
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
