package boilerplate

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Metadata lines: bylines ("By Layla Karim and Tom Reece, Staff Reporters"),
// date stamps ("Published: June 10, 2014 6:30 pm", "Updated 3 hours ago"),
// reading times, and rows of them joined by separators
// ("By Layla Karim | Tigris Wire | June 10, 2014").

var metaSeparator = regexp.MustCompile(`\s*[|•·]\s*|\s+[-–—/]\s+`)

// parseMeta reports whether the line is made of metadata only, and records
// the authors and date it carries.
func (l *line) parseMeta() bool {
	if l.words > 24 || !mayBeMeta(l.text) {
		return false
	}
	var sawByline, sawDate bool
	var names []string
	for _, seg := range metaSeparator.Split(l.text, -1) {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		if names, date, ok := parseByline(seg); ok {
			sawByline = true
			l.authors = append(l.authors, names...)
			if date != "" && l.date == "" {
				l.date, l.updated = cleanStamp(date)
			}
			continue
		}
		if ok, day := stampOf(seg); ok && !day {
			continue // a time of day beside the date: "21 May 2015 - 11:20"
		}
		if isDateStamp(seg) {
			sawDate = true
			if l.date == "" || l.updated && !isUpdateStamp(seg) {
				l.date, l.updated = cleanStamp(seg)
			}
			continue
		}
		if readingTime.MatchString(strings.ToLower(seg)) {
			sawDate = true
			continue
		}
		if isLabel(seg) || domainLike.MatchString(seg) {
			if isName(seg) {
				names = append(names, seg)
			}
			continue
		}
		return false
	}
	if !sawByline && !sawDate {
		// A time of day on its own line: a live blog's entry stamp.
		ok, _ := stampOf(l.text)
		return ok && timeOnly.MatchString(l.text)
	}
	if !sawByline && len(names) > 0 && sawDate {
		// "Haider Jabbar | 31 Aug 2014, 18:22": a name beside a date stamp.
		l.authors = names
	}
	return true
}

var timeOnly = regexp.MustCompile(`(?i)^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:gmt|utc|bst|est|edt|cet|ast|local time)?$`)

var domainLike = regexp.MustCompile(`^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$`)

var readingTime = regexp.MustCompile(`^\d+\s*(?:-|to)?\s*\d*\s*min(?:ute)?s?\.?(?: read| to read)?$`)

// isLabel reports whether a segment is a short name or role that travels
// with a byline: "Tigris Wire", "Staff Reporter", "Baghdad".
func isLabel(seg string) bool {
	words := strings.Fields(seg)
	if len(words) == 0 || len(words) > 5 || endsSentence(seg) && !strings.HasSuffix(seg, ".") {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !roleWords[strings.ToLower(strings.Trim(w, ".,:;"))] {
			return false
		}
	}
	return true
}

// bylineStart matches the words that open a byline.
var bylineStart = regexp.MustCompile(`(?i)^(?:(?:written|words|story|text|posted|reported|report|reporting|additional reporting) by|by|authors?:|reporters?:|writers?:)\s+`)

// parseByline reads a byline segment: the names it gives, and a date that
// follows them ("By Sara Haddad on June 10, 2014").
func parseByline(seg string) (names []string, date string, ok bool) {
	m := bylineStart.FindStringIndex(seg)
	if m == nil {
		return nil, "", false
	}
	rest := strings.TrimSpace(seg[m[1]:])
	if rest == "" || endsSentence(rest) && len(strings.Fields(rest)) > 8 {
		return nil, "", false
	}
	// A date may follow the names: "... on June 10, 2014" or "..., June 10, 2014".
	if i := strings.LastIndex(rest, " on "); i > 0 && isDateStamp(rest[i+4:]) {
		rest, date = rest[:i], rest[i+4:]
	}
	rest = bylinePlace.ReplaceAllString(rest, "") // "Yusuf Hamdan in Dubai"
	rest = editedBy.ReplaceAllString(rest, "")    // editors are not authors
	parts := nameSplit.Split(rest, -1)
	for i, p := range parts {
		p = strings.Trim(p, " .,;:")
		if p == "" {
			continue
		}
		switch {
		case isName(p):
			names = append(names, p)
		case isRole(p):
		case i > 0 && isPlace(p):
		case i > 0 && isDateStamp(p) && date == "":
			date = p
		default:
			return nil, "", false
		}
	}
	return names, date, len(names) > 0
}

var (
	bylinePlace = regexp.MustCompile(`\s+in\s+\p{Lu}[\pL-]+(?:\s+\p{Lu}[\pL-]+)*\s*$`)
	editedBy    = regexp.MustCompile(`(?i)\s*[;,|]?\s*(?:editing|edited|writing|compiled|graphics|photos?) by\b.*$`)
)

