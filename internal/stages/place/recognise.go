package place

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/names"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// This file finds place names in the text: gazetteer names the text
// supports, names the gazetteer lacks that their context marks as places,
// and the relation words before them.

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
		listEnd := -1 // the end of the last place name a list could continue
		for i := s.First; i < s.Last; {
			cands, last := f.gaz.Match(t.Upto(s.Last), i)
			if len(cands) > 0 {
				// "the Quds Hospital", "the Mosul Sample Dam": a site named
				// after a place is the site.
				if end := f.unlisted(doc, ms, t, s, i); end > last && siteWords[t.Norms[end-1]] {
					cands = nil
				}
			}
			if len(cands) == 0 {
				end := f.unlisted(doc, ms, t, s, i)
				if end == i && i > s.First && listEnd == i-1 && (t.Norms[i-1] == "and" || t.Norms[i-1] == ",") {
					// "the districts of Al-Arfi and Mouzafeen": the list goes on
					end = f.listed(doc, ms, t, s, i)
				}
				if end > i {
					listEnd = end
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
				cands = f.capitalOf(t, s, i, last, cands)
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

// capitalOf turns a governorate or region named as a city's description
// into that city: "the Anbar capital", "Anbar's capital", "the capital of
// Anbar" are Ramadi. Other names stay as they are.
func (f *Finder) capitalOf(t names.Text, s news.Sentence, i, last int, cands []*gazetteer.Place) []*gazetteer.Place {
	after := func(j int, w string) bool { return j < s.Last && t.Norms[j] == w }
	called := after(last, "capital") || after(last, "s") && after(last+1, "capital") ||
		i-2 >= s.First && t.Norms[i-1] == "of" && t.Norms[i-2] == "capital" ||
		i-3 >= s.First && t.Norms[i-1] == "the" && t.Norms[i-2] == "of" && t.Norms[i-3] == "capital"
	if !called {
		return cands
	}
	for _, p := range cands {
		if p.Capital == "" {
			continue
		}
		var out []*gazetteer.Place
		for _, c := range f.gaz.Lookup(p.Capital) {
			if c.Country == p.Country && c.Kind != gazetteer.Admin1 && c.Kind != gazetteer.Admin2 && c.Kind != gazetteer.Region {
				out = append(out, c)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return cands
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
	if titleCase(doc, t, s) {
		return false
	}
	// "Liwaa Al-Quds", "Jaysh Al-Fateh": a name with the Arabic article
	// after a capitalised word is the second half of a construct ("the
	// brigade of Jerusalem"), a group's name.
	a := i // where the article starts: "Al-Quds", "Al - Quds", "Al Quds"
	if i-2 >= s.First && t.Word(i-1) == "-" && (t.Word(i-2) == "Al" || t.Word(i-2) == "al") {
		a = i - 2
	} else if i-1 >= s.First && t.Word(i-1) == "Al" {
		a = i - 1
	}
	if first := t.Word(a); a > s.First && (a < i || strings.HasPrefix(first, "Al-")) {
		if p := t.Word(a - 1); doc.Tokens[a-1].Kind == news.Word && unicode.IsUpper([]rune(p)[0]) && strings.ToUpper(p) != p &&
			!functionWords[t.Norms[a-1]] && !directionWords[t.Norms[a-1]] && !prefixWords[t.Norms[a-1]] &&
			!settlementWords[t.Norms[a-1]] && !areaWords[t.Norms[a-1]] && !strings.HasPrefix(p, "Al-") && !dateWords[t.Norms[a-1]] {
			return true
		}
	}
	if last >= s.Last || doc.Tokens[last].Kind != news.Word {
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
	"republic": true, "congress": true, "parliament": true, "senate": true, "white": true, "house": true,
	// words of force and office names ("the Federal Police", "Fire and
	// Police"): Police is also a Polish town
	"police": true, "army": true, "guard": true, "forces": true, "command": true, "fire": true, "security": true,
	"interior": true, "defence": true, "defense": true, "council": true, "court": true}

var dateWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"ramadan": true, "eid": true}

// settlementWords name a kind of place before "of" ("the village of
// Tamthil") or after a name ("Khanasir town", "al-Tijara neighbourhood").
var settlementWords = map[string]bool{"village": true, "villages": true, "town": true, "towns": true, "city": true,
	"districts": true, "neighbourhoods": true, "neighborhoods": true, "suburbs": true, "quarters": true,
	"settlement": true, "settlements": true, "stronghold": true, "enclave": true,
	"neighbourhood": true, "neighborhood": true, "district": true, "suburb": true, "hamlet": true, "camp": true,
	"township": true, "municipality": true, "outpost": true, "locality": true, "quarter": true}

// unlisted returns the end of a name the gazetteer lacks that starts at
// token i and that its context marks as a place: after "the village of",
// "the town of", ..., or between a locative word and "town", "village",
// "neighbourhood" ("in al-Tijara neighbourhood"). It returns i when there
// is none. A name that is an actor mention is not one.
func (f *Finder) unlisted(doc *news.Document, ms []news.Mention, t names.Text, s news.Sentence, i int) int {
	end := f.nameRun(doc, ms, t, s, i)
	if end == i {
		return i
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
	case end-i > 1 && siteWords[norm(end-1)] && (locatives[prev] || prev == "the" || lowerWord(t, s, i-1) && norm(i-2) == "the"):
		return end // "the Youth Housing Complex", "near the Kweires Airbase", "the strategic Thardeh Mountains"
	case (prev == "in" || prev == "near" || prev == "at") && norm(end) == "," && apposition(t, s, end+1):
		return end // "In Dura, south of Baghdad", "in Hawija, a town near Kirkuk"
	}
	return i
}

// listed returns the end of a name at token i that goes on a list of
// unlisted places ("the districts of Al-Arfi and Mouzafeen"), or i.
func (f *Finder) listed(doc *news.Document, ms []news.Mention, t names.Text, s news.Sentence, i int) int {
	return f.nameRun(doc, ms, t, s, i)
}

// nameRun returns the end of the capitalised name at token i that could
// be a place the gazetteer lacks, or i: not an actor's name, nor an
// adjective or a community ("the Kurdish district of ...", "a Sunni
// neighbourhood").
func (f *Finder) nameRun(doc *news.Document, ms []news.Mention, t names.Text, s news.Sentence, i int) int {
	end := i
	for end < s.Last && end-i < 6 {
		w := t.Word(end)
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case (doc.Tokens[end].Kind == news.Word || doc.Tokens[end].Kind == news.Number && end > i) && (unicode.IsUpper(r) || unicode.IsDigit(r)):
		case end > i && (w == "al" || w == "el" || w == "bin" || w == "ibn" || w == "-" || strings.HasPrefix(w, "al-")):
		case end == i && strings.HasPrefix(w, "al-") && len(w) > 3:
		case end > i && joined(doc, end) && (apostrophes[w] && end+1 < s.Last && joined(doc, end+1) && t.Word(end+1) != "s" ||
			apostrophes[t.Word(end-1)] && doc.Tokens[end].Kind == news.Word):
			// an ayn or a hamza written inside the name: "Al-‘Arfi", "Sa’eed"
		default:
			goto done
		}
		end++
	}
done:
	if end == i || doc.Tokens[end-1].Kind == news.Punct || t.Word(end-1) == "-" {
		return i
	}
	// A name with its kind of site after it ("the Al-Assad Suburb", "the
	// Assad Suburb") is a place even where an actor's name is in it.
	named := end-i > 1 && siteWords[t.Norms[end-1]] && unicode.IsUpper([]rune(t.Word(end - 1))[0])
	for _, m := range ms {
		if m.First < end && i < m.Last && !named {
			return i
		}
	}
	if f.dict.Adjective(t.Upto(s.Last), i) != "" || end == i+1 && adjectival(t.Norms[i]) || community(t.Norms[i]) {
		return i
	}
	return end
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

// apostrophes are the marks transliterations write for an ayn or a hamza.
var apostrophes = map[string]bool{"'": true, "‘": true, "’": true, "`": true}

// joined reports token j written against the one before it, with no space.
func joined(doc *news.Document, j int) bool {
	return j > 0 && j < len(doc.Tokens) && doc.Tokens[j-1].Span.End == doc.Tokens[j].Span.Start
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
		d := o.Span.Gap(pm.Span)
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
			// "bombings in the capital Baghdad killed ten", "a Baghdad
			// mosque", "markets in northern Baghdad have", "an upscale
			// Baghdad restaurant": a place, whatever follows.
			for k := m.First - 1; k >= 0 && k >= m.First-2; k-- {
				p := doc.Tokens[k].Span
				w := strings.ToLower(doc.Text[p.Start:p.End])
				if w == "capital" || w == "city" || w == "a" || w == "an" || locatives[w] {
					return false
				}
				if k == m.First-1 && !regionAdjectives[w] && doc.Tokens[k].Kind == news.Word && w != doc.Text[p.Start:p.End] {
					break // a capitalised word before: "Iraqi Prime Minister ..."
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
