// Package actor finds the actors a document names: lexicon names
// ("Kataib Hezbollah", "Haider al-Abadi", "CENTCOM"), country names and
// demonyms, and generic agents made national by a country word before them
// ("Iraqi troops", "Turkey's army", "US and Iraqi officials",
// "Iranian-backed militias"). Each mention is coded as of the document's
// publication date, so "Abadi" is Iraq's government in 2016 and not in 2010.
package actor

import (
	"fmt"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// Config holds the stage's settings.
type Config struct {
	// Lexicons are extra lexicon files (docs/lexicons.md) read after the
	// built-in ones.
	Lexicons []string `json:"lexicons"`
}

// Spec registers the stage.
var Spec = pipeline.Spec{
	Name:     "actor",
	Requires: []news.Layer{news.LayerSentences},
	Provides: []news.Layer{news.LayerActors},
	New: pipeline.Annotator(Config{}, func(cfg Config) (func(*news.Document), error) {
		f, err := New(cfg)
		if err != nil {
			return nil, err
		}
		return f.Find, nil
	}),
}

// A Finder finds actor mentions. It is safe for concurrent use.
type Finder struct {
	dict *actordict.Dict
}

// New builds a finder on the built-in lexicon plus cfg.Lexicons.
func New(cfg Config) (*Finder, error) {
	d, err := actordict.Builtin()
	if err != nil {
		return nil, fmt.Errorf("built-in actor lexicon: %w", err)
	}
	if len(cfg.Lexicons) > 0 {
		// A private copy, so one pipeline's user files do not leak into another's.
		d = actordict.New()
		if err := d.LoadFS(actordict.Data, "data"); err != nil {
			return nil, err
		}
		for _, name := range cfg.Lexicons {
			if err := d.LoadFile(name); err != nil {
				return nil, fmt.Errorf("actor lexicon %w", err)
			}
		}
	}
	return &Finder{dict: d}, nil
}

// Dict returns the finder's dictionary.
func (f *Finder) Dict() *actordict.Dict { return f.dict }

// Find fills doc.Mentions.
func (f *Finder) Find(doc *news.Document) {
	doc.Mentions = doc.Mentions[:0]
	when := doc.Published.Time
	t := actordict.NewText(doc.Text, doc.Tokens)
	for si, s := range doc.Sentences {
		doc.Mentions = f.sentence(doc.Mentions, t, si, s, when)
	}
	focus(doc.Mentions)
	doc.Layers.Add(news.LayerActors)
}

// focus gives the document's country to its resident agents that have
// none: in a story about Iraq, "police said" and "the prime minister" are
// Iraq's. The focus is the country at least half of the document's country
// mentions (actors and places) name, with two mentions or more, or the one
// country a short text names at all; foreign troops and armed groups are
// too often someone else's to be included.
func focus(ms []news.Mention) {
	counts := map[string]int{}
	total := 0
	for _, m := range ms {
		if m.Adjective {
			continue
		}
		if c := actordict.Country(m.Code); len(c) == 3 && c != "---" && c != "IGO" && c != "NGO" && c != "IMG" && c != "MNC" {
			counts[c]++
			total++
		}
	}
	best, n := "", 0
	for c, k := range counts {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	if n < 2 && total != 1 || n*2 < total {
		return
	}
	for i := range ms {
		if actordict.Country(ms[i].Code) == "" && len(ms[i].Code) >= 3 && residentSector[ms[i].Code[:3]] && ms[i].Backer == "" {
			ms[i].Code = best + ms[i].Code
		}
	}
}

func (f *Finder) sentence(out []news.Mention, t actordict.Text, si int, s news.Sentence, when time.Time) []news.Mention {
	text, toks := t.Src, t.Toks
	first := len(out)
	agents := map[int]bool{} // mentions of generic agents, which may title a name
	word := func(i int) string { return tokText(text, toks[i]) }
	for i := s.First; i < s.Last; {
		// A country word, possibly coordinated, before a generic agent:
		// "Iraqi troops", "US and Iraqi officials", "Turkey's army",
		// "Iranian-backed militias".
		if ms, next := f.composed(t, si, s, i, when); next > i {
			for _, m := range ms {
				agents[len(out)] = actordict.Country(m.Code) == "" || len(m.Code) >= 6 && actordict.Sectors[m.Code[3:6]]
				out = append(out, m)
			}
			i = next
			continue
		}
		if m, ok := f.dict.Match(t.Upto(s.Last), i); ok {
			if m.Actor.Stop() {
				i = m.Last // "Sadr City": a place that holds an actor's name
				continue
			}
			anti := i >= s.First+2 && word(i-1) == "-" && token.Norm(word(i-2)) == "anti"
			place := f.locativeBefore(t, s, i) && !m.Actor.Agent() && isGovernment(m.Actor.At(when).Code)
			if !anti {
				agents[len(out)] = m.Actor.Agent()
				men := f.mention(text, toks, si, m.First, m.Last, m.Actor, when)
				men.Place = place
				out = append(out, men)
			}
			i = m.Last
			continue
		}
		i++
	}
	out = mergeTitles(out, first, agents)
	if token.Headline(text, toks[s.First:s.Last]) {
		return out // in title case every word looks like a name
	}
	for k := first; k < len(out); k++ {
		if agents[k] || actordict.Country(out[k].Code) == "" {
			f.extendAgent(&out[k], t, s, out, k)
		}
	}
	return out
}

// extendAgent grows a generic agent over the name that follows it
// ("President Askar Akayev", "Lt. Gen. Prosper Avril") and gives it the
// country of an "of" phrase ("King Hassan of Morocco", "leaders of
// Romania's new government"), when it has none.
func (f *Finder) extendAgent(m *news.Mention, t actordict.Text, s news.Sentence, all []news.Mention, k int) {
	text, toks := t.Src, t.Toks
	next := func(i int) int { // the next mention's first token, or the sentence end
		if k+1 < len(all) {
			return all[k+1].First
		}
		return s.Last
	}(k)
	j := m.Last
	capital := func(j int) bool {
		return j < next && toks[j].Kind == news.Word && token.IsCapitalized(tokText(text, toks[j])) && !stopName[tokText(text, toks[j])]
	}
	for n := 0; n < 6 && j < next; n++ {
		if capital(j) {
			j++
			continue
		}
		// "Omar al-Bashir", "Jean-Bertrand Aristide", "Hamad bin Khalifa":
		// a hyphen or a name particle inside the name.
		w := tokText(text, toks[j])
		if j > m.Last && (w == "-" || nameParticle[w]) && capital(j+1) {
			j++
			continue
		}
		if j > m.Last && nameParticle[w] && j+2 < next && tokText(text, toks[j+1]) == "-" && capital(j+2) {
			j += 2
			continue
		}
		break
	}
	if j > m.Last {
		m.Last = j
		m.Span.End = toks[j-1].Span.End
	}
	// "leaders of Romania's government", "opposition groups in Zimbabwe".
	if actordict.Country(m.Code) != "" || m.Last+1 >= s.Last {
		return
	}
	switch w := tokText(text, toks[m.Last]); {
	case w == "of" || w == "from":
	case w == "in" && residentSector[m.Code[:3]]:
		// "police in Zimbabwe" are Zimbabwe's; "troops in Iraq" or
		// "refugees in Lebanon" often are not.
	default:
		return
	}
	i := m.Last + 1
	if i < s.Last && token.Norm(tokText(text, toks[i])) == "the" {
		i++
	}
	if c := f.country(t, i, s.Last); c.code != "" {
		m.Code = c.code + m.Code
	}
}

// residentSector lists the agents who usually belong to the country they
// are "in".
var residentSector = map[string]bool{"COP": true, "OPP": true, "GOV": true, "LEG": true, "JUD": true, "CVL": true,
	"ELI": true, "REL": true, "MED": true, "EDU": true, "LAB": true, "BUS": true, "HLH": true, "PTY": true}

// Capitalised words that do not continue a name after a title.
var stopName = map[string]bool{"The": true, "On": true, "In": true, "And": true, "But": true, "A": true, "An": true, "It": true, "He": true, "She": true, "They": true}

// composed recognises a national generic agent starting at token i and
// returns its mentions and the token after it, or i if there is none.
func (f *Finder) composed(t actordict.Text, si int, s news.Sentence, i int, when time.Time) ([]news.Mention, int) {
	text, toks := t.Src, t.Toks
	var countries []string
	var starts []int
	j := i
	for j < s.Last {
		c := f.country(t, j, s.Last)
		if c.code == "" {
			break
		}
		countries = append(countries, c.code)
		starts = append(starts, j)
		j = c.next
		// "US and Iraqi", "Iraqi, Kurdish and US"
		if j+1 < s.Last && (tokText(text, toks[j]) == "and" || tokText(text, toks[j]) == ",") {
			if c2 := f.country(t, j+1, s.Last); c2.code != "" {
				j++
				continue
			}
			if j+2 < s.Last && tokText(text, toks[j]) == "," && tokText(text, toks[j+1]) == "and" {
				if c2 := f.country(t, j+2, s.Last); c2.code != "" {
					j += 2
					continue
				}
			}
		}
		break
	}
	if len(countries) == 0 {
		return nil, i
	}
	backer := ""
	if j+1 < s.Last && tokText(text, toks[j]) == "-" {
		switch token.Norm(tokText(text, toks[j+1])) {
		case "backed", "supported", "sponsored", "funded", "armed", "trained", "aligned", "allied", "linked", "affiliated", "led":
			backer = countries[len(countries)-1]
			j += 2
		}
	}
	// Title modifiers the lexicon does not list: "Taiwan's Vice Foreign
	// Minister"; after a possessive, plain adjectives too: "Iran's
	// religious leader", "Syria's main opposition group".
	possessive := j > i && (t.Norms[j-1] == "s")
	for k := 0; j < s.Last && k < 2; k++ {
		w := t.Norms[j]
		if titleModifier[w] || possessive && isModifier(tokText(text, toks[j])) && !f.startsAgent(t, j, s.Last) {
			j++
			continue
		}
		break
	}
	m, ok := f.dict.Match(t.Upto(s.Last), j)
	if ok && m.Actor.Stop() {
		return nil, i
	}
	if !ok || !m.Actor.Agent() {
		if backer == "" && (!ok || !m.Actor.Agent()) {
			// "an Indian proposal", "Israeli air raids": the country
			// adjective names the actor behind a common noun.
			if ms, next := f.adjectives(t, si, starts, j, s.Last, when); ms != nil {
				return ms, next
			}
			return nil, i
		}
		if !ok || backer == "" {
			return nil, i
		}
	}
	if !m.Actor.Agent() {
		// "Iranian-backed Kataib Hezbollah": the named actor, with its backer.
		men := f.mention(text, toks, si, i, m.Last, m.Actor, when)
		men.Backer = backer
		return []news.Mention{men}, m.Last
	}
	agent := m.Actor.At(when)
	var out []news.Mention
	for k, c := range countries {
		from, to := starts[k], m.Last
		if k < len(countries)-1 {
			to = starts[k] + 1 // "US" of "US and Iraqi officials"
		}
		code := c + agent.Code
		if backer != "" {
			code = "---" + agent.Code
		}
		out = append(out, news.Mention{
			Span:     news.Span{Start: toks[from].Span.Start, End: toks[to-1].Span.End},
			Sentence: si, First: from, Last: to,
			Name: text[toks[from].Span.Start:toks[m.Last-1].Span.End], Code: code, Backer: backer,
		})
		if backer != "" {
			out[len(out)-1].Span.Start = toks[i].Span.Start
			out[len(out)-1].First = i
			break
		}
	}
	end := m.Last
	// "American diplomats and service members": the country word governs
	// the agents coordinated after the first.
	if backer == "" && len(countries) == 1 {
		for end+1 < s.Last && (t.Norms[end] == "and" || t.Norms[end] == "or") {
			m2, ok := f.dict.Match(t.Upto(s.Last), end+1)
			if !ok || !m2.Actor.Agent() {
				break
			}
			out = append(out, news.Mention{
				Span:     news.Span{Start: toks[end+1].Span.Start, End: toks[m2.Last-1].Span.End},
				Sentence: si, First: end + 1, Last: m2.Last,
				Name: text[toks[end+1].Span.Start:toks[m2.Last-1].Span.End], Code: countries[0] + m2.Actor.At(when).Code,
			})
			end = m2.Last
		}
	}
	return out, end
}

// adjectives returns mentions of the countries whose adjectives start at
// starts, when the word at next is a lower-case noun or modifier they
// qualify, and the token to go on from. Names are left to the name
// matcher: in "Russian and Syrian warplanes" only "Russian" is taken here.
func (f *Finder) adjectives(t actordict.Text, si int, starts []int, next, end int, when time.Time) ([]news.Mention, int) {
	if next >= end || !lowerWord(t.Src[t.Toks[next].Span.Start:t.Toks[next].Span.End]) {
		return nil, 0
	}
	var out []news.Mention
	for _, k := range starts {
		a := f.dict.AdjectiveOf(t.Upto(end), k)
		if _, name := f.dict.Match(t.Upto(end), k); name || a == nil || len(a.At(when).Code) != 3 {
			return out, k
		}
		m := f.mention(t.Src, t.Toks, si, k, k+1, a, when)
		m.Adjective = true
		m.Place = placeNouns[t.Norms[next]] // "the central Syrian desert", "Iraqi territory"
		out = append(out, m)
	}
	return out, next
}

// nameParticle are lower-case words inside personal names.
var nameParticle = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "abu": true,
	"de": true, "da": true, "dos": true, "van": true, "von": true, "der": true, "le": true, "la": true, "ould": true}

// Nouns that make a country adjective a location, not an actor.
var placeNouns = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`city cities town towns village villages province provinces region regions district
		desert border borders frontier territory territories soil airspace waters coast coastline capital countryside
		side mountains mountain island islands port ports shore shores enclave area areas north south east west
		northeast northwest southeast southwest heartland hinterland interior mainland sector zone`) {
		placeNouns[w] = true
	}
}