// isPlace reports whether s is one or two capitalised words: a place after
// a byline ("By Rania Haddad, Beirut").
func isPlace(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

var nameSplit = regexp.MustCompile(`\s*(?:,|;|&|\band\b|\bwith\b)\s*`)

// nameParticles may appear in lower case inside a name.
var nameParticles = map[string]bool{
	"al": true, "al-": true, "el": true, "bin": true, "ibn": true, "abu": true, "de": true, "da": true, "di": true, "du": true,
	"del": true, "der": true, "van": true, "von": true, "la": true, "le": true, "bint": true, "y": true,
}

// roleWords describe a writer's job or outlet, not a person.
var roleWords = map[string]bool{
	"staff": true, "reporter": true, "reporters": true, "writer": true, "writers": true, "correspondent": true, "correspondents": true,
	"editor": true, "editors": true, "contributor": true, "contributors": true, "bureau": true, "desk": true, "agency": true,
	"wire": true, "news": true, "service": true, "team": true, "senior": true, "chief": true, "special": true, "foreign": true,
	"defence": true, "defense": true, "security": true, "political": true, "diplomatic": true, "military": true, "middle": true,
	"east": true, "in": true, "for": true, "the": true, "of": true, "at": true, "from": true, "newsroom": true, "online": true, "press": true,
	"associated": true, "affairs": true, "international": true, "national": true, "global": true, "regional": true, "analyst": true,
	"columnist": true, "journalist": true, "photographer": true, "producer": true, "author": true, "an": true, "a": true,
	"by": true, "freelance": true, "contributing": true, "managing": true, "deputy": true, "and": true, "edited": true, "updated": true,
	"latest": true, "more": true, "stories": true, "articles": true, "follow": true, "email": true, "is": true, "based": true,
	// Words in outlet names, so that "Gulf Monitor" is not taken for a person.
	"monitor": true, "post": true, "daily": true, "times": true, "observer": true, "dispatch": true, "report": true,
	"journal": true, "herald": true, "tribune": true, "gazette": true, "tv": true, "radio": true, "channel": true, "media": true,
	"network": true, "weekly": true, "magazine": true, "review": true, "insider": true, "today": true, "briefing": true, "brief": true,
}

// nameLine returns the names on a line that holds only names, places and
// roles ("Megan Castillo, Aaron Feld", "Shilan Mustafa · Erbil"), or nil.
func nameLine(text string) []string {
	if len(strings.Fields(text)) > 14 || endsSentence(text) {
		return nil
	}
	var names []string
	for _, seg := range metaSeparator.Split(text, -1) {
		for _, p := range nameSplit.Split(seg, -1) {
			p = strings.TrimSpace(p)
			switch {
			case p == "":
			case isName(p):
				names = append(names, p)
			case isRole(p) || isLabel(p) && len(strings.Fields(p)) <= 2:
			default:
				return nil
			}
		}
	}
	return names
}

// isName reports whether s looks like a person's name: two to five words,
// each capitalised or a name particle, none a role word.
func isName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	caps := 0
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, ".,"))
		if roleWords[lw] {
			return false
		}
		if nameParticles[lw] || strings.HasPrefix(lw, "al-") || strings.HasPrefix(lw, "el-") {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range w {
			if unicode.IsDigit(c) {
				return false
			}
		}
		caps++
	}
	return caps >= 1
}

// isRole reports whether s only describes a job or outlet ("Staff
// Reporters", "in Baghdad", "Tigris Wire correspondent").
func isRole(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	role := false
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, ".,"))
		if roleWords[lw] {
			role = true
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return role
}

