package boilerplate

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A lexicon is a list of patterns, each compiled on its own and tried only
// when the line could match it. One large alternation would make Go's
// regexp engine step through every branch for every line; instead an
// anchored pattern is tried only on lines starting with a byte it can start
// with, and an unanchored one only on lines containing a word it cannot
// match without. Both are worked out from the pattern itself, so adding a
// pattern needs nothing more.
type lexicon struct {
	patterns []*regexp.Regexp
	needs    [][]string // unanchored patterns: one of these must occur; nil: always try
	byFirst  [256][]int // anchored patterns, by the first byte a match can have
	anchored []bool
	empty    []int // anchored patterns that can match an empty line
}

// newLexicon compiles prefix+alt+suffix for every alternative.
func newLexicon(prefix, suffix string, alts ...string) lexicon {
	var x lexicon
	for i, alt := range alts {
		expr := prefix + alt + suffix
		x.patterns = append(x.patterns, regexp.MustCompile(expr))
		re, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			panic(err) // MustCompile accepted it
		}
		re = re.Simplify()
		anchored := strings.HasPrefix(expr, "^")
		x.anchored = append(x.anchored, anchored)
		if !anchored {
			x.needs = append(x.needs, required(re))
			continue
		}
		x.needs = append(x.needs, nil)
		var first [256]bool
		if firstBytes(re, &first) {
			x.empty = append(x.empty, i)
		}
		for b, ok := range first {
			if ok {
				x.byFirst[b] = append(x.byFirst[b], i)
			}
		}
	}
	return x
}

// match reports whether any pattern matches s.
func (x lexicon) match(s string) bool {
	for i, re := range x.patterns {
		if x.anchored[i] {
			continue
		}
		if need := x.needs[i]; need != nil && !containsAny(s, need) {
			continue
		}
		if re.MatchString(s) {
			return true
		}
	}
	candidates := x.empty
	if s != "" {
		candidates = x.byFirst[s[0]]
	}
	for _, i := range candidates {
		if x.patterns[i].MatchString(s) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// firstBytes marks in set every byte a match of re can start with, and
// reports whether re can match the empty string (so that what follows it
// can start the match too).
func firstBytes(re *syntax.Regexp, set *[256]bool) (nullable bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true
		}
		markRune(set, re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
				set[r] = true
			}
			if hi >= utf8.RuneSelf {
				for b := 0xC0; b < 0x100; b++ {
					set[b] = true // any multi-byte lead byte: coarse, but safe
				}
			}
		}
		return false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		for b := range set {
			set[b] = true
		}
		return false
	case syntax.OpCapture, syntax.OpPlus:
		return firstBytes(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		firstBytes(re.Sub[0], set)
		return true
	case syntax.OpRepeat:
		n := firstBytes(re.Sub[0], set)
		return n || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !firstBytes(sub, set) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		nullable = false
		for _, sub := range re.Sub {
			if firstBytes(sub, set) {
				nullable = true
			}
		}
		return nullable
	}
	for b := range set {
		set[b] = true // an operator not handled above: try the pattern always
	}
	return true
}

func markRune(set *[256]bool, r rune, fold bool) {
	var buf [utf8.UTFMax]byte
	mark := func(r rune) {
		utf8.EncodeRune(buf[:], r)
		set[buf[0]] = true
	}
	mark(r)
	if fold {
		for f := unicodeSimpleFold(r); f != r; f = unicodeSimpleFold(f) {
			mark(f)
		}
	}
}

// required returns strings one of which every match of re contains, or nil
// when there are none worth testing.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if n := required(sub); n != nil && (best == nil || shortest(n) > shortest(best)) {
				best = n
			}
		}
		if best != nil && shortest(best) >= 2 {
			return best
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			n := required(sub)
			if n == nil {
				return nil
			}
			all = append(all, n...)
		}
		return all
	}
	return nil
}

func shortest(ss []string) int {
	m := -1
	for _, s := range ss {
		if m < 0 || len(s) < m {
			m = len(s)
		}
	}
	return m
}

func unicodeSimpleFold(r rune) rune { return unicode.SimpleFold(r) }
