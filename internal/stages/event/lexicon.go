package event

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// Builtin holds the embedded trigger lexicon files.
//
//go:embed lexicon/*.txt
var Builtin embed.FS

// Types lists the sixteen PLOVER event types sitrep codes.
var Types = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

// None is the type of stop patterns: phrases that contain a trigger word
// but report no event ("press release", "released a statement", "free
// trade"). They win by length like any pattern and then code nothing.
const None = "NONE"

// A Lexicon maps words and phrases to event types. It is safe for
// concurrent use once loaded.
type Lexicon struct {
	index map[string][]*trigger // a form of the first word -> triggers, longest first
	// passive maps a verb form to the "VERB * OBJECT" patterns it opens, so
	// that "advisers would be sent" matches "send * advisers".
	passive map[string][]*trigger
	count   int
}

type trigger struct {
	Type, Mode string
	verb       bool
	elems      []elem
	text       string // as written, for messages
}

// An elem is one word of a pattern: the forms it matches, or a gap.
type elem struct {
	forms    []string
	gap      bool
	particle bool // "down" of "shoot down": may come after the object
}

// NewLexicon returns an empty lexicon.
func NewLexicon() *Lexicon {
	return &Lexicon{index: map[string][]*trigger{}, passive: map[string][]*trigger{}}
}

// LoadFS reads every .txt file in dir of fsys, in name order.
func (l *Lexicon) LoadFS(fsys fs.FS, dir string) error { return lexicon.LoadFS(fsys, dir, l.Parse) }

// LoadFile reads one user trigger file.
func (l *Lexicon) LoadFile(name string) error { return lexicon.LoadFile(name, l.Parse) }

// Len returns the number of patterns loaded.
func (l *Lexicon) Len() int { return l.count }

// Parse reads trigger entries (docs/lexicons.md) from r; name labels errors.
func (l *Lexicon) Parse(name string, r io.Reader) error {
	typ, mode := "", ""
	return lexicon.Lines(r, func(ln lexicon.Line) error {
		if !ln.Indented {
			f := strings.Fields(ln.Text)
			if len(f) != 2 || !slices.Contains(Types, f[0]) && f[0] != None {
				return lexicon.Errorf(name, ln, "%q is not an entry line (a PLOVER type and a mode or \"-\")", ln.Text)
			}
			typ, mode = f[0], f[1]
			if mode == "-" {
				mode = ""
			}
			return nil
		}
		if typ == "" {
			return lexicon.Errorf(name, ln, "pattern before any entry line")
		}
		kind, rest, ok := strings.Cut(ln.Text, ":")
		if !ok || (kind != "v" && kind != "n") {
			return lexicon.Errorf(name, ln, "%q: want a pattern line starting with v: (verb) or n: (noun)", ln.Text)
		}
		for _, p := range strings.Split(rest, ";") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			t, err := compile(typ, mode, kind == "v", p)
			if err != nil {
				return lexicon.Errorf(name, ln, "%v", err)
			}
			l.add(t)
		}
		return nil
	})
}

func compile(typ, mode string, verb bool, p string) (*trigger, error) {
	words := strings.Fields(p)
	t := &trigger{Type: typ, Mode: mode, verb: verb, text: p}
	var lastWord int = -1
	for i, w := range words {
		if w == "*" {
			if i == 0 || i == len(words)-1 {
				return nil, fmt.Errorf("pattern %q starts or ends with a gap", p)
			}
			t.elems = append(t.elems, elem{gap: true})
			continue
		}
		parts := token.Words(w)
		for k, part := range parts {
			n := token.Norm(part)
			e := elem{forms: []string{n}}
			if verb && i == 0 && k == 0 {
				e.forms = inflect(n)
			}
			if verb && i == 1 && k == 0 && particles[n] {
				e.particle = true
			}
			t.elems = append(t.elems, e)
			lastWord = len(t.elems) - 1
		}
	}
	if lastWord < 0 {
		return nil, fmt.Errorf("pattern %q has no words", p)
	}
	if !verb {
		t.elems[lastWord].forms = plural(t.elems[lastWord].forms[0])
	}
	return t, nil
}

// particles may float after the verb's object ("shot the drone down");
// "in" is left out: as a preposition it follows almost any verb.
var particles = map[string]bool{"down": true, "up": true, "out": true, "off": true, "back": true, "over": true, "away": true}

func (l *Lexicon) add(t *trigger) {
	// "send * troops": the object may come first, in the passive.
	if t.verb && len(t.elems) == 3 && t.elems[1].gap && !t.elems[2].gap {
		for _, f := range t.elems[0].forms {
			if strings.HasSuffix(f, "ed") || strings.HasSuffix(f, "en") || irregular[t.elems[0].forms[0]] != nil {
				l.passive[f] = append(l.passive[f], t)
			}
		}
	}
	for _, f := range t.elems[0].forms {
		list := l.index[f]
		dup := false
		for _, o := range list {
			if o.text == t.text && o.Type == t.Type && o.verb == t.verb {
				dup = true
			}
		}
		if dup {
			continue
		}
		list = append(list, t)
		// Longest first; at equal length a stop pattern wins, so a stop
		// need not be longer than the trigger it blocks.
		slices.SortStableFunc(list, func(a, b *trigger) int {
			if d := len(b.elems) - len(a.elems); d != 0 {
				return d
			}
			return boolInt(b.Type == None) - boolInt(a.Type == None)
		})
		l.index[f] = list
	}
	l.count++
}

