package boilerplate

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a line looks like on its own, before its neighbours are
// considered.
type kind uint8

const (
	kindBlank         kind = iota
	kindNoise              // matches a boilerplate pattern: share, login, cookie, copyright ...
	kindMeta               // a byline, a date stamp, a reading time, or several of them
	kindMenu               // navigation: short items between separators
	kindListHeader         // "Related stories", "Most read": a headline list follows
	kindCommentHeader      // "32 Comments", "Leave a reply": comments follow
	kindLink               // an entry of a headline list: "Title - Outlet - date"
	kindSentence           // prose: a sentence or a paragraph
	kindShort              // anything else: a headline, a subheading, a stray word
)

func (k kind) String() string {
	return [...]string{"blank", "noise", "meta", "menu", "list-header", "comment-header", "link", "sentence", "short"}[k]
}

// A line is one input line with what was learned about it.
type line struct {
	text    string // trimmed
	kind    kind
	words   int
	authors []string // from a byline
	date    string   // a date stamp's text, if the line has one
	updated bool     // the date stamp says "updated" rather than "published"
	url     string   // a URL on the line
	prose   bool     // reads like running text: mostly lower-case words
	marker  bool     // marks a reader's comment or forum post: "Post by x", "x wrote:"
}

// analyse classifies one trimmed line on its own.
func analyse(text string) line {
	l := line{text: text}
	if text == "" {
		l.kind = kindBlank
		return l
	}
	words := strings.Fields(text)
	l.words = len(words)
	l.prose = isProse(words)
	l.url = urlPattern.FindString(text)
	lower := strings.ToLower(text)

	switch {
	case !hasAlnum(text):
		l.kind = kindNoise // rules, bullets and ornaments
	case isAside(text, l.words):
		l.kind = kindNoise
	case isLeadLink(text), hasBullet(text) && isLinkEntry(text):
		l.kind = kindLink
	case commentHeader.match(lower):
		l.kind = kindCommentHeader
	case isListHeader(lower):
		l.kind = kindListHeader
	case l.parseMeta():
		l.kind = kindMeta
	case isNoise(lower, l.words):
		l.kind = kindNoise
	case isMenu(text):
		l.kind = kindMenu
	case isLinkEntry(text):
		l.kind = kindLink
	case isSentence(text, words):
		l.kind = kindSentence
	default:
		l.kind = kindShort
	}
	l.marker = l.kind == kindCommentHeader || isCommentMarker(text, lower, l.words)
	return l
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"')\]]+`)

// isSentence reports whether a line reads as running text rather than a
// label, a headline or a menu. A line ending in a colon introduces
// something ("Pasting the wire copy here:"), so it does not count; nor does
// a sentence-case headline, however long, without its full stop.
func isSentence(text string, words []string) bool {
	n := len(words)
	if n >= 4 && endsSentence(text) && !strings.HasSuffix(strings.TrimRight(text, `"'”’)]`), ":") {
		return true
	}
	return n >= 25 // a paragraph that lost its full stop
}

// endsSentence reports whether text ends like a sentence: a full stop,
// question or exclamation mark, or colon, perhaps inside closing quotes or
// brackets.
func endsSentence(text string) bool {
	text = strings.TrimRight(text, `"'”’)]»`)
	r, _ := utf8.DecodeLastRuneInString(text)
	switch r {
	case '.', '!', '?', '…', ':', '؟', '。':
		return true
	}
	return false
}

// isProse reports whether most words of a longer line start in lower case,
// as in running text; headlines in title case and name lists do not.
func isProse(words []string) bool {
	if len(words) < 6 {
		return false
	}
	lower, letters := 0, 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, `"'“‘(`))
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.IsLower(r) || !unicode.IsUpper(r) && !unicode.IsLower(r) {
			// Scripts without case (Arabic) count as prose.
			lower++
		}
	}
	return letters > 0 && float64(lower)/float64(letters) >= 0.55
}

// Separators between menu items or between the parts of a headline entry.
var menuSeparator = regexp.MustCompile(`\s+[|•·›»>/]\s+|\s*[|•·›»]\s*|\s{2,}`)

