package quantity

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxValue bounds the numbers read: a 40-digit string is an identifier,
// not an amount.
const maxValue = 1e15

// digits parses a number token: ASCII or other Unicode decimal digits
// (Arabic-Indic "٢٧٥"), commas grouping thousands ("3,000"), a decimal
// point ("7.5"). It reports false for anything else ("1,2,3,4").
func digits(s string) (float64, bool) {
	var b strings.Builder
	group := -1 // digits since the last comma; -1 before any comma
	sawPoint := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case unicode.IsDigit(r):
			d := digitValue(r)
			if d < 0 {
				return 0, false
			}
			b.WriteByte(byte('0' + d))
			if group >= 0 && !sawPoint {
				group++
			}
		case r == ',' || r == '٬':
			if sawPoint || group >= 0 && group != 3 || b.Len() == 0 || b.Len() > 3 && group < 0 {
				return 0, false
			}
			group = 0
		case r == '.' || r == '٫':
			if sawPoint || group >= 0 && group != 3 {
				return 0, false
			}
			sawPoint = true
			b.WriteByte('.')
		default:
			return 0, false
		}
	}
	if group >= 0 && group != 3 || b.Len() == 0 || strings.HasSuffix(b.String(), ".") {
		return 0, false
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || v > maxValue || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// digitValue returns the value of a Unicode decimal digit, or -1.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	// Unicode puts every decimal digit set in a run of ten starting at
	// zero; a few sets follow each other (mathematical digits), so count
	// from the start of the whole run, modulo ten.
	zero := r
	for zero > r-60 && unicode.IsDigit(zero-1) {
		zero--
	}
	return int(r-zero) % 10
}

// Number words and what they are worth.
var units = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mn": 1e6, "bn": 1e9, "m": 1e6, "k": 1e3, "b": 1e9,
}

// Vague amounts, read the way ACLED reads them: the smallest number the
// word implies ("dozens" is 12, "hundreds" 100). "tens of thousands" and
// "hundreds of thousands" are handled where they are read.
var vague = map[string]float64{
	"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
	"several": 3, "handful": 3, "few": 3,
}
