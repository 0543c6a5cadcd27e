// Package actordict is sitrep's knowledge of actors: countries, state
// institutions, international bodies, armed groups, people with the offices
// they held and when, and generic agents ("troops", "officials"). It reads
// the lexicon files described in docs/lexicons.md and finds their names in
// tokenized text.
package actordict

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/names"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// Data holds the built-in lexicon files.
//
//go:embed data/*.txt
var Data embed.FS

// An Actor is one lexicon entry: a named actor or a generic agent.
type Actor struct {
	Name       string   // canonical name, the first the entry lists
	Names      []string // every name, the canonical one first
	Codes      []Code
	Adjectives []string
}

// A Code is one of an actor's codes, with the time it held.
type Code struct {
	Code        string    // e.g. "IRQGOV"
	From, Until time.Time // zero when open
	Role        string
}

// Agent reports whether the actor is a generic agent: its codes name a
// sector but no country ("MIL", "GOV").
func (a *Actor) Agent() bool {
	return len(a.Codes) > 0 && Sectors[a.Codes[0].Code[:3]]
}

// Stop is the code of names that are not actors although they contain
// one: "Sadr City" is a district, not Muqtada al-Sadr.
const Stop = "STOP"

// Stop reports whether the entry names something that is not an actor.
func (a *Actor) Stop() bool { return len(a.Codes) > 0 && a.Codes[0].Code == Stop }

// At returns the code that held at t: among codes whose period contains t,
// the most specific one (dated before undated); if none does, the undated
// code, else the one that ended last before t (a former minister is still
// coded by the office he held last). A zero t takes the latest code.
func (a *Actor) At(t time.Time) Code {
	var best, undated, last Code
	haveBest, haveUndated, haveLast := false, false, false
	for _, c := range a.Codes {
		if c.From.IsZero() && c.Until.IsZero() {
			if !haveUndated {
				undated, haveUndated = c, true
			}
			continue
		}
		if t.IsZero() {
			if !haveLast || c.From.After(last.From) {
				last, haveLast = c, true
			}
			continue
		}
		if (c.From.IsZero() || !t.Before(c.From)) && (c.Until.IsZero() || t.Before(c.Until)) {
			if !haveBest {
				best, haveBest = c, true
			}
			continue
		}
		if !c.Until.IsZero() && !t.Before(c.Until) && (!haveLast || c.Until.After(last.Until)) {
			last, haveLast = c, true
		}
	}
	switch {
	case haveBest:
		return best
	case haveUndated:
		return undated
	case haveLast:
		return last
	}
	if len(a.Codes) > 0 {
		return a.Codes[0] // only future offices: still the right country
	}
	return Code{}
}

// Country returns the country (or international) part of a code, or "" for
// a generic agent's code.
func Country(code string) string {
	if len(code) < 3 || Sectors[code[:3]] || code == Stop {
		return ""
	}
	return code[:3]
}

// Sectors are the three-letter codes that name a kind of actor rather than
// a country (docs/lexicons.md).
var Sectors = map[string]bool{}

func init() {
	for _, s := range strings.Fields("GOV MIL LEG JUD COP SPY REB INS OPP PTY CVL REF MED HLH REL BUS LAB EDU ELI CRM SHI SUN KRD UAF AGR ENV MOD RAD NGM SEP IMG") {
		Sectors[s] = true
	}
	delete(Sectors, "IMG") // IMG opens a code, as a country would ("IMGISI")
}

// A Dict holds actors and finds their names in text. It is safe for
// concurrent use once loaded.
type Dict struct {
	Actors     []*Actor
	byName     map[string]*Actor // canonical name, for merging entries across files
	names      names.Index[*Actor]
	adjectives map[string]adjective
}

type adjective struct {
	country string
	shape   string
	actor   *Actor
}

// New returns an empty dictionary.
func New() *Dict {
	return &Dict{byName: map[string]*Actor{}, adjectives: map[string]adjective{}}
}

var (
	builtinOnce sync.Once
	builtin     *Dict
	builtinErr  error
)

// Builtin returns the dictionary built from the embedded lexicon files. It
// is loaded once and shared.
func Builtin() (*Dict, error) {
	builtinOnce.Do(func() {
		builtin = New()
		builtinErr = builtin.LoadFS(Data, "data")
	})
	return builtin, builtinErr
}

// LoadFS reads every .txt file in dir of fsys, in name order.
func (d *Dict) LoadFS(fsys fs.FS, dir string) error { return lexicon.LoadFS(fsys, dir, d.Parse) }

// LoadFile reads one user lexicon file.
func (d *Dict) LoadFile(name string) error { return lexicon.LoadFile(name, d.Parse) }

var codeLine = regexp.MustCompile(`^((?:---|[A-Z]{3})(?:[A-Z]{3})*)(?:\s+(\d{4}(?:-\d\d(?:-\d\d)?)?)?\.\.(\d{4}(?:-\d\d(?:-\d\d)?)?)?)?(?:\s+(.*))?$`)

