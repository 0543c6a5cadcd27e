package date

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// starters are the words, besides numbers, months and weekdays, that can
// open an expression.
var starters = map[string]bool{
	"the": true, "early": true, "late": true, "mid": true, "earlier": true, "later": true, "last": true, "past": true,
	"previous": true, "this": true, "current": true, "next": true, "coming": true, "weekend": true, "today": true,
	"tonight": true, "yesterday": true, "tomorrow": true, "a": true, "an": true, "one": true, "two": true, "three": true,
	"four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true, "eleven": true,
	"twelve": true, "several": true, "few": true, "first": true, "second": true, "third": true, "fourth": true,
	"year": true, "years": true, "latest": true, "recent": true, "spring": true, "summer": true, "fall": true,
	"autumn": true, "winter": true, "'": true, "’": true, "now": true, "currently": true, "nowadays": true,
	"recently": true, "formerly": true, "future": true, "nineteen": true, "eighteen": true,
	// the first words of holidays
	"christmas": true, "new": true, "halloween": true, "valentine": true, "veterans": true, "nowruz": true,
	"newroz": true, "norooz": true, "thanksgiving": true, "election": true, "memorial": true, "labor": true,
	"easter": true, "good": true, "eid": true, "ashura": true, "arbaeen": true, "arbaein": true, "mawlid": true,
	"islamic": true, "that": true, "fiscal": true, "previously": true, "near": true, "short": true, "long": true,
	"twenties": true, "thirties": true, "forties": true, "fifties": true, "sixties": true, "seventies": true,
	"eighties": true, "nineties": true, "same": true, "following": true, "preceding": true, "day": true, "month": true, "soon": true, "these": true, "quarter": true, "period": true,
}

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