// Date stamps. A segment is a date stamp when every word is a date or time
// word, a number, or a stamp word, and it names a day.
var (
	months = map[string]bool{
		"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
		"august": true, "september": true, "october": true, "november": true, "december": true,
		"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
		"sept": true, "oct": true, "nov": true, "dec": true,
	}
	stampWords = map[string]bool{
		"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
		"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
		"am": true, "pm": true, "a.m": true, "p.m": true, "gmt": true, "utc": true, "est": true, "edt": true, "bst": true, "cet": true,
		"cest": true, "ast": true, "et": true, "pt": true, "pst": true, "pdt": true, "cst": true, "cdt": true, "ist": true, "msk": true, "z": true,
		"published": true, "updated": true, "posted": true, "last": true, "modified": true, "first": true, "on": true, "at": true,
		"date": true, "time": true, "today": true, "yesterday": true, "ago": true, "hour": true, "hours": true, "hr": true, "hrs": true,
		"minute": true, "minutes": true, "min": true, "mins": true, "second": true, "seconds": true, "day": true, "days": true,
		"week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true, "an": true, "a": true, "just": true, "now": true,
		"of": true, "the": true, "local": true,
	}
	relToken    = regexp.MustCompile(`^\d{1,3}[hdw]$`) // "2d", "3h": ages in feed readers
	dateToken   = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:t[\d:.+z-]+)?$`)
	yearToken   = regexp.MustCompile(`^(?:19|20)\d\d$`)
	numToken    = regexp.MustCompile(`^\d{1,2}(?:st|nd|rd|th)?$`)
	timeToken   = regexp.MustCompile(`^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm)?$|^[+-]\d{2}:?\d{2}$`)
	stampSplit  = regexp.MustCompile(`[\s,()|]+`)
	updateStamp = regexp.MustCompile(`(?i)\b(?:updated|modified|last)\b`)
)

// isDateStamp reports whether seg is nothing but a date, perhaps with a
// time.
func isDateStamp(seg string) bool {
	ok, day := stampOf(seg)
	return ok && day
}

// stampOf reports whether seg is nothing but date and time words, and
// whether it names a day rather than only a time of day.
func stampOf(seg string) (ok, day bool) {
	tokens := stampSplit.Split(strings.ToLower(strings.TrimSpace(seg)), -1)
	n := 0
	for _, t := range tokens {
		t = strings.Trim(t, ".:;-–—")
		if t == "" {
			continue
		}
		n++
		switch {
		case months[t], relToken.MatchString(t), dateToken.MatchString(t), yearToken.MatchString(t):
			day = true
		case stampWords[t]:
			if t == "today" || t == "yesterday" || t == "ago" {
				day = true
			}
		case numToken.MatchString(t), timeToken.MatchString(t):
		default:
			return false, false
		}
	}
	return n > 0, day
}

func isUpdateStamp(seg string) bool { return updateStamp.MatchString(seg) }

// stampPrefix is what comes before the date itself in a stamp.
var stampPrefix = regexp.MustCompile(`(?i)^(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?|date)\s*:?\s*`)

// cleanStamp returns the date part of a stamp and whether it is an update.
func cleanStamp(seg string) (string, bool) {
	seg = strings.TrimSpace(seg)
	return strings.TrimSpace(stampPrefix.ReplaceAllString(seg, "")), isUpdateStamp(seg)
}

// copyrightLine finds the holder in a copyright line: "© 2020 Gulf
// Monitor. All rights reserved.", "Copyright 2019 Tigris Wire All Rights
// Reserved", "© Levant Daily 2017 · Privacy".
var copyrightLine = regexp.MustCompile(`(?:©|\([cC]\)|Copyright|COPYRIGHT)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?(\p{Lu}[\pL\pN&'’.-]*(?: [\p{Lu}&][\pL\pN&'’.-]*){0,5})`)

// CopyrightHolder returns who a copyright line names, or "".
func CopyrightHolder(line string) string {
	m := copyrightLine.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	holder, _, _ := strings.Cut(m[1], ". ") // a sentence after the name
	for _, stop := range []string{" All", " Distribution", " Printed", " For", " This", " Powered"} {
		if i := strings.Index(holder, stop); i > 0 {
			holder = holder[:i]
		}
	}
	holder = strings.TrimRight(holder, ".-")
	if strings.EqualFold(holder, "All") || len(holder) < 3 {
		return ""
	}
	return holder
}

// mayBeMeta is a quick test that rules out most lines before parseMeta
// splits them: metadata has a number in it, or a byline word.
func mayBeMeta(s string) bool {
	if strings.ContainsAny(s, "0123456789") {
		return true
	}
	lower := strings.ToLower(s)
	for _, w := range []string{"by ", "author", "reporter", "writer", "today", "yesterday", "ago"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// outletWords appear in the names of news outlets, and rarely in section
// names or headlines.
var outletWords = map[string]bool{
	"post": true, "times": true, "daily": true, "news": true, "monitor": true, "observer": true, "dispatch": true,
	"report": true, "wire": true, "journal": true, "herald": true, "tribune": true, "gazette": true, "telegraph": true,
	"chronicle": true, "review": true, "press": true, "agency": true, "tv": true, "radio": true, "channel": true,
	"network": true, "broadcasting": true, "media": true, "weekly": true, "magazine": true, "insider": true,
}

// isOutletName reports whether a line is an outlet's name standing alone,
// as a masthead: "Kurdistan Observer", "The Euphrates Post".
func isOutletName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	outlet := false
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789.,:;!?|") {
			return false
		}
		if outletWords[strings.ToLower(w)] {
			outlet = true
		}
	}
	return outlet
}
