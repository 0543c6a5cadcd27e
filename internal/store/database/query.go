package database

import (
	"strings"
	"unicode"
)

// A term is one word or "quoted phrase" of a query.
type term struct {
	text   string
	prefix bool
	not    bool
}

// parseQuery reads what a user typed: words and "quoted phrases", OR
// between alternatives, -word or NOT word to exclude, word* for a
// prefix. groups must all match, any term of a group will do; neg must
// not match. No groups: nothing to look for.
func parseQuery(q string) (groups [][]term, neg []term) {
	orNext, notNext := false, false
	rest := strings.TrimSpace(q)
	for rest != "" {
		var tok string
		quoted := false
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				tok, rest = rest[1:], ""
			} else {
				tok, rest = rest[1:end+1], rest[end+2:]
			}
			quoted = true
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			tok, rest = rest[:end], rest[end:]
		}
		rest = strings.TrimSpace(rest)
		if !quoted {
			switch tok {
			case "OR":
				orNext = len(groups) > 0
				continue
			case "AND":
				continue
			case "NOT":
				notNext = true
				continue
			}
		}
		t := term{text: tok}
		if !quoted && strings.HasPrefix(t.text, "-") && len(t.text) > 1 {
			t.text, t.not = t.text[1:], true
		}
		if notNext {
			t.not, notNext = true, false
		}
		if !quoted && strings.HasSuffix(t.text, "*") {
			t.text, t.prefix = strings.TrimRight(t.text, "*"), true
		}
		if !hasWordChar(t.text) {
			orNext = false
			continue
		}
		switch {
		case t.not:
			neg = append(neg, t)
		case orNext:
			groups[len(groups)-1] = append(groups[len(groups)-1], t)
		default:
			groups = append(groups, []term{t})
		}
		orNext = false
	}
	return groups, neg
}

// MatchExpression turns what a user typed into an FTS5 MATCH expression
// that cannot be a syntax error: every word becomes a quoted FTS5 string
// (so "al-Asad" and "U.S." are searched as the words they contain), "quoted
// phrases" stay phrases, OR joins alternatives, -word or NOT word excludes,
// and word* matches a prefix. It returns "" when nothing is left to look
// for.
func MatchExpression(q string) string {
	groups, neg := parseQuery(q)
	if len(groups) == 0 {
		return ""
	}
	str := func(t term) string {
		s := `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
		if t.prefix {
			s += "*"
		}
		return s
	}
	expr := strings.Join(alternatives(groups, str, " OR "), " AND ")
	for _, t := range neg {
		expr = "(" + expr + ") NOT " + str(t)
	}
	return expr
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// TSQuery is MatchExpression for PostgreSQL: a to_tsquery('simple', ...)
// argument over the words of documents as migration 0001 indexes them,
// split at every character that is neither letter nor digit. A term of
// several words is a phrase of them; a prefix is its last word's.
func TSQuery(q string) string {
	groups, neg := parseQuery(q)
	if len(groups) == 0 {
		return ""
	}
	str := func(t term) string {
		words := strings.FieldsFunc(strings.ToLower(t.text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for i, w := range words {
			words[i] = "'" + w + "'"
		}
		if t.prefix {
			words[len(words)-1] += ":*"
		}
		if len(words) == 1 {
			return words[0]
		}
		return "(" + strings.Join(words, " <-> ") + ")"
	}
	parts := alternatives(groups, str, " | ")
	for _, t := range neg {
		parts = append(parts, "!"+str(t))
	}
	return strings.Join(parts, " & ")
}

// alternatives spells each group as its terms joined by or, in
// parentheses when there are several.
func alternatives(groups [][]term, str func(term) string, or string) []string {
	var parts []string
	for _, g := range groups {
		alts := make([]string, len(g))
		for i, t := range g {
			alts[i] = str(t)
		}
		if len(alts) == 1 {
			parts = append(parts, alts[0])
		} else {
			parts = append(parts, "("+strings.Join(alts, or)+")")
		}
	}
	return parts
}
