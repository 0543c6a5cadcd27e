package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/markusmobius/go-dateparser"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// Date stamps as news pages write them: "June 10, 2014", "Tuesday 10 June
// 2014 18.30 BST", "31 Aug 2014, 18:22", "2014-06-10T17:45:00Z",
// "19/02/2017, 14:32", "Tue, 16 Jan 2024 at 07:02". The common shapes are
// read here, quickly and without guessing; anything else goes to
// go-dateparser. A time of day is kept only with an explicit zone, since a
// local time in an unknown zone is not an instant.

var (
	isoStamp   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$`)
	numStamp   = regexp.MustCompile(`\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})\b`)
	timeStamp  = regexp.MustCompile(`(?i)\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?(?:\s*(gmt|utc|z|[+-]\d{2}:?\d{2})(?:\s*([+-]\d{2}:?\d{2}))?)?`)
	wordTokens = regexp.MustCompile(`[A-Za-z]+|\d+`)
	yearIn     = regexp.MustCompile(`\b(?:19|20)\d\d\b|[\x{0660}-\x{0669}]{4}`)
)

var monthNames = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

// ParseStamp reads a date stamp. It reports false when the stamp names no
// complete calendar day: "3 hours ago" and "Tuesday" need a reference this
// function does not have.
func ParseStamp(s string) (news.Date, bool) {
	s = strings.TrimSpace(s)
	if m := isoStamp.FindStringSubmatch(s); m != nil {
		return isoDate(m)
	}
	y, mo, d, ok := dayOf(s)
	if !ok {
		return parseWithDateparser(s)
	}
	day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if day.Month() != mo || day.Day() != d {
		return news.Date{}, false // 31 February
	}
	if t, ok := clockOf(s, day); ok {
		return news.Instant(t), true
	}
	return news.Day(day), true
}

func isoDate(m []string) (news.Date, bool) {
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if day.Month() != time.Month(mo) || day.Day() != d {
		return news.Date{}, false
	}
	if m[4] == "" || m[7] == "" {
		return news.Day(day), true
	}
	h, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	sec, _ := strconv.Atoi(m[6])
	loc, ok := zoneOf(m[7])
	if !ok {
		return news.Day(day), true
	}
	return news.Instant(time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).UTC()), true
}

// dayOf finds the calendar day in a stamp written with a month name or as
// day.month.year numbers.
func dayOf(s string) (year int, month time.Month, day int, ok bool) {
	if m := numStamp.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		year, _ = strconv.Atoi(m[5])
		// Day first unless that is impossible: the outlets of this theatre
		// write 19/02/2017; a US page that writes 02/19/2017 is caught by
		// the day being over 12.
		switch {
		case b > 12 && a <= 12:
			return year, time.Month(a), b, true
		case a <= 31 && b <= 12:
			return year, time.Month(b), a, true
		}
		return 0, 0, 0, false
	}
	tokens := wordTokens.FindAllString(s, -1)
	for i, t := range tokens {
		mo, isMonth := monthNames[strings.ToLower(t)]
		if !isMonth {
			continue
		}
		// "10 June 2014", "June 10, 2014", "June 10th 2014".
		var dayTok, yearTok string
		if i > 0 && isNumber(tokens[i-1], 1, 2) {
			dayTok = tokens[i-1]
			if i+1 < len(tokens) && isNumber(tokens[i+1], 4, 4) {
				yearTok = tokens[i+1]
			}
		} else if i+1 < len(tokens) && isNumber(tokens[i+1], 1, 2) {
			dayTok = tokens[i+1]
			j := i + 2
			if j < len(tokens) && (tokens[j] == "st" || tokens[j] == "nd" || tokens[j] == "rd" || tokens[j] == "th") {
				j++
			}
			if j < len(tokens) && isNumber(tokens[j], 4, 4) {
				yearTok = tokens[j]
			}
		}
		if dayTok == "" || yearTok == "" {
			return 0, 0, 0, false
		}
		day, _ = strconv.Atoi(dayTok)
		year, _ = strconv.Atoi(yearTok)
		return year, mo, day, day >= 1 && day <= 31
	}
	return 0, 0, 0, false
}

func isNumber(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// clockOf finds a time of day with an explicit zone in s and places it on
// day.
func clockOf(s string, day time.Time) (time.Time, bool) {
	for _, m := range timeStamp.FindAllStringSubmatch(s, -1) {
		zone := m[5]
		if m[6] != "" {
			zone = m[6] // "GMT+03:00"
		}
		if zone == "" {
			continue
		}
		loc, ok := zoneOf(zone)
		if !ok {
			continue
		}
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		sec, _ := strconv.Atoi(m[3])
		switch ampm := strings.ToLower(strings.ReplaceAll(m[4], ".", "")); {
		case ampm == "pm" && h < 12:
			h += 12
		case ampm == "am" && h == 12:
			h = 0
		}
		if h > 23 || mi > 59 || sec > 59 {
			return time.Time{}, false
		}
		return time.Date(day.Year(), day.Month(), day.Day(), h, mi, sec, 0, loc).UTC(), true
	}
	return time.Time{}, false
}

func zoneOf(z string) (*time.Location, bool) {
	switch z = strings.ToUpper(z); z {
	case "Z", "GMT", "UTC":
		return time.UTC, true
	}
	z = strings.ReplaceAll(z, ":", "")
	if len(z) != 5 {
		return nil, false
	}
	h, err1 := strconv.Atoi(z[1:3])
	m, err2 := strconv.Atoi(z[3:5])
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return nil, false
	}
	off := h*3600 + m*60
	if z[0] == '-' {
		off = -off
	}
	return time.FixedZone(z, off), true
}

// dateparserConfig asks for complete dates only: a stamp without a year or
// day is not a publication date.
var dateparserConfig = &dateparser.Configuration{
	Languages:     []string{"en", "ar", "fr", "de"},
	StrictParsing: true,
}

func parseWithDateparser(s string) (news.Date, bool) {
	// Only absolute dates: a year must be written. go-dateparser would
	// otherwise resolve "3 hours ago" against today.
	if len(s) > 80 || !yearIn.MatchString(s) {
		return news.Date{}, false
	}
	d, err := dateparser.Parse(dateparserConfig, s)
	if err != nil || d.IsZero() {
		return news.Date{}, false
	}
	return news.Day(d.Time), true
}