// lowerWord reports a word that starts with a lower-case letter.
func lowerWord(w string) bool { return w != "" && w[0] >= 'a' && w[0] <= 'z' }

type countryWord struct {
	code string
	next int
}

// country reads a country word at token i: an adjective ("Iraqi"), or a
// country's name, possibly possessive ("Iraq's", "the United States'").
func (f *Finder) country(t actordict.Text, i, end int) countryWord {
	text, toks := t.Src, t.Toks
	if c := f.dict.Adjective(t.Upto(end), i); c != "" {
		return countryWord{c, i + 1}
	}
	m, ok := f.dict.Match(t.Upto(end), i)
	if !ok || m.Actor.Agent() || m.Actor.Stop() || len(m.Actor.Adjectives) == 0 {
		return countryWord{}
	}
	code := m.Actor.At(time.Time{}).Code
	if len(code) != 3 {
		return countryWord{}
	}
	next := m.Last
	if next < end && (tokText(text, toks[next]) == "'s" || tokText(text, toks[next]) == "’s") {
		next++
	}
	return countryWord{code, next}
}

func (f *Finder) mention(text string, toks []news.Token, si, from, to int, a *actordict.Actor, when time.Time) news.Mention {
	c := a.At(when)
	return news.Mention{
		Span:     news.Span{Start: toks[from].Span.Start, End: toks[to-1].Span.End},
		Sentence: si, First: from, Last: to,
		Name: a.Name, Code: c.Code, Role: c.Role,
	}
}