// Parse reads lexicon entries from r; name labels errors ("groups.txt:12:
// ..."). A malformed line fails the whole file, so a typo in a lexicon is
// found when it is loaded, not when a name silently fails to match.
func (d *Dict) Parse(name string, r io.Reader) error {
	var cur *Actor
	var curNames []string
	last := lexicon.Line{}
	finish := func() error {
		if cur == nil {
			return nil
		}
		if len(cur.Codes) == 0 {
			return lexicon.Errorf(name, last, "entry %q has no code line", cur.Name)
		}
		d.add(cur, curNames)
		cur = nil
		return nil
	}
	err := lexicon.Lines(r, func(l lexicon.Line) error {
		if !l.Indented {
			if err := finish(); err != nil {
				return err
			}
			last = l
			curNames = lexicon.List(l.Text)
			if len(curNames) == 0 {
				return lexicon.Errorf(name, l, "entry has no name")
			}
			cur = &Actor{Name: curNames[0], Names: curNames}
			return nil
		}
		last = l
		if cur == nil {
			return lexicon.Errorf(name, l, "indented line outside an entry")
		}
		if rest, ok := strings.CutPrefix(l.Text, "adjective:"); ok {
			cur.Adjectives = append(cur.Adjectives, lexicon.List(rest)...)
			return nil
		}
		if l.Text == Stop {
			cur.Codes = append(cur.Codes, Code{Code: Stop})
			return nil
		}
		m := codeLine.FindStringSubmatch(l.Text)
		if m == nil {
			return lexicon.Errorf(name, l, "%q is neither a code line (CODE [FROM..UNTIL] [role]) nor an adjective line", l.Text)
		}
		c := Code{Code: m[1], Role: strings.TrimSpace(m[4])}
		var err error
		if c.From, err = parseBound(m[2], false); err != nil {
			return lexicon.Errorf(name, l, "%v", err)
		}
		if c.Until, err = parseBound(m[3], true); err != nil {
			return lexicon.Errorf(name, l, "%v", err)
		}
		cur.Codes = append(cur.Codes, c)
		return nil
	})
	if err != nil {
		return err
	}
	return finish()
}

// parseBound reads YYYY, YYYY-MM or YYYY-MM-DD. An until bound is exclusive
// and covers its whole period: "..2014" holds through 31 December 2014.
func parseBound(s string, until bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, f := range []struct {
		layout string
		y, m   int
		d      int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		t, err := time.Parse(f.layout, s)
		if err != nil {
			continue
		}
		if until {
			t = t.AddDate(f.y, f.m, f.d)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// add indexes an entry. An entry whose canonical name is already known
// adds its names and codes to the earlier one, so a user file can give an
// actor a new office without repeating it.
func (d *Dict) add(a *Actor, names []string) {
	if old, ok := d.byName[a.Name]; ok {
		old.Codes = append(old.Codes, a.Codes...)
		old.Adjectives = append(old.Adjectives, a.Adjectives...)
		for _, n := range names {
			if !slices.Contains(old.Names, n) {
				old.Names = append(old.Names, n)
			}
		}
		a = old
	} else {
		d.byName[a.Name] = a
		d.Actors = append(d.Actors, a)
	}
	for _, n := range names {
		d.addName(n, a)
	}
	if country := Country(a.Codes[0].Code); country != "" {
		for _, adj := range a.Adjectives {
			w := token.Words(adj)
			if len(w) == 1 {
				d.adjectives[token.Norm(w[0])] = adjective{country: country, shape: w[0], actor: a}
			}
		}
	}
}

func (d *Dict) addName(name string, a *Actor) { d.names.Add(name, a) }

// A Text is tokenized text ready for matching (names.Text).
type Text = names.Text

// NewText prepares src and its tokens for matching.
func NewText(src string, toks []news.Token) Text { return names.NewText(src, toks) }

// A Match is a name found in text.
type Match struct {
	First, Last int // token range [First, Last)
	Actor       *Actor
}

// Match returns the longest name that starts at token i of t, if any.
func (d *Dict) Match(t Text, i int) (Match, bool) {
	a, last, ok := d.names.Match(t, i)
	if !ok {
		return Match{}, false
	}
	return Match{First: i, Last: last, Actor: a}, true
}

// Adjective returns the country whose adjective or name is token i of t
// ("Iraqi", "US"), or "".
func (d *Dict) Adjective(t Text, i int) string {
	if a := d.AdjectiveOf(t, i); a != nil {
		return Country(a.Codes[0].Code)
	}
	return ""
}

// AdjectiveOf returns the country whose adjective is token i of t, or nil.
func (d *Dict) AdjectiveOf(t Text, i int) *Actor {
	if i < 0 || i >= len(t.Toks) {
		return nil
	}
	a, ok := d.adjectives[t.Norms[i]]
	if !ok || !names.SameShape(a.shape, t.Word(i)) {
		return nil
	}
	return a.actor
}