// isMenu reports whether a line is a row of short navigation items, or a
// breadcrumb ("Syria › Security"). Rows whose items carry numbers are
// tables or scores, not menus.
func isMenu(text string) bool {
	if !strings.ContainsAny(text, "|•·›»>/") && !strings.Contains(text, "  ") {
		return false
	}
	if breadcrumbTail.MatchString(text) {
		return true
	}
	parts := menuSeparator.Split(text, -1)
	items, numeric, lower, pager := 0, 0, 0, 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if len(strings.Fields(p)) > 4 || endsSentence(p) {
			return false
		}
		if pagerItem.MatchString(p) {
			pager++
			items++
			continue
		}
		if strings.ContainsAny(parenthetical.ReplaceAllString(p, ""), "0123456789") {
			numeric++ // "92.7%", but not a count in brackets: "Tigris Wire (48)"
		}
		if hasLowerWord(p) && !domainLike.MatchString(p) && !isNoise(strings.ToLower(p), len(strings.Fields(p))) {
			lower++ // "Army withdrew": a table cell, not a menu item
		}
		items++
	}
	if pager >= 2 {
		return true // "« Prev | 1 | 2 | ... | 63 | Next »"
	}
	if numeric*2 > items || lower > 1 {
		return false
	}
	return items >= 3 || items >= 2 && isBreadcrumb(text)
}

func isBreadcrumb(text string) bool {
	return strings.ContainsAny(text, "›»") || strings.Contains(text, " > ")
}

// breadcrumbTail matches a breadcrumb whose last item is the page's own
// title: "Forum › Middle East › Iraq & Syria: the air war thread".
var breadcrumbTail = regexp.MustCompile(`^(?:[^›»>]{1,40}\s*[›»>]\s*){2,}[^›»>]+$`)

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

var pagerItem = regexp.MustCompile(`^(?:\d{1,4}|\.{2,}|…)$`)

var parenthetical = regexp.MustCompile(`\([^()]*\)`)

// aside matches a short line wholly in brackets: a stage direction or time
// code in a transcript, "(END VIDEOTAPE)", "[06:04:52]", or a credit.
var aside = regexp.MustCompile(`^(?:\([^()]*\)|\[[^\[\]]*\])$`)

// isAside reports whether a line is an aside: bracketed, or shouting a
// notice in capitals ("THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN
// ITS FINAL FORM."). Short capitalised lines may be subheadings and stay.
func isAside(text string, words int) bool {
	if words <= 6 && aside.MatchString(text) {
		return true
	}
	if words < 6 && !(words >= 3 && endsSentence(text)) {
		return false
	}
	upper := 0
	for _, r := range text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper > 0
}

// commentMarkers are the lines that open one reader's comment or forum
// post: who wrote it, when, and the buttons under it.
var commentMarker = newLexicon(`^(?:`, `)$`,
	`posted by .*`, `post by .*`, `\S+ (?:wrote|said|writes|says):`, `quote:?`, `#\d+`, `(?:reply|quote|report|like|share|permalink|flag)(?:\s*[|·]?\s*(?:reply|quote|report|like|share|permalink|flag|with quote|post))+`,
	`(?:\d+\s+)?(?:likes?|replies|reply)`, `(?:member|moderator|administrator|senior member|junior member|new member)(?: · .*)?`,
	`(?:joined|posts|member since|registered)\s*:.*`, `posted (?:on )?.*`,
)

// username matches a handle standing alone on its line: "kurdwatcher_88",
// "hawre.k", "Old_Sapper".
var username = regexp.MustCompile(`^@?[\pL\pN]+(?:[._-][\pL\pN]+)*$`)

// isCommentMarker reports whether a line opens a comment or forum post.
func isCommentMarker(text, lower string, words int) bool {
	if commentMarker.match(lower) {
		return true
	}
	if words == 1 && username.MatchString(text) {
		// A lone lower-case word, or one with digits or joiners, is a
		// handle; a lone capitalised word may be a subheading.
		r, _ := utf8.DecodeRuneInString(text)
		return unicode.IsLower(r) || strings.ContainsAny(text, "_.0123456789")
	}
	return false
}