// mergeTitles joins a title or office to the named person or body that
// follows it: "Iraqi Prime Minister Haider al-Abadi" is one mention of
// Abadi; "US Army Col." before an unknown name keeps the country.
func mergeTitles(ms []news.Mention, first int, agents map[int]bool) []news.Mention {
	out := ms[:first]
	prevAgent := false
	for k, m := range ms[first:] {
		isAgent := agents[first+k]
		if n := len(out); n > first && prevAgent && !isAgent && out[n-1].Last == m.First {
			prev := out[n-1]
			if actordict.Country(m.Code) == "" && actordict.Country(prev.Code) != "" {
				m.Code = actordict.Country(prev.Code) + m.Code
			}
			m.Span.Start, m.First = prev.Span.Start, prev.First
			out[n-1] = m
			prevAgent = false
			continue
		}
		// "Kataib Hezbollah fighters", "Peshmerga forces": the group's
		// members are the group.
		if n := len(out); n > first && !prevAgent && isAgent && out[n-1].Last == m.First && actordict.Country(m.Code) == "" {
			out[n-1].Last, out[n-1].Span.End = m.Last, m.Span.End
			continue
		}
		out = append(out, m)
		prevAgent = isAgent
	}
	return out
}

func tokText(text string, t news.Token) string { return text[t.Span.Start:t.Span.End] }

