package place

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// This file places events: which of the places a sentence names is where
// its event happened.

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
	// Between the verb and the name: an article, words in lower case that
	// modify it, and "the districts of": "targeting the strategic Thardeh
	// Mountains", "stormed the government-held districts of Al-Arfi".
	words := strings.Fields(doc.Text[trigger.End:pm.Span.Start])
	if len(words) > 5 {
		return false
	}
	for i, w := range words {
		switch {
		case w == "the" || w == "The" || w == "a" || w == "an":
		case w == "of" && i > 0 && (settlementWords[words[i-1]] || areaWords[words[i-1]]):
		case modifier(w):
		default:
			return false
		}
	}
	return true
}

// modifier reports a word in lower case that may stand between a verb and
// its object's head: no clause word, preposition or auxiliary.
func modifier(w string) bool {
	if w == "" || clauseWords[w] || locatives[w] || auxiliaries[w] {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
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
	"settlement": true, "town's": true, "front": true, "slum": true, "slums": true}

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
	desc := opening(doc, si)
	for pi := lo; pi < hi; pi++ {
		pm := doc.Places[pi]
		if pm.Actor || pm.Place.Precision == "" || subject(doc, pm, trigger) || inlineDateline(doc, pm) {
			continue // an unlisted name with nothing to place it has no position
		}
		d := pm.Span.Gap(trigger)
		s := doc.Sentences[pm.Sentence]
		word := func(j int) string {
			if j < s.First || j >= s.Last {
				return ""
			}
			return strings.ToLower(doc.Text[doc.Tokens[j].Span.Start:doc.Tokens[j].Span.End])
		}
		wi := pm.First - 1 // the word that says how the name is used
		// "in the Abu Ghraib area", "in front of the Al-Quds Hospital",
		// "on the strategic Sheikh Saeed District": the article and a
		// modifier or two stand between the preposition and the name.
		for j := wi; j >= wi-2 && j > s.First; j-- {
			if word(j) == "the" {
				if locatives[word(j-1)] || word(j-1) == "of" {
					wi = j - 1
				}
				break
			}
			if regionAdjectives[word(j)] || !modifier(word(j)) {
				break
			}
		}
		if regionAdjectives[word(wi)] && locatives[word(wi-1)] {
			wi-- // "in northern Syria"
			if pm.Place.Kind == string(gazetteer.Country) {
				d -= 150 // part of a country: finer than the country
			}
		}
		prev := word(wi)
		switch {
		case pm.Relation != "":
			// "In Amara, south of Baghdad, ...", "In Hilla, also just south
			// of Baghdad, ...": the relation describes the place before the
			// comma, not where the event happened.
			k := relationStart(doc, s, pm)
			for k-1 > s.First && hedges[word(k-1)] {
				k--
			}
			if k-1 > s.First && word(k-1) == "," && placeEndsAt(doc, pm.Sentence, k-1) {
				d += 300
			}
		case siteWords[word(pm.Last)] || prev == "capital" || prev == "city" || prev == "town":
			// "the Kadhimiya neighborhood of Baghdad", "the capital Baghdad"
		case objectOf(doc, pm, trigger):
			// "captured Hill 30", "stormed the Zara checkpoint": the object of
			// the verb is where it happened
			d = 0
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
		case officeWords[next]:
			d += 300 // "fire on Diyala provincial councillor ...": the name says whose office, not where
		}
		if pm.Place.Kind == string(gazetteer.Country) || pm.Place.Precision == "region" {
			d += 400
		} else {
			d += 30 * fineness(pm.Place) // of two places said alike, the finer says more
		}
		if containerOf(doc, lo, hi, pi, word) {
			d += 150 // "the Homs neighbourhood of Baba Amr", "the Al-Quds Hospital in Aleppo": the finer place
		}
		if pm.Span.End <= trigger.Start && participle(doc, s, trigger) {
			d += 150 // "launched an offensive in the Homs countryside, targeting positions near Al-Zara"
		}
		if desc.End > 0 && desc.Start <= pm.Span.Start && pm.Span.End <= desc.End && trigger.Start >= desc.End {
			d += 300 // a place in the description of the one that opens the sentence
		}
		from := pm.Span
		if desc.End > 0 && pm.Span.End <= desc.Start && trigger.Start >= desc.End {
			from = news.Span{Start: desc.End - 1, End: desc.End} // the description is no clause of the event's
		}
		if clauseBreak(doc, si, trigger, from) {
			d += 250 // "launched the offensive ... after declaring victory in Mosul"
		}
		if best < 0 || d < score {
			best, score = pi, d
		}
	}
	return best
}