// A hit is a trigger found in text: tokens [First, Last) and the tokens
// that are part of it (a gap's words are not).
type hit struct {
	t           *trigger
	First, Last int
	head        int // the token that carries the verb or the noun
}

// match returns the longest trigger starting at token i, within [i, end).
func (l *Lexicon) match(norms []string, i, end int) (hit, bool) {
	return l.matchKind(norms, i, end, false)
}

// matchPassive finds a "VERB * OBJECT" pattern whose object stands in the
// few words before a passive verb at norms[i] ("300 advisers would be
// sent"). The hit covers the verb alone.
func (l *Lexicon) matchPassive(norms []string, i int) (hit, bool) {
	for _, t := range l.passive[norms[i]] {
		obj := t.elems[2].forms
		for j := i - 2; j >= 0 && j >= i-7; j-- {
			if slices.Contains(obj, norms[j]) {
				return hit{t: t, First: i, Last: i + 1, head: i}, true
			}
		}
	}
	return hit{}, false
}

// passiveStop reports a stop pattern "VERB * OBJECT" whose object stands
// just before the participle at norms[i], with or without a form of "be":
// "a report released on Tuesday" is no release of prisoners.
func (l *Lexicon) passiveStop(norms []string, i int) bool {
	for _, t := range l.passive[norms[i]] {
		if t.Type != None {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			if slices.Contains(t.elems[2].forms, norms[j]) {
				return true
			}
		}
	}
	return false
}

// matchKind is match, restricted to noun patterns when nounsOnly.
func (l *Lexicon) matchKind(norms []string, i, end int, nounsOnly bool) (hit, bool) {
	// A fixed stop phrase that matches here vetoes any trigger starting
	// here, however long: "Fire crews are at the scene" is not "fire * at".
	// Stops with gaps compete by length like any pattern.
	for _, t := range l.index[norms[i]] {
		if t.Type == None && !t.hasGap() {
			if last, ok := t.matchAt(norms, i, end); ok {
				return hit{t: t, First: i, Last: last, head: i}, true
			}
		}
	}
	for _, t := range l.index[norms[i]] {
		if nounsOnly && t.verb {
			continue
		}
		if last, ok := t.matchAt(norms, i, end); ok {
			head := i
			if !t.verb {
				head = last - 1
			}
			return hit{t: t, First: i, Last: last, head: head}, true
		}
	}
	return hit{}, false
}

func (t *trigger) matchAt(norms []string, i, end int) (int, bool) {
	return matchElems(t.elems, norms, i, end, true)
}

// maxGap is the most words a gap takes: enough for a date and a modifier
// between a verb and its object ("lifted Friday a day-old blockade").
const maxGap = 6

// gapBreak reports a word a gap never takes: it ends the verb's clause, so
// an object beyond it is another clause's. (A switch: this runs for every
// word of every gap, and a map lookup costs several times more.)
func gapBreak(w string) bool {
	switch w {
	case ",", ";", ":", ".", "(", ")", "who", "which", "whose", "while", "but", "because":
		return true
	}
	return false
}

// matchElems matches elems at norms[i:end]; a gap takes as few words as it
// can, up to maxGap and not past a clause break. A particle may also come
// after up to four words of object ("shot the drone down").
func matchElems(elems []elem, norms []string, i, end int, first bool) (int, bool) {
	if len(elems) == 0 {
		return i, true
	}
	e := elems[0]
	if e.gap {
		for skip := 0; skip <= maxGap && i+skip <= end; skip++ {
			if skip > 0 && gapBreak(norms[i+skip-1]) {
				break
			}
			if skip == 1 && norms[i] == "by" && !amount(norms, i+1) {
				// "crimes committed by Croat forces": a passive's agent, not
				// an object ("shortened by one hour the curfew" is fine).
				break
			}
			if j, ok := matchElems(elems[1:], norms, i+skip, end, false); ok {
				return j, true
			}
		}
		return 0, false
	}
	if i < end && slices.Contains(e.forms, norms[i]) {
		if j, ok := matchElems(elems[1:], norms, i+1, end, false); ok {
			return j, true
		}
	}
	if e.particle && !first {
		for skip := 1; skip <= 4 && i+skip < end; skip++ {
			if slices.Contains(e.forms, norms[i+skip]) {
				if j, ok := matchElems(elems[1:], norms, i+skip+1, end, false); ok {
					return j, true
				}
			}
		}
	}
	return 0, false
}

// amount reports a number word at norms[i].
func amount(norms []string, i int) bool {
	if i >= len(norms) || norms[i] == "" {
		return false
	}
	w := norms[i]
	return w[0] >= '0' && w[0] <= '9' || numberWords[w]
}

var numberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "half": true, "several": true, "some": true, "about": true}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hasGap reports a pattern that can match words it does not name: a gap,
// or a particle that may float after an object ("send * back").
func (t *trigger) hasGap() bool {
	for _, e := range t.elems {
		if e.gap || e.particle {
			return true
		}
	}
	return false
}
