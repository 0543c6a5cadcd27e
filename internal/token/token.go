// Package token splits news text into words, numbers and punctuation, the
// same way for article text and for lexicon entries, so that a name written
// in a lexicon matches the tokens of the text it names.
//
// The rules are made for English news: abbreviations and initials keep
// their dots ("U.S.", "Gen.", "Jan.", "George W."), hyphens split words
// ("al-Abadi" is "al", "-", "Abadi") so that either half can match, and the
// possessive "'s" and "n't" are tokens of their own. Other scripts (Arabic,
// Kurdish) split on spaces and punctuation. Scanning is linear in the input.
package token

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// Scan appends the tokens of text to dst and returns it. Spans are byte
// offsets into text plus base, so a caller can scan part of a document.
func Scan(dst []news.Token, text string, base int) []news.Token {
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r) || r == utf8.RuneError && n == 1 || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff':
			i += n
		case isLetter(r):
			end := max(scanWord(text, i), i+n)
			dst = append(dst, news.Token{Span: news.Span{Start: base + i, End: base + end}, Kind: news.Word})
			i = end
		case unicode.IsDigit(r):
			end := scanNumber(text, i)
			dst = append(dst, news.Token{Span: news.Span{Start: base + i, End: base + end}, Kind: news.Number})
			i = end
		case isApostrophe(r) && startsSuffix(text[i+n:]):
			// "'s" after a space or a closing quote: keep it whole.
			end := i + n + 1
			dst = append(dst, news.Token{Span: news.Span{Start: base + i, End: base + end}, Kind: news.Word})
			i = end
		default:
			end := i + n
			if r == '-' || r == '.' || isDash(r) {
				// "--", "...", "—–" are one token.
				for end < len(text) {
					r2, n2 := utf8.DecodeRuneInString(text[end:])
					if r2 != r && !(isDash(r) && isDash(r2)) {
						break
					}
					end += n2
				}
			}
			dst = append(dst, news.Token{Span: news.Span{Start: base + i, End: base + end}, Kind: news.Punct})
			i = end
		}
	}
	return dst
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// isDash reports whether r is a dash other than the hyphen-minus.
func isDash(r rune) bool { return r == '–' || r == '—' || r == '‒' || r == '―' || r == '−' }

// startsSuffix reports whether s (just after an apostrophe) is "s" ending a word.
func startsSuffix(s string) bool {
	if len(s) == 0 || (s[0] != 's' && s[0] != 'S') {
		return false
	}
	if len(s) == 1 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[1:])
	return !isLetter(r) && !unicode.IsDigit(r)
}

// scanWord returns the end of the word starting at i.
func scanWord(text string, i int) int {
	start := i
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isLetter(r) || unicode.IsDigit(r):
			i += n
		case isApostrophe(r):
			rest := text[i+n:]
			if startsSuffix(rest) {
				return i // "Iraq" + "'s"
			}
			if (rest == "t" || strings.HasPrefix(rest, "t") && !startsLetter(rest[1:])) && i-1 > start && (text[i-1] == 'n' || text[i-1] == 'N') {
				return i - 1 // "did" + "n't"
			}
			if !startsLetter(rest) {
				return i
			}
			i += n // "Kata'ib", "O'Brien"
		case r == '.':
			word := text[start:i]
			next := text[i+1:]
			if singleLetters(word) && startsLetter(next) && followedByDot(next) {
				// "U.S.", "U.N.", "U.A.E.": take "S." and go on.
				i++
				continue
			}
			if isInitial(word) || isAbbreviation(word) {
				return i + 1
			}
			return i
		default:
			return i
		}
	}
	return i
}

// followedByDot reports whether s is one letter then a dot ("S." of "U.S.").
func followedByDot(s string) bool {
	_, n := utf8.DecodeRuneInString(s)
	return n < len(s) && s[n] == '.'
}

func startsLetter(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isLetter(r)
}

// singleLetters reports whether word is letters joined by dots ("U", "U.S", "a.m").
func singleLetters(word string) bool {
	for _, part := range strings.Split(word, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

// isInitial reports whether word is a single letter, or letters joined by
// dots so far ("U.S" while scanning "U.S.").
func isInitial(word string) bool {
	for k, part := range strings.Split(word, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if k == 0 && !unicode.IsUpper(r) && !strings.Contains(word, ".") {
			// a lone lower-case letter is a word ("a."), not an initial
			return false
		}
	}
	return true
}

func scanNumber(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsDigit(r) || isLetter(r): // "30th", "5km", "F-16" handled by the hyphen split
			i += n
		case (r == ',' || r == '.' || r == '٫' || r == '٬') && i+n < len(text):
			r2, _ := utf8.DecodeRuneInString(text[i+n:])
			if !unicode.IsDigit(r2) {
				return i
			}
			i += n
		default:
			return i
		}
	}
	return i
}

