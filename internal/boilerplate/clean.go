// Package boilerplate separates an article from the page furniture that
// comes with plain text copied out of a browser, an app or a newsletter:
// navigation and share rows, "skip to content", cookie and subscription
// prompts, bylines and date stamps, copyright lines, comment sections and
// lists of other headlines. It finds the article's own title, authors and
// date on the way, and keeps the other headlines as links.
//
// The cleaner works on lines. Each line is first classified on its own
// (line.go, patterns.go, meta.go); then the lines are read in order to find
// headline lists and comment sections, and the body is taken as the run from
// the first to the last line of prose outside them. What comes before the
// body is header (where the title is), what comes after is footer.
package boilerplate

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// A Label is the cleaner's verdict on one input line.
type Label uint8

// The labels, as written in the labelled test files.
const (
	Blank       Label = iota // an empty line
	Keep                     // K: body text
	Title                    // T: the article's own headline
	Boilerplate              // B: removed
	Link                     // L: an entry of a headline list, removed and kept as a link
)

func (l Label) String() string { return [...]string{" ", "K", "T", "B", "L"}[l] }

// A Result is a cleaned text.
type Result struct {
	Title   string      // the article's own headline, if the text has one
	Authors []string    // from bylines
	Date    string      // the publication date stamp as written ("June 10, 2014"), if any
	Text    string      // the body: paragraphs separated by "\n\n"
	Site    string      // the outlet, from a copyright line ("© 2020 Gulf Monitor"), if any
	Links   []news.Link // the headline-list entries removed from the text
	Labels  []Label     // one per input line, as split by Lines
}

// Lines splits text into lines the way Clean counts them.
func Lines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// zone is the part of a text a line sits in.
type zone uint8

const (
	zoneNone     zone = iota
	zoneList          // after a list header: other headlines
	zoneComments      // after a comment header: readers' comments, to the end
)

// Clean separates the article in text from its boilerplate. It never fails:
// text that is all boilerplate gives an empty Result.Text.
func Clean(text string) Result {
	raw := Lines(text)
	lines := make([]line, len(raw))
	for i, s := range raw {
		lines[i] = analyse(normalizeSpace(s))
	}
	markMenuBlocks(lines)
	zones := findZones(lines)
	start, end := findBody(lines, zones)
	title := findTitle(lines, start)

	res := Result{Labels: make([]Label, len(lines))}
	if title >= 0 {
		res.Title = headlineText(lines[title].text)
	}
	for i := range lines {
		res.Labels[i] = label(lines, zones, i, start, end, title, res.Title)
	}
	res.Authors, res.Date = collectMeta(lines, zones, start, end)
	if len(res.Authors) == 0 && title >= 0 {
		// A name standing under the headline, without "By".
		for i := title + 1; i < start && i <= title+3; i++ {
			if names := nameLine(lines[i].text); names != nil {
				res.Authors = names
				break
			}
		}
	}
	res.Text = assemble(lines, res.Labels)
	res.Site = findSite(lines, zones, res.Labels, start)
	for i, l := range lines {
		if res.Labels[i] == Link {
			res.Links = append(res.Links, linkOf(l))
		}
	}
	return res
}

// markMenuBlocks marks as menus the runs of three or more consecutive
// short lines of one to three words each: a navigation menu copied one item
// per line ("World", "Iraq", "Opinion").
func markMenuBlocks(lines []line) {
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && lines[j].kind == kindShort && lines[j].words <= 3 && !endsSentence(lines[j].text) {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				lines[k].kind = kindMenu
			}
		}
		i = max(j, i+1)
	}
}

