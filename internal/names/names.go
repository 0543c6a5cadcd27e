// Package names finds multi-word names in tokenized text: the index the
// actor lexicon and the gazetteer share. Names are matched on normalised
// tokens (token.Norm), skipping hyphens and the Arabic article ("al-Qaeda"
// matches "Qaeda"), and a name written with capitals needs them in the
// text ("Badr" does not match "badr"; "IS" does not match "is").
package names

import (
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// A Text is tokenized text ready for matching: its tokens and their
// normalised forms, computed once and shared by every lookup.
type Text struct {
	Src   string
	Toks  []news.Token
	Norms []string
}

// NewText prepares src and its tokens for matching.
func NewText(src string, toks []news.Token) Text {
	return Text{Src: src, Toks: toks, Norms: token.Norms(src, toks, nil)}
}

// Upto returns the text cut after token end, so that no match runs past it.
func (t Text) Upto(end int) Text { return Text{Src: t.Src, Toks: t.Toks[:end], Norms: t.Norms[:end]} }

// Word returns token i as written.
func (t Text) Word(i int) string { return t.Src[t.Toks[i].Span.Start:t.Toks[i].Span.End] }

// An Index maps names to values. The zero Index is empty and ready to use;
// it is safe for concurrent reads once filled.
type Index[T comparable] struct {
	index map[string][]pattern[T] // normalised first word -> names starting with it, longest first
}

type pattern[T comparable] struct {
	words []string // normalised
	shape []string // the words as written, for case checks; nil when the name is all lower case
	value T
}

// Add indexes name for v. Adding the same name for the same value twice
// does nothing.
func (x *Index[T]) Add(name string, v T) {
	var p pattern[T]
	p.value = v
	lower := strings.ToLower(name) == name
	for _, w := range token.Words(name) {
		n := token.Norm(w)
		if Skip(n) {
			continue
		}
		p.words = append(p.words, n)
		if !lower {
			p.shape = append(p.shape, w)
		}
	}
	if len(p.words) == 0 {
		return
	}
	if x.index == nil {
		x.index = map[string][]pattern[T]{}
	}
	first := p.words[0]
	for _, q := range x.index[first] {
		if slices.Equal(q.words, p.words) && q.value == v {
			return
		}
	}
	list := append(x.index[first], p)
	slices.SortStableFunc(list, func(a, b pattern[T]) int { return len(b.words) - len(a.words) })
	x.index[first] = list
}

// Match returns the value of the longest name starting at token i of t
// (the first added, among names of that length) and the token after it.
func (x *Index[T]) Match(t Text, i int) (v T, last int, ok bool) {
	if i < 0 || i >= len(t.Toks) || Skip(t.Norms[i]) {
		return v, 0, false
	}
	for _, p := range x.index[t.Norms[i]] {
		if end, ok := p.match(t, i); ok {
			return p.value, end, true
		}
	}
	return v, 0, false
}

// MatchAll returns the values of every name of the longest length that
// starts at token i ("Hit" the town and "Hit" the district), and the
// token after them.
func (x *Index[T]) MatchAll(t Text, i int) (vs []T, last int) {
	if i < 0 || i >= len(t.Toks) || Skip(t.Norms[i]) {
		return nil, 0
	}
	n := 0
	for _, p := range x.index[t.Norms[i]] {
		if n > 0 && len(p.words) < n {
			break
		}
		if end, ok := p.match(t, i); ok && (n == 0 || end == last) {
			if n == 0 {
				n, last = len(p.words), end
			}
			if !slices.Contains(vs, p.value) {
				vs = append(vs, p.value)
			}
		}
	}
	return vs, last
}

func (p pattern[T]) match(t Text, i int) (int, bool) {
	j := i
	for k, w := range p.words {
		for k > 0 && j < len(t.Toks) && Skip(t.Norms[j]) && t.Toks[j].Span.Start-t.Toks[j-1].Span.End <= 1 {
			j++
		}
		if j >= len(t.Toks) || t.Norms[j] != w {
			return 0, false
		}
		if p.shape != nil && !SameShape(p.shape[k], t.Word(j)) {
			return 0, false
		}
		j++
	}
	return j, true
}

// Skip reports whether a normalised token is left out of matching: hyphens
// and the Arabic article ("al-Qaeda" = "Qaeda").
func Skip(n string) bool {
	return n == "-" || n == "al" || n == "el" || n == "‐"
}

// SameShape reports whether text word w has the capitals of lexicon word
// lex: a capitalised name needs a capital, an acronym needs all capitals,
// and a headline in capitals matches a capitalised name.
func SameShape(lex, w string) bool {
	if !token.IsCapitalized(lex) {
		return true // "al" in "Asaib Ahl al-Haq", "of" in "Council of Representatives"
	}
	if token.IsUpper(lex) && len(lex) > 1 {
		return token.IsUpper(w)
	}
	return token.IsCapitalized(w)
}