// containerOf reports that place mention pi names the larger place
// around another place of the sentence (doc.Places[lo:hi]) joined to it by
// a site word and "of" ("the Homs neighbourhood of Baba Amr", "the Huriyah
// neighborhood of Baghdad") or by "in" ("the Al-Quds Hospital in
// Aleppo"): of the two, the finer place says where.
func containerOf(doc *news.Document, lo, hi, pi int, word func(int) string) bool {
	pm := doc.Places[pi]
	for k := lo; k < hi; k++ {
		o := doc.Places[k]
		if k == pi || fineness(o.Place) >= fineness(pm.Place) {
			continue
		}
		in := pm.First - 1
		if regionAdjectives[word(in)] {
			in-- // "Sadr City in eastern Baghdad"
		}
		if siteOf(doc, pm, o, word) || siteOf(doc, o, pm, word) || word(in) == "in" && o.Last == in {
			return true
		}
	}
	return false
}

// siteOf reports a site word and "of" joining place a to place b: "Homs
// neighbourhood of Baba Amr", "Sheikh Saeed District of southern Aleppo"
// (the site word inside a's name).
func siteOf(doc *news.Document, a, b news.PlaceMention, word func(int) string) bool {
	k := a.Last
	if siteWords[word(k)] || settlementWords[word(k)] {
		k++
	} else if !siteWords[word(k-1)] && !settlementWords[word(k-1)] {
		return false
	}
	if word(k) != "of" {
		return false
	}
	k++
	if regionAdjectives[word(k)] {
		k++
	}
	return b.First == k
}

// fineness orders places from a site to a country.
func fineness(p news.Place) int {
	switch gazetteer.Kind(p.Kind) {
	case gazetteer.Country:
		return 5
	case gazetteer.Region, gazetteer.Admin1:
		return 4
	case gazetteer.Admin2:
		return 3
	case gazetteer.Capital, gazetteer.City:
		return 2
	case gazetteer.Town:
		return 1
	}
	return 0 // a village, a base, a site, an unlisted name
}

// officeWords after a place name make it say whose office or force a
// person holds, not where something happened.
var officeWords = map[string]bool{"provincial": true, "governor": true, "councillor": true, "councilor": true,
	"council": true, "police": true, "officials": true, "official": true, "authorities": true, "spokesman": true,
	"commander": true}

// participle reports a trigger in -ing that opens a clause after a comma
// ("..., targeting the districts of ..."): its own object says where.
func participle(doc *news.Document, s news.Sentence, trigger news.Span) bool {
	if !strings.HasSuffix(doc.Text[trigger.Start:trigger.End], "ing") {
		return false
	}
	for k := s.First + 1; k < s.Last; k++ {
		if doc.Tokens[k].Span.Start == trigger.Start {
			p := doc.Tokens[k-1].Span
			return doc.Text[p.Start:p.End] == ","
		}
	}
	return false
}

// hedges are the adverbs that may come before a relation: "also just
// south of", "some 30 km north of".
var hedges = map[string]bool{"also": true, "just": true, "some": true, "about": true, "roughly": true,
	"nearly": true, "approximately": true, "around": true, "only": true}

// clauseBreak reports a word between two spans of one sentence that
// starts another clause.
func clauseBreak(doc *news.Document, si int, a, b news.Span) bool {
	from, to := a.End, b.Start
	if b.End <= a.Start {
		from, to = b.End, a.Start
	}
	s := doc.Sentences[si]
	prev := ""
	for _, t := range doc.Tokens[s.First:s.Last] {
		if t.Span.Start < from || t.Span.End > to {
			continue
		}
		w := strings.ToLower(doc.Text[t.Span.Start:t.Span.End])
		switch w {
		case ";", "while", "whereas", "but", "said", "says", "told", "who", "which", "that", "whose", "whom", "after", "before", "since", "when", "where":
			return true
		case "and":
			if prev == "," {
				return true // "was killed by gunmen, and in Abu Ghraib four were hurt"
			}
		}
		prev = w
	}
	return false
}

// opening returns the end of the description after a place that opens
// the sentence ("In Awja, the village where Saddam was born north of
// Baghdad, dozens ..."): the span from the name to the comma that closes
// the description, or an empty span when the sentence opens otherwise.
func opening(doc *news.Document, si int) news.Span {
	s := doc.Sentences[si]
	lo, hi := sentencePlaces(doc, si)
	if lo == hi || doc.Places[lo].First != s.First+1 {
		return news.Span{}
	}
	pm := doc.Places[lo]
	if w := strings.ToLower(doc.Text[doc.Tokens[s.First].Span.Start:doc.Tokens[s.First].Span.End]); w != "in" && w != "at" {
		return news.Span{}
	}
	if pm.Last >= s.Last || doc.Text[doc.Tokens[pm.Last].Span.Start:doc.Tokens[pm.Last].Span.End] != "," {
		return news.Span{}
	}
	for k := pm.Last + 1; k < s.Last && k < pm.Last+25; k++ {
		if doc.Text[doc.Tokens[k].Span.Start:doc.Tokens[k].Span.End] == "," {
			return news.Span{Start: doc.Tokens[pm.Last].Span.Start, End: doc.Tokens[k].Span.End}
		}
	}
	return news.Span{}
}