// normalizeSpace trims a line and turns the odd spaces of web text into
// plain ones.
func normalizeSpace(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\t':
			return ' '
		case '\u200b', '\u200c', '\u200d', '\ufeff':
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// aboutHeader opens the "About <organisation>" section that closes press
// releases: everything after it is the sender's standard text.
var aboutHeader = regexp.MustCompile(`^About (?:the )?\p{Lu}[\pL\pN&.'-]*(?: \p{Lu}[\pL\pN&.'-]*){0,4}:?$`)

// findZones marks the lines inside headline lists and comment sections. A
// comment section opens at a comment header or at the first comment or
// forum-post marker after the article has begun; before it, such lines are
// a comment count or the post that carries the article.
func findZones(lines []line) []zone {
	zones := make([]zone, len(lines))
	var cur zone
	comments, begun := false, false
	for i, l := range lines {
		switch {
		case (l.marker || aboutHeader.MatchString(l.text)) && begun && cur != zoneComments:
			comments = true
			cur = zoneComments
		case l.kind == kindListHeader:
			cur = zoneList
		case cur == zoneList && l.kind == kindSentence && !hasBullet(l.text) && !isQuestionHeadline(l):
			// Prose ends a list: the article goes on.
			cur = zoneNone
			if comments {
				cur = zoneComments
			}
		}
		if cur == zoneNone && l.kind == kindSentence {
			begun = true
		}
		zones[i] = cur
	}
	return zones
}

// findBody returns the first and last line of the article body, or
// start > end when there is none.
//
// The body is made of runs: lines of prose and short lines between pieces
// of page furniture. It spans from the first to the last large run (a few
// sentences' worth), plus the smaller runs joined to them by at most one
// line of furniture (an "Advertisement" or a caption inside the article).
// Small runs cut off by more furniture are headers and footers written as
// prose: a cache banner, "This update draws on open sources...". Within
// that span the body starts and ends on a line of prose.
func findBody(lines []line, zones []zone) (start, end int) {
	runs := findRuns(lines, zones)
	mainChars := 0
	for _, r := range runs {
		mainChars = max(mainChars, r.chars)
	}
	large := func(r run) bool { return r.sentences >= 2 && r.chars >= max(300, mainChars/3) }
	first, last := -1, -1
	for i, r := range runs {
		if large(r) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		// No run is large: take every line of prose.
		first, last = 0, len(runs)-1
	} else {
		for first > 0 && runs[first].gap <= 1 && runs[first-1].sentences > 0 {
			first--
		}
		for last+1 < len(runs) && runs[last+1].gap <= 1 && runs[last+1].sentences > 0 {
			last++
		}
	}
	start, end = -1, -1
	if len(runs) > 0 {
		for i := runs[first].start; i <= runs[last].end; i++ {
			if zones[i] == zoneNone && lines[i].kind == kindSentence {
				if start < 0 {
					start = i
				}
				end = i
			}
		}
	}
	if start < 0 {
		// No prose at all: keep whatever short lines are left.
		for i, l := range lines {
			if zones[i] == zoneNone && l.kind == kindShort {
				if start < 0 {
					start = i
				}
				end = i
			}
		}
		if start < 0 {
			return len(lines), -1
		}
		return start, end
	}
	// A hard-wrapped paragraph can begin with lines that end no sentence;
	// take those that run on into the next.
	for start > 0 && lines[start-1].kind == kindShort && zones[start-1] == zoneNone && runsOn(lines[start-1].text, lines[start].text) {
		start--
	}
	// The body can end on prose cut short, by a paywall or a page break.
	for next := nextNonBlank(lines, end); next >= 0 && zones[next] == zoneNone && lines[next].kind == kindShort && lines[next].prose && lines[next].words >= 8; next = nextNonBlank(lines, end) {
		end = next
	}
	return start, end
}

// A run is a stretch of article-like lines between pieces of furniture.
type run struct {
	start, end int // first and last line
	gap        int // lines of furniture between this run and the one before
	sentences  int // lines of prose
	chars      int // bytes of prose
}

// findRuns splits the text into runs. Blank lines neither join nor split.
func findRuns(lines []line, zones []zone) []run {
	var runs []run
	gap := 0
	open := false
	for i, l := range lines {
		switch {
		case l.kind == kindBlank:
		case zones[i] == zoneNone && (l.kind == kindSentence || l.kind == kindShort):
			if !open {
				runs = append(runs, run{start: i, gap: gap})
				open = true
			}
			r := &runs[len(runs)-1]
			r.end = i
			if l.kind == kindSentence {
				r.sentences++
				r.chars += len(l.text)
			}
			gap = 0
		default:
			open = false
			gap++
		}
	}
	return runs
}

// runsOn reports whether line a, ending no sentence, continues into line b:
// b starts in lower case, or a stops on a comma or a word that cannot end
// a sentence.
func runsOn(a, b string) bool {
	if startsLower(b) || strings.HasSuffix(a, ",") {
		return true
	}
	words := strings.Fields(a)
	return len(words) > 0 && functionWords[strings.ToLower(words[len(words)-1])]
}

var functionWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true, "at": true, "by": true, "for": true,
	"and": true, "or": true, "but": true, "with": true, "from": true, "that": true, "which": true, "who": true, "as": true,
	"its": true, "his": true, "her": true, "their": true, "was": true, "were": true, "is": true, "are": true, "had": true, "has": true,
}

