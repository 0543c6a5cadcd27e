package quantity

import (
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// An amount is a number read at some token.
type amount struct {
	value float64
	end   int    // the token after it
	vague bool   // "dozens", "thousands of", "several"
	bare  bool   // a lone small number word ("one", "two"), which needs a unit to count
	unit  string // a measure glued to the digits: "30km", "50m"
}

// amount reads a number at token i: digits with an optional scale
// ("4.7 million", "$12m"), number words ("two hundred and fifty", "a
// dozen", "half a million"), or a vague word ("dozens", "tens of
// thousands", "a few").
func (r *reader) amount(i int, money bool) (amount, bool) {
	if r.isNumber(i) {
		num, suffix := splitSuffix(r.w(i))
		v, ok := digits(num)
		if !ok {
			return amount{}, false
		}
		end := i + 1
		if suffix != "" {
			// "30km", "$12m", "20k"; "93rd" and "1990s" are no amounts.
			switch s, isScale := scales[suffix]; {
			case isScale && s >= 1e3 && (money || suffix != "m"):
				v *= s
			case measures[suffix] != "" && !money:
				return amount{value: v, end: end, unit: measures[suffix]}, v <= maxValue
			default:
				return amount{}, false
			}
			if v > maxValue {
				return amount{}, false
			}
			return amount{value: v, end: end}, true
		}
		if s, ok := scales[r.n(end)]; ok && s >= 1e3 && (len(r.n(end)) > 2 || money || r.joined(end) && r.n(end) != "m") {
			// "4.7 million", "$12m", "20k"; but "50m" alone is metres.
			v *= s
			end++
		}
		if v > maxValue {
			return amount{}, false
		}
		return amount{value: v, end: end}, true
	}
	w := r.n(i)
	switch {
	case w == "tens" || w == "hundreds":
		// "tens of thousands", "hundreds of thousands", "hundreds of millions"
		if r.n(i+1) == "of" {
			if s := vague[r.n(i+2)]; s >= 1e3 {
				base := 10.0
				if w == "hundreds" {
					base = 100
				}
				return amount{value: base * s, end: i + 3, vague: true}, true
			}
		}
		if w == "hundreds" {
			return amount{value: 100, end: i + 1, vague: true}, true
		}
		return amount{}, false
	case w == "a" || w == "an":
		switch r.n(i + 1) {
		case "few", "handful":
			return amount{value: 3, end: i + 2, vague: true}, true
		case "dozen", "hundred", "thousand", "million", "billion":
			return r.words(i+1, 1)
		}
		return amount{}, false
	case w == "half" && (r.n(i+1) == "a" || r.n(i+1) == "an") && scales[r.n(i+2)] >= 1e3 && len(r.n(i+2)) > 2:
		return amount{value: scales[r.n(i+2)] / 2, end: i + 3}, true
	case w == "several" && scales[r.n(i+1)] >= 100 && len(r.n(i+1)) > 2:
		// "several hundred", "several hundred thousand": three of them.
		a, ok := r.words(i+1, 3)
		a.vague = true
		return a, ok
	case w == "several" || w == "dozens" || w == "scores" || w == "thousands" || w == "millions":
		if w == "scores" && r.n(i+1) != "of" {
			return amount{}, false // "scores" is also a verb and a noun of its own
		}
		return amount{value: vague[w], end: i + 1, vague: true}, true
	}
	if _, ok := units[w]; ok || w == "dozen" {
		return r.words(i, 1)
	}
	return amount{}, false
}

// splitSuffix splits the letters a number token may end with: "30km" is
// "30" and "km".
func splitSuffix(w string) (string, string) {
	for i, r := range w {
		if unicode.IsLetter(r) {
			return w[:i], strings.ToLower(w[i:])
		}
	}
	return w, ""
}

// words reads a run of number words ("two hundred and fifty thousand",
// "twenty-five", "two dozen"), multiplied by mult.
func (r *reader) words(i int, mult float64) (amount, bool) {
	total, current := 0.0, 0.0
	end, n := i, 0
	for {
		w := r.n(end)
		if v, ok := units[w]; ok {
			current += v
		} else if w == "dozen" {
			current = max(current, 1) * 12
		} else if s, ok := scales[w]; ok && len(w) > 2 {
			if s == 100 {
				current = max(current, 1) * 100
			} else {
				total += max(current, 1) * s
				current = 0
			}
		} else if (w == "-" || w == "and") && n > 0 {
			// "twenty-five", "two hundred and fifty": only when a number
			// word follows.
			if _, ok := units[r.n(end+1)]; !ok {
				break
			}
		} else {
			break
		}
		end++
		n++
	}
	if n == 0 {
		return amount{}, false
	}
	v := (total + current) * mult
	// A lone "one" or "two" counts only with a unit; "ten thousand" or
	// "a dozen" stands on its own.
	bare := n == 1 && v < 13 && mult == 1 && (i == 0 || r.n(i-1) != "a" && r.n(i-1) != "an")
	if r.n(i-1) == "a" || r.n(i-1) == "an" {
		bare = false
	}
	return amount{value: v, end: end, bare: bare}, true
}

// notAmount reports numbers that are not amounts: years, days of the
// month, times, ordinals, model and route numbers ("F-16", "Resolution
// 2254").
func (r *reader) notAmount(i int, a amount) bool {
	if !r.isNumber(i) {
		return false
	}
	next := r.n(a.end)
	// Ordinals and times: "93rd", "1st", "10:30", "5 pm".
	if r.joined(a.end) && (next == "st" || next == "nd" || next == "rd" || next == "th" || next == ":") {
		return true
	}
	if next == "am" || next == "pm" || next == "a.m." || next == "p.m." || next == "gmt" || next == "utc" {
		return true
	}
	prev := r.n(i - 1)
	// Dates: "June 30", "30 June", "Jan. 3".
	if months[prev] || months[next] || months[strings.TrimSuffix(prev, ".")] {
		return true
	}
	// A year: four digits, no separator, with no unit after it.
	if w := r.w(i); len(w) == 4 && a.end == i+1 && a.value >= 1800 && a.value <= 2100 && !countable(r.n(a.end)) {
		return true
	}
	// "F-16", "Mi-26", "10:30": a code or a time glued to letters, a
	// hyphen or a colon.
	if r.joined(i) && (prev == "-" || prev == ":" || r.doc.Tokens[i-1].Kind == news.Word) {
		return true
	}
	// Coordinates and citation marks: "33.783°N", "[1]".
	if next == "°" || next == "′" || prev == "[" && next == "]" {
		return true
	}
	// "Resolution 2254", "Route 1", "CTF 50", "DDG 72": a name or an
	// acronym before the number (not a word like "For" or "About").
	if i-1 >= r.s.First && token.IsCapitalized(r.w(i-1)) && !numberContext[prev] && !phraseEnd[prev] {
		if b, _ := r.boundAt(i - 1); b.kind == noBound {
			return true
		}
	}
	return false
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// Capitalised words that may stand before an amount: sentence-initial
// bounds are handled apart, these are the ones that can follow anywhere.
var numberContext = map[string]bool{"another": true, "only": true, "just": true, "all": true, "the": true, "some": true, "those": true, "these": true}