var seasons = map[string]string{"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

var dayParts = map[string]string{"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

var counts = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3}

// at reads a temporal expression at token i and returns it (unresolved
// fields left to the caller) with the token after it.
func (r *reader) at(i int) (news.Timex, int, bool) {
	w := r.n(i)
	// Most words start no expression; skip them before trying every form.
	if !r.isNumber(i) && !starters[w] {
		if _, ok := months[w]; !ok {
			if _, ok := weekdays[w]; !ok {
				return news.Timex{}, 0, false
			}
		}
	}
	// Leading modifiers that belong to the expression: "the", "early",
	// "late", "mid".
	j := i
	if w == "the" {
		j++
	}
	switch r.n(j) {
	case "early", "late", "mid", "earlier", "later":
		if r.n(j+1) == "-" {
			j++
		}
		j++
	}
	for _, try := range []func(int) (news.Timex, int, bool){
		r.namedYear, r.numericDate, r.monthDate, r.holiday, r.anaphor, r.relative, r.weekday, r.deictic, r.ago, r.quarter, r.season, r.decade, r.year, r.ref,
	} {
		if t, end, ok := try(j); ok {
			// "this year's third quarter", "the 1988 quarter", "the 1989
			// period": a year that names the quarter after it.
			if t.Precision == news.PrecisionYear && t.Value != "" {
				if q, qend, ok := r.quarterOfYear(end, t.Start.Year()); ok {
					return q, qend, true
				}
			}
			return t, end, true // with "the", "early", "late" or "mid" before it, they are part of it
		}
	}
	return news.Timex{}, 0, false
}

// day builds a day value.
func day(t time.Time) news.Timex {
	return news.Timex{Value: t.Format(time.DateOnly), Precision: news.PrecisionDay, Start: t, End: t.AddDate(0, 0, 1)}
}

func monthValue(y int, m time.Month) news.Timex {
	start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return news.Timex{Value: fmt.Sprintf("%04d-%02d", y, int(m)), Precision: news.PrecisionMonth, Start: start, End: start.AddDate(0, 1, 0)}
}

func yearValue(y int) news.Timex {
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return news.Timex{Value: fmt.Sprintf("%04d", y), Precision: news.PrecisionYear, Start: start, End: start.AddDate(1, 0, 0)}
}

func weekValue(t time.Time) news.Timex {
	y, wk := t.ISOWeek()
	start := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return news.Timex{Value: fmt.Sprintf("%04d-W%02d", y, wk), Precision: news.PrecisionWeek, Start: start, End: start.AddDate(0, 0, 7)}
}

func quarterValue(y, q int) news.Timex {
	start := time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return news.Timex{Value: fmt.Sprintf("%04d-Q%d", y, q), Precision: news.PrecisionQuarter, Start: start, End: start.AddDate(0, 3, 0)}
}

func unresolved(p news.DatePrecision) news.Timex { return news.Timex{Precision: p} }

// validDay builds a date, or reports that it does not exist ("February 30").
func validDay(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

func (r *reader) num(i int) (int, bool) {
	if !r.isNumber(i) {
		return 0, false
	}
	v, err := strconv.Atoi(r.w(i))
	return v, err == nil
}

// numericDate reads "2019-03-23", "10/26/89", "19981120".
func (r *reader) numericDate(i int) (news.Timex, int, bool) {
	a, ok := r.num(i)
	if !ok {
		return news.Timex{}, 0, false
	}
	sep := r.n(i + 1)
	if (sep == "-" || sep == "/") && r.joined(i+1) && r.joined(i+2) && r.n(i+3) == sep && r.joined(i+3) && r.joined(i+4) {
		b, ok1 := r.num(i + 2)
		c, ok2 := r.num(i + 4)
		if ok1 && ok2 {
			y, m, d := a, b, c
			if sep == "/" { // US order: month/day/year
				y, m, d = c, a, b
				if y < 100 {
					y += 1900
					if y < 1950 {
						y += 100
					}
				}
			}
			if t, ok := validDay(y, time.Month(m), d); ok {
				return day(t), i + 5, true
			}
		}
		return news.Timex{}, 0, false
	}
	if w := r.w(i); len(w) == 8 && a > 18000101 && a < 21001231 {
		if t, ok := validDay(a/10000, time.Month(a/100%100), a%100); ok {
			return day(t), i + 1, true
		}
	}
	return news.Timex{}, 0, false
}

// monthDate reads "Jan. 3", "January 3, 2020", "March 1st", "3 January
// 2020", "July 1998", "January", "Monday, Oct. 26".
func (r *reader) monthDate(i int) (news.Timex, int, bool) {
	if _, ok := weekdays[r.n(i)]; ok && r.n(i+1) == "," {
		if _, ok := months[r.n(i+2)]; ok {
			i += 2
		}
	}
	// "3 January 2020"
	if d, ok := r.num(i); ok && d >= 1 && d <= 31 {
		if m, ok := months[r.n(i+1)]; ok && r.capital(i+1) {
			y, end, hasYear := r.yearAt(i + 2)
			return r.monthDay(y, hasYear, m, d, end)
		}
		return news.Timex{}, 0, false
	}
	m, ok := months[r.n(i)]
	if !ok || !r.capital(i) {
		return news.Timex{}, 0, false
	}
	j := i + 1
	if r.n(j) == "the" {
		j++
	}
	if d, ok := r.dayNumber(j); ok {
		end := j + 1
		if r.n(end) == "st" || r.n(end) == "nd" || r.n(end) == "rd" || r.n(end) == "th" {
			end++
		}
		k := end
		if r.n(k) == "," {
			k++
		}
		if y, yend, hasYear := r.yearAt(k); hasYear {
			return r.monthDay(y, true, m, d, yend)
		}
		t, _, ok := r.monthDay(0, false, m, d, end)
		return t, end, ok
	}
	// "May" and "March" are words too: alone, only capitalised and not at
	// the start of the sentence, or with "in".
	k := j
	if r.n(k) == "of" {
		k++
	}
	if y, yend, hasYear := r.yearAt(k); hasYear {
		return monthValue(y, m), yend, true
	}
	if (m == 5 || m == 3) && !monthCues[r.n(i-1)] {
		return news.Timex{}, 0, false
	}
	if r.dct.IsZero() {
		return unresolved(news.PrecisionMonth), i + 1, true
	}
	y := r.dct.Year()
	lo, hi := r.clause(i)
	past := r.pastIn(lo, hi) || r.pastVerbIn(lo, hi)
	switch ahead := (int(m) - int(r.dct.Month()) + 12) % 12; {
	case r.futureBefore(i):
		if m < r.dct.Month() {
			y++
		}
	case m > r.dct.Month() && (past || ahead > 3):
		y-- // "In December, militias stormed the embassy"
	case m < r.dct.Month() && ahead <= 3 && ahead > 0 && !past:
		y++ // "talks in January", published in November: the coming one
	}
	return monthValue(y, m), i + 1, true
}

func (r *reader) capital(i int) bool {
	w := r.w(i)
	return w != "" && w[0] >= 'A' && w[0] <= 'Z'
}

// dayNumber reads a day of the month, "3" or "3rd".
func (r *reader) dayNumber(i int) (int, bool) {
	if !r.isNumber(i) {
		return 0, false
	}
	w := r.w(i)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if len(w) > 2 && w[len(w)-2:] == suf {
			w = w[:len(w)-2]
		}
	}
	d, err := strconv.Atoi(w)
	if err != nil || d < 1 || d > 31 {
		return 0, false
	}
	return d, true
}

// yearAt reads a four-digit year at token i.
func (r *reader) yearAt(i int) (int, int, bool) {
	if y, end, ok := r.wordYear(i); ok {
		return y, end, true
	}
	if !r.isNumber(i) || len(r.w(i)) != 4 {
		return 0, i, false
	}
	y, _ := strconv.Atoi(r.w(i))
	if y < 1000 || y > 2999 {
		return 0, i, false
	}
	return y, i + 1, true
}

// namedYear reads "the year 2000", "the year two thousand".
func (r *reader) namedYear(i int) (news.Timex, int, bool) {
	if r.n(i) != "year" {
		return news.Timex{}, 0, false
	}
	if y, end, ok := r.yearAt(i + 1); ok {
		return yearValue(y), end, true
	}
	return news.Timex{}, 0, false
}

// monthCues are the words before "May" or "March" that make it the month
// rather than the verb or the name.
var monthCues = map[string]bool{"in": true, "early": true, "late": true, "mid": true, "since": true, "by": true,
	"until": true, "till": true, "before": true, "after": true, "from": true, "through": true, "last": true,
	"next": true, "this": true, "of": true, "during": true}

// wordYear reads a year in words, as transcripts write them: "nineteen
// ninety-six", "nineteen eighty", "two thousand".
func (r *reader) wordYear(i int) (int, int, bool) {
	switch r.n(i) {
	case "nineteen", "eighteen":
		century := 1900
		if r.n(i) == "eighteen" {
			century = 1800
		}
		w := r.n(i + 1)
		end := i + 2
		// "ninety-six" as one token or three
		tens, unit, _ := strings.Cut(w, "-")
		t, ok := tensWords[tens]
		if !ok {
			return 0, i, false
		}
		if unit == "" && r.n(end) == "-" {
			unit, end = r.n(end+1), end+2
		}
		u := 0
		if unit != "" {
			if u, ok = unitWords[unit]; !ok {
				return 0, i, false
			}
		}
		return century + t + u, end, true
	case "two":
		// Only where a year is expected: "two thousand troops" is a count.
		// After "year" it is always one: "the year two thousand has".
		if p := r.n(i - 1); r.n(i+1) == "thousand" && (p == "year" ||
			(p == "in" || p == "since" || p == "of" || p == "until") && (i+2 >= r.s.Last || r.doc.Tokens[i+2].Kind != news.Word)) {
			return 2000, i + 2, true
		}
	}
	return 0, i, false
}

var tensWords = map[string]int{"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90}

var unitWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9}

// yearAfter reads an optional year at token i, with or without "of"
// ("the third quarter of 2019", "fall 1998"): the year, or 0, and the
// token after what it read.
func (r *reader) yearAfter(i int) (int, int) {
	j := i
	if r.n(j) == "of" {
		j++
	}
	if y, end, ok := r.yearAt(j); ok {
		return y, end
	}
	return 0, i
}

// monthDay resolves a month and day, with the year given or the one that
// puts the day nearest the publication date on the sentence's side.
func (r *reader) monthDay(y int, hasYear bool, m time.Month, d int, end int) (news.Timex, int, bool) {
	if !hasYear {
		if r.dct.IsZero() {
			if _, ok := validDay(2000, m, d); !ok {
				return news.Timex{}, 0, false
			}
			return unresolved(news.PrecisionDay), end, true
		}
		y = r.dct.Year()
		if t, ok := validDay(y, m, d); ok {
			// More than half a year away: the other year, unless the
			// clause's tense holds it on its side.
			fut := r.futureBefore(end - 1)
			lo, hi := r.clause(end - 1)
			past := r.pastIn(lo, hi)
			switch {
			case !fut && (t.Sub(r.dct) > 183*24*time.Hour || t.Sub(r.dct) > 30*24*time.Hour && past):
				y-- // "was arrested on Oct. 23", published in May: last October
			case r.dct.Sub(t) > 183*24*time.Hour && (fut || !past && !r.pastVerbIn(lo, hi)):
				y++ // "is payable Jan. 2", published in November
			}
		}
	}
	t, ok := validDay(y, m, d)
	if !ok {
		return news.Timex{}, 0, false
	}
	return day(t), end, true
}

// weekday reads "Friday", "Friday night", "last Tuesday", "next Monday".
func (r *reader) weekday(i int) (news.Timex, int, bool) {
	dir := 0
	j := i
	switch r.n(i) {
	case "last", "past", "previous", "preceding":
		dir, j = -1, i+1
	case "next", "coming":
		dir, j = 1, i+1
	case "this":
		j = i + 1
	}
	wd, ok := weekdays[r.n(j)]
	if !ok {
		return news.Timex{}, 0, false
	}
	end := j + 1
	// "Friday, Oct. 13": the date the weekday names says which Friday.
	k := end
	if r.n(k) == "," {
		k++
	}
	if dir == 0 {
		if t, e, ok := r.monthDate(k); ok && t.Precision == news.PrecisionDay {
			return t, e, true
		}
	}
	part := dayParts[r.n(end)]
	if part != "" {
		end++
	}
	if r.dct.IsZero() {
		return unresolved(news.PrecisionDay), end, true
	}
	if dir == 0 {
		dir = -1
		// "Wednesday's ruling" names something that has happened.
		if r.n(j+1) != "s" && r.futureBefore(i) {
			dir = 1
		}
	}
	base := time.Date(r.dct.Year(), r.dct.Month(), r.dct.Day(), 0, 0, 0, 0, time.UTC)
	strict := r.n(i) == "last"
	if r.n(i) == "previous" || r.n(i) == "preceding" {
		// "the previous Friday": the one before the day the text speaks
		// of, not before publication.
		strict = true
		if ref, ok := r.reference(); ok && ref.Precision == news.PrecisionDay && ref.Start.Before(base) {
			base = ref.Start
		}
	}
	diff := int(wd) - int(base.Weekday())
	var t time.Time
	if dir < 0 {
		if diff > 0 || diff == 0 && strict {
			diff -= 7
		}
		t = base.AddDate(0, 0, diff)
	} else {
		if diff < 0 || diff == 0 && r.n(i) == "next" {
			diff += 7
		}
		t = base.AddDate(0, 0, diff)
	}
	// "Friday night" is still Friday: the part of the day is kept in the
	// text, not the value (TempEval-3's gold writes it both ways).
	return day(t), end, true
}

// deictic reads "today", "yesterday", "tomorrow", "tonight", "this
// morning", "last night", "yesterday afternoon": the part of the day is
// kept in the text, not the value.
func (r *reader) deictic(i int) (news.Timex, int, bool) {
	off, end, withPart := 0, i+1, false
	switch r.n(i) {
	case "today":
	case "tonight":
		withPart = true
	case "yesterday":
		off = -1
	case "tomorrow":
		off = 1
	case "this", "last":
		p, ok := dayParts[r.n(i+1)]
		if !ok || r.n(i) == "last" && p != "NI" {
			return news.Timex{}, 0, false
		}
		if r.n(i) == "last" {
			off = -1
		}
		end, withPart = i+2, true
	default:
		return news.Timex{}, 0, false
	}
	if _, ok := dayParts[r.n(end)]; ok && !withPart {
		end++ // "yesterday afternoon"
	}
	if r.dct.IsZero() {
		return unresolved(news.PrecisionDay), end, true
	}
	base := time.Date(r.dct.Year(), r.dct.Month(), r.dct.Day(), 0, 0, 0, 0, time.UTC)
	return day(base.AddDate(0, 0, off)), end, true
}

// relative reads "last week", "this month", "next year", "earlier this
// year", "the past week", "this quarter", "the weekend".
func (r *reader) relative(i int) (news.Timex, int, bool) {
	dir := 0
	switch r.n(i) {
	case "last", "past", "previous":
		dir = -1
	case "this", "current":
	case "next", "coming":
		dir = 1
	case "weekend":
		if r.n(i-1) == "the" || r.n(i-1) == "this" || r.n(i-1) == "last" {
			return r.weekend(i+1, -1)
		}
		return news.Timex{}, 0, false
	default:
		return news.Timex{}, 0, false
	}
	unit := r.n(i + 1)
	if r.dct.IsZero() {
		switch unit {
		case "week", "month", "year", "quarter", "weekend":
			return unresolved(news.PrecisionYear), i + 2, true
		}
		return news.Timex{}, 0, false
	}
	switch unit {
	case "week":
		return weekValue(r.dct.AddDate(0, 0, 7*dir)), i + 2, true
	case "weekend":
		return r.weekend(i+2, dir)
	case "month":
		t := r.dct.AddDate(0, dir, 0)
		if dir != 0 {
			t = time.Date(r.dct.Year(), r.dct.Month()+time.Month(dir), 1, 0, 0, 0, 0, time.UTC)
		}
		return monthValue(t.Year(), t.Month()), i + 2, true
	case "year":
		return yearValue(r.dct.Year() + dir), i + 2, true
	case "quarter":
		y, q := r.dct.Year(), (int(r.dct.Month())-1)/3+1+dir
		if q < 1 {
			y, q = y-1, 4
		} else if q > 4 {
			y, q = y+1, 1
		}
		return quarterValue(y, q), i + 2, true
	}
	if m, ok := months[unit]; ok && r.capital(i+1) {
		// "last May", "next March", "this April".
		y := r.dct.Year()
		switch {
		case dir < 0 && m >= r.dct.Month():
			y--
		case dir > 0 && m <= r.dct.Month():
			y++
		}
		return monthValue(y, m), i + 2, true
	}
	if s, ok := seasons[unit]; ok {
		y := r.dct.Year()
		if dir < 0 {
			y--
		} else if dir > 0 {
			y++
		}
		// "last fall" in spring is the previous autumn of this cycle.
		if dir < 0 && seasonIndex(s) < seasonIndex(seasonOf(r.dct)) {
			y++
		}
		return news.Timex{Value: fmt.Sprintf("%04d-%s", y, s), Precision: news.PrecisionSeason}, i + 2, true
	}
	return news.Timex{}, 0, false
}

func (r *reader) weekend(end, dir int) (news.Timex, int, bool) {
	if r.dct.IsZero() {
		return unresolved(news.PrecisionWeek), end, true
	}
	// The weekend before publication, or the one after it.
	t := r.dct
	if dir > 0 || r.futureBefore(end-1) {
		for t.Weekday() != time.Saturday {
			t = t.AddDate(0, 0, 1)
		}
	} else {
		for t.Weekday() != time.Saturday {
			t = t.AddDate(0, 0, -1)
		}
	}
	v := weekValue(t)
	v.Value += "-WE"
	return v, end, true
}

func seasonOf(t time.Time) string {
	switch t.Month() {
	case 3, 4, 5:
		return "SP"
	case 6, 7, 8:
		return "SU"
	case 9, 10, 11:
		return "FA"
	}
	return "WI"
}

func seasonIndex(s string) int {
	switch s {
	case "SP":
		return 1
	case "SU":
		return 2
	case "FA":
		return 3
	}
	return 0
}

// ago reads "two years ago", "a year earlier", "six weeks ago", "three
// days ago".
func (r *reader) ago(i int) (news.Timex, int, bool) {
	n, ok := counts[r.n(i)]
	if !ok {
		v, isNum := r.num(i)
		if !isNum || v > 1000 {
			return news.Timex{}, 0, false
		}
		n = v
	}
	unit := r.n(i + 1)
	back := r.n(i + 2)
	if back != "ago" && back != "earlier" && back != "before" {
		return news.Timex{}, 0, false
	}
	if r.dct.IsZero() {
		return unresolved(news.PrecisionYear), i + 3, true
	}
	switch unit {
	case "day", "days":
		return day(time.Date(r.dct.Year(), r.dct.Month(), r.dct.Day()-n, 0, 0, 0, 0, time.UTC)), i + 3, true
	case "week", "weeks":
		return weekValue(r.dct.AddDate(0, 0, -7*n)), i + 3, true
	case "month", "months":
		t := time.Date(r.dct.Year(), r.dct.Month()-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		return monthValue(t.Year(), t.Month()), i + 3, true
	case "year", "years":
		// "a year earlier" looks back from the period just spoken of: a
		// quarter's results "a year earlier" are that quarter's a year
		// before.
		if ref, ok := r.reference(); ok && (back == "earlier" || back == "ago") {
			switch ref.Precision {
			case news.PrecisionQuarter:
				if y, q, ok := parseQuarter(ref.Value); ok {
					r.shift()
					return quarterValue(y-n, q), i + 3, true
				}
			case news.PrecisionMonth:
				r.shift()
				return monthValue(ref.Start.Year()-n, ref.Start.Month()), i + 3, true
			}
		}
		return yearValue(r.dct.Year() - n), i + 3, true
	case "decade", "decades":
		return yearValue(r.dct.Year() - 10*n), i + 3, true
	}
	return news.Timex{}, 0, false
}

// anaphor reads a period named from the one the text is speaking of:
// "that year", "the same day", "later that month", "the following year",
// "the previous day", "the day before". It reads nothing when no earlier
// expression is as fine as the unit ("that day" after "in 2014").
func (r *reader) anaphor(i int) (news.Timex, int, bool) {
	var unit string
	var shift, end int
	switch {
	case r.n(i) == "that":
		unit, end = r.n(i+1), i+2
	case (r.n(i) == "later" || r.n(i) == "earlier") && r.n(i+1) == "that":
		unit, end = r.n(i+2), i+3
	case r.n(i-1) == "the" && r.n(i) == "same":
		unit, end = r.n(i+1), i+2
	case r.n(i-1) == "the" && (r.n(i) == "following" || r.n(i) == "next"):
		if p := r.n(i - 2); p == "in" || p == "over" || p == "for" || p == "during" || p == "within" {
			return news.Timex{}, 0, false // "in the next year": a span from now
		}
		unit, end, shift = r.n(i+1), i+2, 1
	case r.n(i-1) == "the" && (r.n(i) == "previous" || r.n(i) == "preceding"):
		unit, end, shift = r.n(i+1), i+2, -1
	case r.n(i-1) == "the" && (r.n(i+1) == "before" || r.n(i+1) == "after"):
		// "the day before", but not "the day after the strike"
		if k := i + 2; k < r.s.Last && r.doc.Tokens[k].Kind == news.Word {
			return news.Timex{}, 0, false
		}
		unit, end, shift = r.n(i), i+2, 1
		if r.n(i+1) == "before" {
			shift = -1
		}
	default:
		return news.Timex{}, 0, false
	}
	ref, ok := r.reference()
	if !ok || ref.Start.IsZero() {
		return news.Timex{}, 0, false
	}
	switch unit {
	case "year":
		if !finer(ref.Precision, news.PrecisionYear) {
			return news.Timex{}, 0, false
		}
		return yearValue(ref.Start.Year() + shift), end, true
	case "month":
		if !finer(ref.Precision, news.PrecisionMonth) {
			return news.Timex{}, 0, false
		}
		t := ref.Start.AddDate(0, shift, 0)
		return monthValue(t.Year(), t.Month()), end, true
	case "day", "morning", "afternoon", "evening", "night":
		if ref.Precision != news.PrecisionDay {
			return news.Timex{}, 0, false
		}
		return day(ref.Start.AddDate(0, 0, shift)), end, true
	case "quarter":
		y, q, ok := parseQuarter(ref.Value)
		if !ok {
			return news.Timex{}, 0, false
		}
		q += shift
		if q == 0 {
			y, q = y-1, 4
		} else if q == 5 {
			y, q = y+1, 1
		}
		return quarterValue(y, q), end, true
	}
	return news.Timex{}, 0, false
}

// finer reports a precision at least as fine as the unit's.
func finer(p, unit news.DatePrecision) bool {
	switch unit {
	case news.PrecisionYear:
		return p == news.PrecisionYear || p == news.PrecisionQuarter || p == news.PrecisionMonth || p == news.PrecisionWeek || p == news.PrecisionDay
	case news.PrecisionMonth:
		return p == news.PrecisionMonth || p == news.PrecisionDay
	}
	return p == unit
}

// quarter reads "the third quarter", "third-quarter", "the fourth quarter
// of 1989", "the first half of 2019".
func (r *reader) quarter(i int) (news.Timex, int, bool) {
	if t, end, ok := r.sameQuarter(i); ok {
		return t, end, true
	}
	q, ok := ordinals[r.n(i)]
	if !ok {
		return news.Timex{}, 0, false
	}
	j := i + 1
	if r.n(j) == "-" {
		j++
	}
	half := false
	switch r.n(j) {
	case "quarter":
	case "half":
		if q > 2 {
			return news.Timex{}, 0, false
		}
		half = true
	default:
		return news.Timex{}, 0, false
	}
	end := j + 1
	y, end := r.yearAfter(end)
	if y == 0 {
		if r.dct.IsZero() {
			return unresolved(news.PrecisionQuarter), end, true
		}
		y = r.dct.Year()
		cur := (int(r.dct.Month())-1)/3 + 1
		if !half && !r.futureBefore(i) && q > cur {
			y-- // the last third quarter before publication
		}
	}
	if half {
		start := time.Date(y, time.Month(6*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
		return news.Timex{Value: fmt.Sprintf("%04d-H%d", y, q), Precision: news.PrecisionQuarter, Start: start, End: start.AddDate(0, 6, 0)}, end, true
	}
	return quarterValue(y, q), end, true
}

// season reads "summer", "the winter of 1994", "fall 1998".
func (r *reader) season(i int) (news.Timex, int, bool) {
	s, ok := seasons[r.n(i)]
	if !ok || r.n(i-1) != "the" && r.n(i-1) != "in" && r.n(i-1) != "early" && r.n(i-1) != "late" && r.n(i-1) != "this" {
		return news.Timex{}, 0, false
	}
	end := i + 1
	y, end := r.yearAfter(end)
	if y == 0 {
		if r.dct.IsZero() {
			return unresolved(news.PrecisionSeason), end, true
		}
		y = r.dct.Year()
	}
	return news.Timex{Value: fmt.Sprintf("%04d-%s", y, s), Precision: news.PrecisionSeason}, end, true
}

// decade reads "the 1990s", "the '80s", "the mid-1990s", "20th century".
func (r *reader) decade(i int) (news.Timex, int, bool) {
	w := r.w(i)
	if r.n(i) == "'" || r.n(i) == "’" {
		if r.isNumber(i+1) && len(r.w(i+1)) == 3 && r.w(i + 1)[2] == 's' {
			d, _ := strconv.Atoi(r.w(i + 1)[:2])
			y := 1900 + d
			if y < 1930 {
				y += 100
			}
			return decadeValue(y), i + 2, true
		}
		return news.Timex{}, 0, false
	}
	if r.isNumber(i) && len(w) == 5 && w[4] == 's' {
		y, err := strconv.Atoi(w[:4])
		if err == nil && y%10 == 0 && y >= 1000 && y < 3000 {
			return decadeValue(y), i + 1, true
		}
	}
	// "the nineties": the decade of the century the publication is in,
	// or the one before when that lies ahead.
	if d, ok := decadeWords[r.n(i)]; ok && r.n(i-1) == "the" && !r.dct.IsZero() {
		y := r.dct.Year()/100*100 + d
		if y > r.dct.Year() {
			y -= 100
		}
		return decadeValue(y), i + 1, true
	}
	// "the last decade", "the past decade": the one before publication's.
	if (r.n(i) == "last" || r.n(i) == "past") && r.n(i+1) == "decade" && r.n(i-1) == "the" && !r.dct.IsZero() {
		return decadeValue(r.dct.Year()/10*10 - 10), i + 2, true
	}
	if r.isNumber(i) && (r.n(i+1) == "century") {
		c, err := strconv.Atoi(trimOrdinal(w))
		if err == nil && c > 0 && c < 30 {
			start := time.Date((c-1)*100, 1, 1, 0, 0, 0, 0, time.UTC)
			return news.Timex{Value: fmt.Sprintf("%02d", c-1), Precision: news.PrecisionCentury, Start: start, End: start.AddDate(100, 0, 0)}, i + 2, true
		}
	}
	return news.Timex{}, 0, false
}

var decadeWords = map[string]int{"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
	"seventies": 70, "eighties": 80, "nineties": 90}

func trimOrdinal(w string) string {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if len(w) > 2 && w[len(w)-2:] == suf {
			return w[:len(w)-2]
		}
	}
	return w
}

func decadeValue(y int) news.Timex {
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return news.Timex{Value: fmt.Sprintf("%03d", y/10), Precision: news.PrecisionDecade, Start: start, End: start.AddDate(10, 0, 0)}
}

// year reads a year on its own: "1994", "in 2011", "fiscal 1989". A
// four-digit number followed by a noun it counts ("2000 troops") is no
// year.
func (r *reader) year(i int) (news.Timex, int, bool) {
	y, end, ok := r.yearAt(i)
	if !ok || y < 1800 || y > 2100 || r.joined(i) && r.n(i-1) != "-" || r.n(i-1) == "$" {
		return news.Timex{}, 0, false
	}
	// "2,014 rockets": a count before a plural noun (but not a name: "In
	// nineteen ninety-one Charles Keating").
	if next := r.n(end); r.w(end) == next && len(next) > 3 && next[len(next)-1] == 's' && next != "levels" || next == "people" || next == "troops" {
		return news.Timex{}, 0, false
	}
	return yearValue(y), end, true
}

// ref reads the vague references TimeML names: "now", "currently", "the
// past", "recently", "the future".
func (r *reader) ref(i int) (news.Timex, int, bool) {
	switch r.n(i) {
	case "now", "currently", "nowadays":
		return news.Timex{Value: "PRESENT_REF", Precision: news.PrecisionVague}, i + 1, true
	case "current":
		// "currently", "his current position", "the current number": TimeML
		// marks the adjective too ("current account" is a term, not a time).
		if r.n(i+1) != "account" && r.n(i+1) != "accounts" && r.n(i+1) != "affairs" && r.n(i-1) != "electric" {
			return news.Timex{Value: "PRESENT_REF", Precision: news.PrecisionVague}, i + 1, true
		}
	case "soon":
		if r.n(i-1) == "as" && r.n(i+1) == "as" {
			break // "as soon as": a conjunction
		}
		return news.Timex{Value: "FUTURE_REF", Precision: news.PrecisionVague}, i + 1, true
	case "these":
		if r.n(i+1) == "days" {
			return news.Timex{Value: "PRESENT_REF", Precision: news.PrecisionVague}, i + 2, true
		}
	case "fiscal":
		// "fiscal 1989"; "the fiscal year", "the current fiscal year": the
		// year of publication (companies' fiscal years differ; TimeML
		// writes the calendar year).
		if y, end, ok := r.yearAt(i + 1); ok {
			return yearValue(y), end, true
		}
		if r.n(i+1) == "year" && (r.n(i-1) == "the" || r.n(i-1) == "current" || r.n(i-1) == "this") && !r.dct.IsZero() {
			return yearValue(r.dct.Year()), i + 2, true
		}
	case "year", "year's":
		// "the year", "the full year", "year-end", "year end", "year's
		// end": the year of publication.
		if r.dct.IsZero() {
			break
		}
		if r.n(i+1) == "end" && r.n(i-1) != "-" {
			return yearValue(r.dct.Year()), i + 2, true
		}
		if r.n(i+1) == "s" && r.n(i+2) == "end" {
			return yearValue(r.dct.Year()), i + 3, true // "year's end" (norms drop the apostrophe)
		}
		if r.n(i) == "year's" {
			break
		}
		if y, end, ok := r.wordYear(i + 1); ok {
			return yearValue(y), end, true // "the year two thousand"
		}
		if (r.n(i-1) == "the" || r.n(i-1) == "full") && r.n(i+1) != "-" && r.n(i+1) != "ago" && r.n(i+1) != "earlier" &&
			r.n(i+1) != "before" && !r.isNumber(i+1) {
			return yearValue(r.dct.Year()), i + 1, true
		}
		if r.n(i+1) == "-" && r.n(i+2) == "end" {
			return yearValue(r.dct.Year()), i + 3, true
		}
	case "recently", "recent", "formerly", "previously":
		return news.Timex{Value: "PAST_REF", Precision: news.PrecisionVague}, i + 1, true
	case "coming":
		// "in coming months", "the coming years" (but "the coming week" is
		// a week: relative reads it first)
		if u := r.n(i + 1); u == "months" || u == "years" || u == "weeks" || u == "days" || u == "quarters" || u == "decades" {
			return news.Timex{Value: "FUTURE_REF", Precision: news.PrecisionVague}, i + 2, true
		}
	case "near", "short", "long":
		if r.n(i-1) == "the" && r.n(i+1) == "term" {
			return news.Timex{Value: "FUTURE_REF", Precision: news.PrecisionVague}, i + 2, true
		}
	case "a":
		if r.n(i+1) == "later" && r.n(i+2) == "date" {
			return news.Timex{Value: "FUTURE_REF", Precision: news.PrecisionVague}, i + 3, true
		}
	case "past":
		if r.n(i-1) == "the" && !isUnit(r.n(i+1)) {
			return news.Timex{Value: "PAST_REF", Precision: news.PrecisionVague}, i + 1, true
		}
	case "future":
		// "the future", "the near future", and the adjective: "future
		// needs", "his future".
		if r.n(i+1) != "-" {
			return news.Timex{Value: "FUTURE_REF", Precision: news.PrecisionVague}, i + 1, true
		}
	}
	return news.Timex{}, 0, false
}

func isUnit(w string) bool {
	switch w {
	case "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades":
		return true
	}
	return false
}

// quarterOfYear reads a quarter named after a year, at token i: "'s third
// quarter", "second-quarter", "quarter", "period".
func (r *reader) quarterOfYear(i, y int) (news.Timex, int, bool) {
	j := i
	if r.n(j) == "'s" || r.n(j) == "’s" || r.n(j) == "s" {
		j++
	}
	q, hasOrdinal := ordinals[r.n(j)]
	if hasOrdinal {
		j++
		if r.n(j) == "-" {
			j++
		}
	}
	switch r.n(j) {
	case "quarter":
	case "period":
		if hasOrdinal {
			return news.Timex{}, 0, false
		}
	default:
		return news.Timex{}, 0, false
	}
	if !hasOrdinal {
		// "the 1988 quarter": the quarter the text speaks of, in that year.
		ref, ok := r.reference()
		rq := 0
		if ok && ref.Precision == news.PrecisionQuarter {
			_, rq, ok = parseQuarter(ref.Value)
		}
		if !ok || rq == 0 {
			return news.Timex{}, 0, false
		}
		q = rq
	}
	return quarterValue(y, q), j + 1, true
}

// sameQuarter reads the quarter a report speaks of without naming it:
// "the quarter", "the latest quarter", "the latest period", and the same
// quarter a year before: "the year-earlier quarter", "the year-ago period",
// "year-earlier".
func (r *reader) sameQuarter(i int) (news.Timex, int, bool) {
	j := i
	back := 0
	switch {
	case (r.n(j) == "year" || r.n(j) == "year's") && r.n(j+1) == "-" && (r.n(j+2) == "earlier" || r.n(j+2) == "ago"):
		back, j = 1, j+3
	case r.n(j) == "latest" || r.n(j) == "current" || r.n(j) == "recent":
		j++
	case r.n(i-1) == "the" && (r.n(j) == "quarter" || r.n(j) == "period"):
	default:
		return news.Timex{}, 0, false
	}
	end := j
	if r.n(j) == "quarter" || r.n(j) == "period" {
		end = j + 1
	} else if back == 0 {
		return news.Timex{}, 0, false
	}
	ref, ok := r.reference()
	y, q := 0, 0
	if ok && ref.Precision == news.PrecisionQuarter {
		y, q, ok = parseQuarter(ref.Value)
	} else {
		ok = false
	}
	if !ok {
		if r.dct.IsZero() {
			return unresolved(news.PrecisionQuarter), end, true
		}
		// The last quarter completed before publication.
		y, q = r.dct.Year(), (int(r.dct.Month())-1)/3
		if q == 0 {
			y, q = y-1, 4
		}
	}
	if back > 0 {
		r.shift()
	}
	return quarterValue(y-back, q), end, true
}

// shift marks the expression about to be added as shifted from the
// reference period.
func (r *reader) shift() {
	if r.shifted == nil {
		r.shifted = map[int]bool{}
	}
	r.shifted[len(r.doc.Times)] = true
}

// reference returns the last resolved expression before the current one
// in the document: the period the text is speaking of.
// Periods shifted from it ("a year earlier", "the year-ago period") are
// not the reference: "the latest quarter" after them is still this one.
func (r *reader) reference() (news.Timex, bool) {
	for k := len(r.doc.Times) - 1; k >= 0; k-- {
		if t := r.doc.Times[k]; t.Value != "" && t.Precision != news.PrecisionVague && !r.shifted[k] {
			return t, true
		}
	}
	return news.Timex{}, false
}

func parseQuarter(v string) (int, int, bool) {
	if len(v) != 7 || v[4:6] != "-Q" {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(v[:4])
	q, err2 := strconv.Atoi(v[6:])
	return y, q, err1 == nil && err2 == nil && q >= 1 && q <= 4
}

// pastClause reports a sentence told in the past: a past-tense auxiliary
// ("was", "were", "had", "did") and no sign of the future.
func (r *reader) pastClause() bool { return r.pastIn(r.s.First, r.s.Last) }

// pastIn is pastClause over tokens [lo, hi).
func (r *reader) pastIn(lo, hi int) bool {
	past := false
	for j := lo; j < hi; j++ {
		switch r.n(j) {
		case "was", "were", "had", "did", "wasn't", "weren't", "hadn't", "didn't", "since", "ago":
			past = true
		case "will", "'ll", "shall", "scheduled", "expected", "due", "upcoming", "plans", "planned", "next":
			return false
		}
	}
	return past
}

// pastVerbIn reports a verb in the past tense in tokens [lo, hi): a listed
// irregular past ("took", "retook") or a word in -ed that no auxiliary,
// "to" or article makes a participle or an adjective.
func (r *reader) pastVerbIn(lo, hi int) bool {
	past := false
	for j := lo; j < hi; j++ {
		w := r.n(j)
		switch w {
		case "will", "'ll", "shall", "scheduled", "expected", "due", "upcoming", "plans", "planned", "next":
			return false // "guidelines to be published in November will ..."
		}
		if r.w(j) != w {
			continue // capitalised: a name
		}
		if pastVerbs[w] || len(w) > 4 && strings.HasSuffix(w, "ed") && !futureWords[w] {
			switch r.n(j - 1) {
			case "be", "been", "being", "is", "are", "to", "will", "has", "have", "the", "a", "an":
				continue
			}
			past = true
		}
	}
	return past
}

var futureWords = map[string]bool{"scheduled": true, "expected": true, "planned": true, "proposed": true, "intended": true}

// futureBefore reports a word of the future in the clause before token i:
// "will meet on Thursday", "is scheduled for Monday", "next".
func (r *reader) futureBefore(i int) bool {
	k := i - 1
	for k > r.s.First && (r.n(k) == "early" || r.n(k) == "mid" || r.n(k) == "late" || r.n(k) == "-" || r.n(k) == "the") {
		k--
	}
	if p := r.n(k); (p == "by" || p == "until" || p == "till") && k > r.s.First {
		// "by Thursday", "until mid-November"; but "had filed their reports
		// by Wednesday" looks back.
		return !r.pastClause()
	}
	if r.n(k) == "as" && (r.n(k-1) == "soon" || r.n(k-1) == "early") && r.n(k-2) == "as" {
		return true // "as soon as Tuesday", "as early as next week"
	}
	// "On Tuesday, the league will ...": a sentence that opens with the
	// date puts its verb after it.
	if k < r.s.First || k == r.s.First && r.n(k) == "on" {
		for j := i + 1; j < r.s.Last && j <= i+12; j++ {
			switch r.n(j) {
			case "will", "'ll", "shall", "plans", "intends", "expects":
				return true
			case ";", ".", "said", "says", "when", "while", "after", "as":
				return false
			}
			if w := r.n(j); r.w(j) == w && (pastVerbs[w] || len(w) > 4 && strings.HasSuffix(w, "ed")) {
				return false
			}
		}
	}
	for j := i - 1; j >= r.s.First && j >= i-10; j-- {
		switch r.n(j) {
		case "will", "'ll", "ll", "shall", "would", "scheduled", "planned", "plans", "planning", "expected", "due",
			"upcoming", "intends", "intend", "plan", "preparing", "going", "expects", "expect", "slated", "aims", "hopes":
			return true
		case ";", ".", "said", "says", "after", "since", "ago":
			return false
		case "set":
			if r.n(j+1) == "to" {
				return true // "set to resume Monday"
			}
		case "is", "are":
			if r.n(j+1) == "to" {
				return true // "is to resume trading Tuesday"
			}
		}
		// A past verb just before decides: "they would appeal the
		// decision, announced Wednesday" speaks of a past Wednesday.
		if w := r.n(j); (j == i-1 || j == i-2 && r.n(i-1) == "on") && r.w(j) == w &&
			(pastVerbs[w] || len(w) > 4 && strings.HasSuffix(w, "ed")) {
			return false
		}
	}
	return false
}

// clause returns the tokens [lo, hi) of the clause around token i, so that
// the tense of another clause does not move a date: in "said the case
// will be heard in May" or "who had not signed ... when the case is heard
// in May", the reporting verb and the other clause are left out. A date
// that opens the sentence ("In December, militias stormed ...") takes the
// clause after its comma.
func (r *reader) clause(i int) (int, int) {
	lo := i
	for lo > r.s.First && !clauseEnds[r.n(lo-1)] {
		lo--
	}
	hi := i
	for hi < r.s.Last && (!clauseEnds[r.n(hi)] || r.n(hi) == "," && hi > i && r.opening(lo, i)) {
		hi++
	}
	return lo, hi
}

// opening reports that nothing but prepositions and modifiers stand
// between lo and the date at i.
func (r *reader) opening(lo, i int) bool {
	for j := lo; j < i; j++ {
		switch r.n(j) {
		case "in", "on", "by", "during", "since", "until", "early", "late", "mid", "-", "the", "last", "this", "next":
		default:
			return false
		}
	}
	return true
}

// clauseEnds are the words and marks that end a clause; "said" ends the
// reporting clause before what was reported.
var clauseEnds = map[string]bool{",": true, ";": true, ":": true, "when": true, "if": true, "that": true,
	"which": true, "who": true, "because": true, "while": true, "although": true, "but": true, "said": true,
	"says": true, "say": true, "told": true, "unless": true, "whether": true, "where": true}

// pastVerbs are common irregular past forms.
var pastVerbs = map[string]bool{"met": true, "held": true, "told": true, "came": true, "went": true, "took": true,
	"made": true, "gave": true, "began": true, "left": true, "fell": true, "won": true, "lost": true, "sent": true,
	"spoke": true, "saw": true, "found": true, "struck": true, "shot": true, "was": true, "were": true, "did": true,
	"had": true, "broke": true, "flew": true, "fought": true, "led": true, "rose": true, "ran": true, "wrote": true,
	"retook": true, "overran": true, "fled": true, "withdrew": true, "drove": true, "blew": true, "stood": true,
	"sold": true, "bought": true, "paid": true, "spent": true, "built": true, "kept": true, "brought": true,
	"said": true, "chose": true, "forced": true, "swore": true, "undertook": true, "overtook": true, "shook": true}