// findTitle picks the article's headline among the short lines before the
// body, or returns -1. Section names and kickers are shorter than
// headlines; when two candidates tie, the one nearer the body wins.
func findTitle(lines []line, start int) int {
	best, bestScore := -1, 0
	for i := 0; i < start && i < len(lines); i++ {
		l := lines[i]
		if l.marker || nameLine(l.text) != nil {
			continue
		}
		next := nextNonBlank(lines, i)
		switch {
		case (l.kind == kindShort || l.kind == kindLink) && isHeadline(headlineText(l.text)):
		case l.kind == kindSentence && l.words <= 16 && next >= 0 && (lines[next].kind == kindMeta || nameLine(lines[next].text) != nil):
			// A headline written as sentences, above its byline:
			// "Baghuz has fallen. The harder part starts now."
		default:
			continue
		}
		score := min(l.words, 14)
		if l.kind == kindLink {
			score -= 6 // "Title | Outlet" in a tab or breadcrumb: a copy of the title
		}
		if strings.Contains(l.text, " | ") {
			score -= 3 // headlines rarely carry separators; section labels do
		}
		if next >= 0 && (lines[next].kind == kindMeta || next == start || nameLine(lines[next].text) != nil) {
			score += 3 // headlines sit above their byline or their first paragraph
		}
		if score >= bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func nextNonBlank(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].kind != kindBlank {
			return j
		}
	}
	return -1
}

// label decides the label of line i.
func label(lines []line, zones []zone, i, start, end, title int, titleText string) Label {
	l := lines[i]
	switch {
	case l.kind == kindBlank:
		return Blank
	case i == title:
		return Title
	case zones[i] == zoneList:
		if l.kind == kindLink || listEntry(l) {
			return Link
		}
		return Boilerplate
	case zones[i] == zoneComments:
		return Boilerplate
	case l.kind == kindLink:
		if titleText != "" && strings.Contains(strings.ToLower(l.text), strings.ToLower(titleText)) {
			return Boilerplate // the page's own title again, with the outlet
		}
		if i < start && !hasBullet(l.text) && l.url == "" && !isLeadLink(l.text) {
			return Boilerplate // "Name - Site" above the article: a masthead or tab title
		}
		return Link
	case i < start || i > end:
		return Boilerplate
	case l.kind == kindSentence || l.kind == kindShort:
		return Keep
	}
	return Boilerplate
}

// findSite names the outlet: the holder of a copyright line, or else a
// masthead above the article.
func findSite(lines []line, zones []zone, labels []Label, start int) string {
	for i, l := range lines {
		if labels[i] == Boilerplate && zones[i] != zoneComments {
			if h := CopyrightHolder(l.text); h != "" {
				return h
			}
		}
	}
	for i := 0; i < start && i < len(lines); i++ {
		if labels[i] == Boilerplate && isOutletName(lines[i].text) {
			return lines[i].text
		}
	}
	return ""
}

// collectMeta gathers the authors and publication date from the metadata
// lines outside comments, preferring a "published" stamp to an "updated"
// one, and stamps above the body to those below it.
func collectMeta(lines []line, zones []zone, start, end int) (authors []string, date string) {
	seen := map[string]bool{}
	dateRank := 0
	for i, l := range lines {
		if l.kind != kindMeta || zones[i] == zoneComments {
			continue
		}
		for _, a := range l.authors {
			if !seen[strings.ToLower(a)] {
				seen[strings.ToLower(a)] = true
				authors = append(authors, a)
			}
		}
		if l.date == "" {
			continue
		}
		rank := 4
		if strings.ContainsAny(l.date, "0123456789") {
			rank += 4 // a written date beats "Today" or "yesterday"
		}
		if l.updated {
			rank -= 2
		}
		if i > end {
			rank--
		}
		if rank > dateRank {
			date, dateRank = l.date, rank
		}
	}
	return authors, date
}

