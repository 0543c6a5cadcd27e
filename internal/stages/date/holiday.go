package date

import (
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// holidays are the named days news dates things by, each with the day it
// falls on in a Gregorian year. The Islamic ones use the tabular Islamic
// calendar, which can differ from the sighted calendar by a day or two.
var holidays = map[string]func(y int) time.Time{
	"christmas":        fixed(12, 25),
	"christmas day":    fixed(12, 25),
	"christmas eve":    fixed(12, 24),
	"new year's day":   fixed(1, 1),
	"new year's eve":   fixed(12, 31),
	"halloween":        fixed(10, 31),
	"valentine's day":  fixed(2, 14),
	"veterans day":     fixed(11, 11),
	"fourth of july":   fixed(7, 4),
	"nowruz":           fixed(3, 21),
	"newroz":           fixed(3, 21),
	"norooz":           fixed(3, 21),
	"thanksgiving":     thanksgiving,
	"thanksgiving day": thanksgiving,
	"election day":     electionDay,
	"memorial day":     func(y int) time.Time { return lastWeekday(y, time.May, time.Monday) },
	"labor day":        func(y int) time.Time { return nthWeekday(y, time.September, time.Monday, 1) },
	"easter":           easter,
	"easter sunday":    easter,
	"good friday":      func(y int) time.Time { return easter(y).AddDate(0, 0, -2) },
	"eid al-fitr":      islamic(10, 1),
	"eid al fitr":      islamic(10, 1),
	"eid ul-fitr":      islamic(10, 1),
	"eid al-adha":      islamic(12, 10),
	"eid al adha":      islamic(12, 10),
	"eid ul-adha":      islamic(12, 10),
	"ashura":           islamic(1, 10),
	"arbaeen":          islamic(2, 20),
	"arbaein":          islamic(2, 20),
	"mawlid":           islamic(3, 12),
	"islamic new year": islamic(1, 1),
}

// holidayStarts holds the first words of the holidays' names, so that
// most words are turned away before any phrase is built.
var holidayStarts = func() map[string]bool {
	m := map[string]bool{}
	for name := range holidays {
		first, _, _ := strings.Cut(name, " ")
		first, _, _ = strings.Cut(first, "'")
		first, _, _ = strings.Cut(first, "-")
		m[first] = true
	}
	return m
}()

// holiday reads a named day ("Thanksgiving", "last Christmas", "Eid
// al-Adha 2019"): with a year, that year's; otherwise the nearest one on
// the sentence's side of the publication date, as for a month and day.
func (r *reader) holiday(i int) (news.Timex, int, bool) {
	dir, j := 0, i
	switch r.n(i) {
	case "last", "past":
		dir, j = -1, i+1
	case "next", "coming", "this":
		dir, j = 1, i+1
		if r.n(i) == "this" {
			dir = 0
		}
	}
	if n := r.n(j); !holidayStarts[n] && !holidayStarts[strings.TrimSuffix(n, "s")] { // "valentine's": norms drop the apostrophe
		return news.Timex{}, 0, false
	}
	var at func(int) time.Time
	end := j
	for k := min(j+4, r.s.Last); k > j; k-- {
		if f, ok := holidays[r.phrase(j, k)]; ok {
			at, end = f, k
			break
		}
	}
	if at == nil {
		return news.Timex{}, 0, false
	}
	if y, yend, ok := r.yearAt(end); ok {
		return day(at(y)), yend, true
	}
	if r.dct.IsZero() {
		return unresolved(news.PrecisionDay), end, true
	}
	base := time.Date(r.dct.Year(), r.dct.Month(), r.dct.Day(), 0, 0, 0, 0, time.UTC)
	if dir == 0 {
		lo, hi := r.clause(i)
		switch {
		case r.futureBefore(i):
			dir = 1
		case r.pastIn(lo, hi) || r.pastVerbIn(lo, hi):
			dir = -1
		default:
			// No tense: the nearest ("from now to Election Day").
			t := at(base.Year())
			for _, y := range []int{base.Year() - 1, base.Year() + 1} {
				if c := at(y); c.Sub(base).Abs() < t.Sub(base).Abs() {
					t = c
				}
			}
			return day(t), end, true
		}
	}
	t := at(base.Year())
	switch {
	case dir < 0 && t.After(base):
		t = at(base.Year() - 1)
	case dir > 0 && t.Before(base):
		t = at(base.Year() + 1)
	}
	// The Islamic calendar moves about eleven days a year, so a holiday
	// can fall twice in one Gregorian year or its neighbour's date can be
	// nearer.
	for _, y := range []int{base.Year() - 1, base.Year(), base.Year() + 1} {
		c := at(y)
		if dir < 0 && !c.After(base) && c.After(t) || dir > 0 && !c.Before(base) && c.Before(t) {
			t = c
		}
	}
	return day(t), end, true
}

// phrase is the text of tokens [i, k), lower case, with the spaces around
// hyphens and apostrophes closed up and curly apostrophes straightened.
func (r *reader) phrase(i, k int) string {
	s := strings.ToLower(r.doc.Text[r.doc.Tokens[i].Span.Start:r.doc.Tokens[k-1].Span.End])
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, " - ", "-")
	return strings.ReplaceAll(s, " '", "'")
}

func fixed(m time.Month, d int) func(int) time.Time {
	return func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
}

func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	t = t.AddDate(0, 0, (int(wd)-int(t.Weekday())+7)%7)
	return t.AddDate(0, 0, 7*(n-1))
}

func lastWeekday(y int, m time.Month, wd time.Weekday) time.Time {
	t := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	return t.AddDate(0, 0, -((int(t.Weekday()) - int(wd) + 7) % 7))
}

// thanksgiving is the fourth Thursday of November (the US holiday).
func thanksgiving(y int) time.Time { return nthWeekday(y, time.November, time.Thursday, 4) }

// electionDay is the Tuesday after the first Monday of November (US).
func electionDay(y int) time.Time {
	return nthWeekday(y, time.November, time.Monday, 1).AddDate(0, 0, 1)
}

// easter is Western Easter Sunday (the anonymous Gregorian computus).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// islamic returns the Gregorian date in year y of an Islamic month and day,
// by the tabular calendar: the occurrence whose Hijri year starts nearest
// the Gregorian year's start.
func islamic(m, d int) func(int) time.Time {
	return func(y int) time.Time {
		// A Hijri year is about 354.37 days; Hijri year 1 began in 622.
		h := int(float64(y-622)*365.2425/354.367) + 1
		best := time.Time{}
		for _, hy := range []int{h - 1, h, h + 1} {
			t := julianDay(hijriToJD(hy, m, d))
			if t.Year() == y && (best.IsZero() || t.Before(best)) {
				best = t
			}
		}
		if best.IsZero() {
			best = julianDay(hijriToJD(h, m, d))
		}
		return best
	}
}

// hijriToJD is the Julian day number of a tabular Islamic date (civil
// epoch, 16 July 622).
func hijriToJD(y, m, d int) int {
	return d + (59*(m-1)+1)/2 + (y-1)*354 + (3+11*y)/30 + 1948440 - 1
}

// julianDay converts a Julian day number to a Gregorian date.
func julianDay(jd int) time.Time {
	// 2440588 is 1970-01-01.
	return time.Unix(int64(jd-2440588)*86400, 0).UTC()
}