// isModifier reports a lower-case word that may stand between a
// possessive country and its agent: not a function word.
func isModifier(w string) bool {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	switch w {
	case "and", "or", "to", "of", "the", "a", "an", "is", "was", "has", "have", "had", "said", "says", "will", "would", "in", "on", "for", "with":
		return false
	}
	for i := 0; i < len(w); i++ {
		if !(w[i] >= 'a' && w[i] <= 'z' || w[i] == '-') {
			return false
		}
	}
	return true
}

// startsAgent reports whether a generic agent's name starts at token j.
func (f *Finder) startsAgent(t actordict.Text, j, end int) bool {
	m, ok := f.dict.Match(t.Upto(end), j)
	return ok && m.Actor.Agent()
}

var titleModifier = map[string]bool{"vice": true, "deputy": true, "acting": true, "senior": true, "former": true, "top": true,
	"chief": true, "interim": true, "caretaker": true, "then": true, "new": true, "outgoing": true, "incoming": true, "assistant": true}

// After these words a country or capital is a place, not an actor: "met in
// Baghdad", "bases across Iraq". ("Sent to Iraq" keeps Iraq: it can be
// the recipient.)
var locative = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "inside": true, "around": true,
	"across": true, "throughout": true, "within": true, "over": true}

// locativeBefore reports a locative preposition before token i, perhaps
// with a direction or article between: "in Baghdad", "in eastern
// Baghdad", "across the north of Iraq" is not handled, "across northern
// Iraq" is.
func (f *Finder) locativeBefore(t actordict.Text, s news.Sentence, i int) bool {
	for j := i - 1; j >= s.First && j >= i-3; j-- {
		w := t.Norms[j]
		if locative[w] {
			return true
		}
		if !placeModifier[w] {
			return false
		}
	}
	return false
}

var placeModifier = map[string]bool{"the": true, "eastern": true, "western": true, "northern": true, "southern": true,
	"central": true, "northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north": true, "south": true, "east": true, "west": true, "greater": true, "downtown": true, "rural": true,
	"neighbouring": true, "neighboring": true, "-": true}

// isGovernment reports whether code is a bare country or its government,
// the codes a place name carries.
func isGovernment(code string) bool { return len(code) == 3 || len(code) == 6 && code[3:] == "GOV" }