// assemble joins the kept lines into paragraphs. Lines of one block stay in
// one paragraph when the text was hard-wrapped: a line that does not end a
// sentence runs on into the next.
func assemble(lines []line, labels []Label) string {
	var b strings.Builder
	prevKept := -1
	for i, lab := range labels {
		if lab != Keep {
			continue
		}
		text := lines[i].text
		if prevKept >= 0 {
			prev := lines[prevKept]
			adjacent := prevKept == i-1
			if adjacent && !endsSentence(prev.text) && (prev.prose || startsLower(text)) {
				b.WriteByte(' ')
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(text)
		prevKept = i
	}
	return b.String()
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// Headline-list entries.

var (
	leadWords     = regexp.MustCompile(`(?i)^(?:related|read more|see also|also read|read also|more|watch|listen)\s*:\s*`)
	bullet        = regexp.MustCompile(`(?i)^(?:[•·*▪▸►»‣◦>]|[-–—]|\d{1,2}[.)]|related\s*:|read more\s*:|see also\s*:|also read\s*:|read also\s*:|more\s*:)\s*`)
	countPart     = regexp.MustCompile(`(?i)^(?:replies|views|comments|posts|reads)\s*:?\s*[\d,.]+k?$|^[\d,.]+k?\s+(?:replies|views|comments|posts|reads)$`)
	entrySep      = regexp.MustCompile(`\s+[-–—|]\s+|\s*\|\s*`)
	trailingParen = regexp.MustCompile(`^(.*\S)\s*\(([^()]+)\)$`)
)

func stripBullet(s string) string { return strings.TrimSpace(bullet.ReplaceAllString(s, "")) }

func hasBullet(s string) bool { return bullet.MatchString(s) }

// isQuestionHeadline reports whether a line is a short question, as
// headlines in lists often are: "Who is Esmail Qaani, the new Quds Force chief?"
func isQuestionHeadline(l line) bool {
	return l.words <= 15 && strings.HasSuffix(strings.TrimRight(l.text, `"'”’`), "?")
}

// listEntry reports whether a line inside a headline list is one of its
// headlines. A line with no lower-case word and no bullet is a name or an
// address ("Levant Daily Media, Beirut"), not a headline.
func listEntry(l line) bool {
	t := stripBullet(l.text)
	switch l.kind {
	case kindShort, kindLink:
	case kindSentence:
		if !isQuestionHeadline(l) && !hasBullet(l.text) {
			return false
		}
	default:
		return false
	}
	if !hasBullet(l.text) && !hasLowerWord(t) && !isQuestionHeadline(l) {
		return false
	}
	return isHeadline(t) || isQuestionHeadline(l)
}

func hasLowerWord(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if (unicode.IsLower(r) || unicode.IsLetter(r) && !unicode.IsUpper(r)) && !functionWords[w] {
			return true
		}
	}
	return false
}

// isLeadLink reports whether a line points to another story with a lead-in:
// "Read more: Three US soldiers killed in drone strike on Jordan outpost".
func isLeadLink(text string) bool {
	m := leadWords.FindStringIndex(text)
	return m != nil && isHeadline(text[m[1]:])
}

// isLinkEntry reports whether a line is an entry of a list of other
// headlines: "Title - Outlet - June 3, 2020", "• Title | Outlet",
// "Title (3 hours ago)", "Related: Title", or a headline with its URL.
func isLinkEntry(text string) bool {
	if !strings.ContainsAny(text, "-–—|(:/") && !hasBullet(text) {
		return false // no separator, date in brackets, lead-in or URL
	}
	t := stripBullet(text)
	if t != text && strings.HasPrefix(strings.ToLower(text), "related") && isHeadline(t) {
		return true
	}
	if u := urlPattern.FindString(t); u != "" {
		rest := strings.TrimSpace(strings.Trim(strings.Replace(t, u, "", 1), " -–—|:()"))
		return rest == "" || isHeadline(rest)
	}
	if m := trailingParen.FindStringSubmatch(t); m != nil && isDateStamp(m[2]) && isHeadline(m[1]) {
		return true
	}
	parts := entrySep.Split(t, -1)
	if len(parts) < 2 || !isHeadline(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		if !isDateStamp(p) && !isLabel(p) && !countPart.MatchString(p) {
			return false
		}
	}
	return true
}

// isHeadline reports whether s could be a headline: three to thirty words,
// starting with a capital or a digit, not ending like a sentence.
func isHeadline(s string) bool {
	words := strings.Fields(s)
	if len(words) < 3 || len(words) > 30 {
		return false
	}
	// Skip the quotes, emoji and markers some outlets put first: "🔴 US drone strike ...".
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !(unicode.IsLetter(r) && !unicode.IsLower(r)) {
		return false
	}
	last := strings.TrimRight(s, `"'”’`)
	return !strings.HasSuffix(last, ".") && !strings.HasSuffix(last, ":") && !strings.HasSuffix(last, ",")
}

// headlineText strips the bullet and the outlet or date parts of a
// headline-list entry, leaving the headline.
func headlineText(s string) string {
	t := stripBullet(s)
	if u := urlPattern.FindString(t); u != "" {
		t = strings.TrimSpace(strings.Trim(strings.Replace(t, u, "", 1), " -–—|:()"))
	}
	if m := trailingParen.FindStringSubmatch(t); m != nil && isDateStamp(m[2]) {
		t = m[1]
	}
	if parts := entrySep.Split(t, -1); len(parts) > 1 && isHeadline(parts[0]) {
		t = parts[0]
	}
	return strings.TrimSpace(t)
}

func linkOf(l line) news.Link {
	text := stripBullet(l.text)
	if l.url != "" {
		text = strings.TrimSpace(strings.Trim(strings.Replace(text, l.url, "", 1), " -–—|:()"))
	}
	return news.Link{URL: l.url, Text: text}
}

// IsHeadline reports whether s reads as a headline: three to thirty words,
// starting with a capital or a digit, not ending like a sentence. The HTML
// extractor uses it to tell links to other stories from navigation.
func IsHeadline(s string) bool { return isHeadline(s) }