// Abbreviations that keep their dot. Titles never end a sentence; the
// others can, when the next word starts one (see sentence splitting).
var titles = set("mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm brig cmdr cdr sen rep gov pres st mt ft rev hon amb supt insp gens sens reps messrs sheikh no nos vol vs")

var abbreviations = set("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun inc corp co ltd jr sr etc approx est dept govt univ assn bros intl")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func isAbbreviation(word string) bool {
	w := strings.ToLower(word)
	return titles[w] || abbreviations[w]
}

// IsTitle reports whether tok (with its dot) is a title abbreviation such
// as "Gen." or "Mr.", after which a sentence never ends.
func IsTitle(tok string) bool {
	return strings.HasSuffix(tok, ".") && titles[strings.ToLower(strings.TrimSuffix(tok, "."))]
}

// IsAbbreviation reports whether tok ends in a dot that belongs to the word
// ("U.S.", "Jan.", "W."), not to the sentence.
func IsAbbreviation(tok string) bool {
	if !strings.HasSuffix(tok, ".") || len(tok) < 2 {
		return false
	}
	w := strings.TrimSuffix(tok, ".")
	return isAbbreviation(w) || isInitial(w)
}

// Norm returns the form of a word token used for matching: lower case,
// apostrophes and dots dropped, accents on Latin letters removed, so that
// "Kata'ib", "Kataib" and "KATAIB" agree and "U.S." matches "US".
func Norm(tok string) string {
	simple, ascii := true, true
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf {
			simple, ascii = false, false
			break
		}
		if c == '\'' || c == '.' || 'A' <= c && c <= 'Z' {
			simple = false
		}
	}
	if simple {
		return tok
	}
	if ascii {
		b := make([]byte, 0, len(tok))
		for i := 0; i < len(tok); i++ {
			switch c := tok[i]; {
			case c == '\'' || c == '.' || c == '`':
			case 'A' <= c && c <= 'Z':
				b = append(b, c+'a'-'A')
			default:
				b = append(b, c)
			}
		}
		if len(b) == 0 {
			return tok
		}
		return string(b)
	}
	var b strings.Builder
	b.Grow(len(tok))
	for _, r := range tok {
		switch {
		case isApostrophe(r) || r == '.' || r == 'ʻ' || r == '`':
		default:
			if f, ok := fold[r]; ok {
				r = f
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	if b.Len() == 0 {
		return tok
	}
	return b.String()
}

// Norms returns the Norm of each token, for matchers that try many
// patterns at each position.
func Norms(text string, toks []news.Token, dst []string) []string {
	dst = dst[:0]
	for _, t := range toks {
		dst = append(dst, Norm(text[t.Span.Start:t.Span.End]))
	}
	return dst
}

var fold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ā': 'a',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i', 'ı': 'i',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ō': 'o', 'ø': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u',
	'ç': 'c', 'ş': 's', 'ğ': 'g', 'ñ': 'n', 'ý': 'y', 'ḥ': 'h', 'ṣ': 's', 'ṭ': 't', 'ḍ': 'd', 'ẓ': 'z',
	'Á': 'a', 'É': 'e', 'Í': 'i', 'Ó': 'o', 'Ú': 'u', 'Ö': 'o', 'Ü': 'u', 'Ç': 'c', 'Ş': 's', 'İ': 'i',
}

// Words returns the texts of text's tokens, for lexicon entries.
func Words(text string) []string {
	toks := Scan(nil, text, 0)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = text[t.Span.Start:t.Span.End]
	}
	return out
}

// IsCapitalized reports whether s starts with an upper-case letter.
func IsCapitalized(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// IsUpper reports whether s has letters and all of them are upper case
// ("BAGHDAD", "U.S.").
func IsUpper(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters = true
		}
	}
	return letters
}

// Headline reports whether the tokens read as a headline in title case or
// capitals: at least seven in ten of the words of four letters or more
// start with a capital.
func Headline(text string, toks []news.Token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		w := text[t.Span.Start:t.Span.End]
		if t.Kind != news.Word || len(w) < 4 {
			continue
		}
		words++
		if IsCapitalized(w) {
			caps++
		}
	}
	return words > 0 && caps*10 >= words*7
}
