package quantity

import (
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// unitAfter finds what the amount ending before token i counts: "275
// troops", "275 more US troops", "thousands of protesters", "6km", "30
// percent", "two-man crew", "800-strong contingent", "20 were killed". It
// returns the unit and the token after it (i when there is none).
func (r *reader) unitAfter(i int, vagueAmount bool) (string, int) {
	w := r.n(i)
	switch {
	case w == "%":
		return "percent", i + 1
	case w == "percent" || w == "pc":
		return "percent", i + 1
	case w == "per" && r.n(i+1) == "cent":
		return "percent", i + 2
	case measures[w] != "":
		return measures[w], i + 1
	case w == "square" && measures[r.n(i+1)] != "":
		return "sq " + measures[r.n(i+1)], i + 2
	case w == "-" && r.joined(i) && r.isWord(i+1):
		// "two-man crew", "800-strong contingent", "14-year-old".
		c := r.n(i + 1)
		end := i + 2
		for r.n(end) == "-" && r.isWord(end+1) {
			c += "-" + r.n(end+1)
			end += 2
		}
		if c == "man" || c == "strong" || c == "member" || c == "men" || c == "nation" || c == "vehicle" || c == "car" {
			if u, e := r.compoundHead(end); u != "" {
				return u, e
			}
		}
		return c, end
	case w == "of":
		// "thousands of protesters", "millions of dollars"; for an exact
		// number "of" is partitive ("two of the attackers") and counts
		// the noun only when it is plain ("200 of them" counts nothing).
		if vagueAmount {
			j := i + 1
			if r.n(j) == "the" || r.n(j) == "their" || r.n(j) == "its" {
				j++
			}
			if u, e := r.noun(j); u != "" {
				return u, e
			}
		}
		return "", i
	}
	if u, e := r.noun(i); u != "" {
		return u, e
	}
	// "20 were killed", "20 dead", "12 wounded".
	j := i
	if r.n(j) == "were" || r.n(j) == "are" || r.n(j) == "have" || r.n(j) == "had" {
		j++
		if r.n(j) == "been" {
			j++
		}
	}
	if c := casualty[r.n(j)]; c != "" {
		return c, j + 1
	}
	return "", i
}

// noun finds the head noun of a short noun phrase at token i: it skips up
// to three modifiers ("more", "US", "ISIL-held", "oil pump") and stops at a
// countable noun, a known measure, or anything that ends the phrase.
func (r *reader) noun(i int) (string, int) {
	for j, k := i, 0; j < r.s.Last && k < 5; j, k = j+1, k+1 {
		w := r.n(j)
		if measures[w] != "" {
			return measures[w], j + 1
		}
		if countable(w) {
			return w, j + 1
		}
		// A number glued to a hyphen is a model ("F-16 jets"), not a new amount.
		model := r.doc.Tokens[j].Kind == news.Number && r.n(j-1) == "-" && r.joined(j)
		if phraseEnd[w] || r.doc.Tokens[j].Kind == news.Number && !model || r.doc.Tokens[j].Kind == news.Punct && w != "-" {
			return "", i
		}
	}
	return "", i
}

// compoundHead finds the noun a compound amount qualifies: "two-man
// *crew*", "800-strong Bangladeshi *contingent*", "60-plus *nation*": the
// first lower-case word after any capitalised ones.
func (r *reader) compoundHead(i int) (string, int) {
	for j := i; j < r.s.Last && j < i+3; j++ {
		w := r.w(j)
		if r.doc.Tokens[j].Kind != news.Word || phraseEnd[r.n(j)] {
			return "", i
		}
		if w != "" && w[0] >= 'a' && w[0] <= 'z' {
			return r.n(j), j + 1
		}
	}
	return "", i
}

func (r *reader) isWord(i int) bool {
	return i >= r.s.First && i < r.s.Last && r.doc.Tokens[i].Kind == news.Word
}

// unitBefore finds a unit named before the amount at token i: "a crowd of
// 200,000", "a force of 5,000", "the death toll rose to 43", "killing at
// least 43", "wounding 12".
func (r *reader) unitBefore(i int) string {
	if r.n(i-1) == "of" {
		if u := r.n(i - 2); collective[u] {
			return u
		}
	}
	for j := i - 1; j >= r.s.First && j >= i-4; j-- {
		w := r.n(j)
		if w == "toll" {
			return "killed"
		}
		if c := casualty[w]; c != "" && j == i-1 {
			return c
		}
		if w != "to" && w != "rose" && w != "climbed" && w != "reached" && w != "stood" && w != "at" && w != "has" && w != "had" {
			break
		}
	}
	return ""
}

// countable reports a plural noun or a noun that counts people or things
// in news: "troops", "attacks", "people", "personnel", "police".
func countable(w string) bool {
	if countNouns[w] || len(w) > 4 && strings.HasSuffix(w, "men") {
		return true // "airmen", "gunmen", "tribesmen"
	}
	if len(w) < 4 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
		return false
	}
	return !notNouns[w]
}

// Nouns that count without a plural -s.
var countNouns = set(`people personnel police staff troops crew cattle livestock children men women
	militia infantry artillery aircraft deer sheep fish`)

// Plural-looking words that are not nouns counted by an amount.
var notNouns = set(`was has does goes says makes takes gives comes seems becomes remains
	includes involves continues appears means this thus plus less unless across perhaps always sometimes
	besides towards afterwards whereas its hers ours theirs yours series news`)

// Words that end a noun phrase before its head was found.
var phraseEnd = set(`the a an of in on at to for from by with and or but that which who were was is are have has had
	will would said says after before since during than as if while when where per each this these those
	within into onto over under near across through toward towards against among between inside outside
	around about behind beyond without along amid despite`)

// Measures and their unit names.
var measures = map[string]string{
	"km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
	"miles": "miles", "mile": "miles", "mi": "miles", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
	"m": "m", "ft": "feet", "feet": "feet", "foot": "feet", "yards": "yards",
	"tons": "tonnes", "tonnes": "tonnes", "ton": "tonnes", "tonne": "tonnes", "kg": "kg", "kilograms": "kg",
	"hours": "hours", "hour": "hours", "days": "days", "day": "days", "weeks": "weeks", "week": "weeks",
	"months": "months", "month": "months", "years": "years", "year": "years", "minutes": "minutes",
	"dollars": "usd", "dollar": "usd", "euros": "eur", "euro": "eur", "pounds": "gbp",
	"barrels": "barrels", "bpd": "barrels a day",
}

// Collective nouns an amount can follow with "of": "a crowd of 200,000".
var collective = set(`crowd crowds force forces contingent army group groups total toll population`)

// Words that make an amount a casualty count, and what they count.
var casualty = map[string]string{
	"killed": "killed", "killing": "killed", "kill": "killed", "kills": "killed", "dead": "killed",
	"died": "killed", "deaths": "killed", "fatalities": "killed", "bodies": "killed", "executed": "killed",
	"massacre": "killed", "massacred": "killed", "slaughtered": "killed", "murdered": "killed", "beheaded": "killed",
	"wounded": "wounded", "wounding": "wounded", "injured": "wounded", "injuring": "wounded", "hurt": "wounded",
	"injuries": "wounded", "casualties": "casualties", "missing": "missing", "displaced": "displaced",
	"kidnapped": "kidnapped", "abducted": "kidnapped", "arrested": "arrested", "detained": "arrested",
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
