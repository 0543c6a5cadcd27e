// Package rule is the small language watch rules are written in: which
// events an analyst wants to hear about (docs/watch.md).
//
// A rule is a list of terms, all of which must hold:
//
//	type:ASSAULT modality:asserted target:"US forces" in:Iraq,Syria sources>=2
//
// A term is field:value, or field:v1,v2 for any one of the values; a
// leading "-" negates it; a bare word or "quoted phrase" must appear in
// the event's sentence or its document's title. Fields:
//
//	type      PLOVER event type (ASSAULT, PROTEST, ...)
//	mode      PLOVER mode (aerial, ...)
//	modality  asserted, planned, threatened, demanded, denied, ...
//	actor     a source or target: CAMEO code prefix (USAMIL) or part of a name
//	source    the same, on the acting side only
//	target    the same, on the receiving side only
//	in        a country, governorate or place, by name or ISO code
//	near      within a distance of a place: near:Erbil~50km, near:36.19,44.01~25km
//	text      the same as a bare word or phrase
//	sources   at least so many outlets: sources>=2 (also reports>=N)
package rule

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Places resolves the place names rules give (in:, near:). Lookup returns
// the places that go by exactly name; *gazetteer.Gazetteer implements it.
type Places interface {
	Lookup(name string) []*gazetteer.Place
}

// A Rule is a parsed rule: Match tells whether an event meets it.
type Rule struct {
	src   string
	terms []term
}

// A term is one condition of a rule.
type term struct {
	field  string
	raw    []string // the values as written
	neg    bool
	values []string  // lower case, except type and mode codes (upper)
	places []placeIs // in:
	near   []circle  // near:
	min    int       // sources>= and reports>=
}

// placeIs is what one in: value matches: a country by code, a
// governorate by name, or a place by name.
type placeIs struct {
	country, admin1, name string
}

type circle struct{ lat, lon, km float64 }

// ErrSyntax is what every parse error wraps.
var ErrSyntax = errors.New("rule syntax")

// fields lists the fields a term may name, for errors.
const fields = "type, mode, modality, actor, source, target, in, near, text, sources>=, reports>="

// Parse reads a rule. places resolves in: and near: names; with nil, only
// country codes and coordinates are understood. Errors name the position
// (in bytes) and wrap ErrSyntax.
func Parse(src string, places Places) (*Rule, error) {
	r := &Rule{src: src}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("%w: empty rule", ErrSyntax)
	}
	for _, t := range toks {
		tm, err := parseTerm(t, places)
		if err != nil {
			return nil, fmt.Errorf("%w: at %d (%q): %v", ErrSyntax, t.pos, t.text, err)
		}
		r.terms = append(r.terms, tm)
	}
	return r, nil
}

func (r *Rule) String() string { return r.src }

// A token is one term's text: field, operator and values, quotes removed
// from the values (but kept in text for errors).
type token struct {
	pos    int
	text   string
	neg    bool
	field  string // "" for a bare word or phrase
	op     string // ":", ">=", ">"
	values []string
}

// lex splits src into terms at spaces outside quotes.
func lex(src string) ([]token, error) {
	var out []token
	i := 0
	for {
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i == len(src) {
			return out, nil
		}
		t := token{pos: i}
		start := i
		if src[i] == '-' {
			t.neg = true
			i++
		}
		// A field name, then an operator; else a bare word or phrase.
		j := i
		for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
			j++
		}
		if j > i && j < len(src) && (src[j] == ':' || src[j] == '>') {
			t.field = strings.ToLower(src[i:j])
			switch {
			case strings.HasPrefix(src[j:], ">="):
				t.op = ">="
			case src[j] == '>':
				t.op = ">"
			default:
				t.op = ":"
			}
			i = j + len(t.op)
		}
		// Values: words or quoted strings, joined by commas.
		for {
			v, n, err := value(src[i:])
			if err != nil {
				return nil, fmt.Errorf("%w: at %d: %v", ErrSyntax, i, err)
			}
			if n == 0 {
				return nil, fmt.Errorf("%w: at %d: a value is missing after %q", ErrSyntax, i, src[start:i])
			}
			t.values = append(t.values, v)
			i += n
			if i < len(src) && src[i] == ',' && t.field != "" {
				i++
				continue
			}
			break
		}
		if i < len(src) && !isSpace(src[i]) {
			return nil, fmt.Errorf("%w: at %d: unexpected %q", ErrSyntax, i, src[i:i+1])
		}
		t.text = src[start:i]
		out = append(out, t)
	}
}

// value reads one value at the start of s: words and "quoted strings"
// run together up to a space or comma outside quotes ("Ain al-Asad
// air base"~25km is one value), and returns it and the bytes it took.
func value(s string) (string, int, error) {
	var b strings.Builder
	n := 0
	for n < len(s) && !isSpace(s[n]) && s[n] != ',' {
		if s[n] != '"' {
			b.WriteByte(s[n])
			n++
			continue
		}
		end := strings.IndexByte(s[n+1:], '"')
		if end < 0 {
			return "", 0, errors.New("a quote is not closed")
		}
		q := strings.TrimSpace(s[n+1 : n+1+end])
		if q == "" {
			return "", 0, errors.New("empty quotes")
		}
		b.WriteString(q)
		n += end + 2
	}
	return b.String(), n, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseTerm checks one token's field and values and resolves its places.
func parseTerm(t token, places Places) (term, error) {
	tm := term{field: t.field, neg: t.neg, raw: t.values}
	if t.field == "" {
		tm.field = "text"
	}
	if t.op != ":" && t.op != "" && tm.field != "sources" && tm.field != "reports" {
		return tm, fmt.Errorf("%q takes \":\"", tm.field)
	}
	for _, v := range t.values {
		if !utf8.ValidString(v) {
			return tm, errors.New("not valid UTF-8")
		}
	}
	switch tm.field {
	case "type", "mode":
		for _, v := range t.values {
			if !isCode(v) {
				return tm, fmt.Errorf("%s %q: want a code of letters, digits and _", tm.field, v)
			}
			tm.values = append(tm.values, strings.ToUpper(v))
		}
	case "modality":
		for _, v := range t.values {
			m := news.Modality(strings.ToLower(v))
			if !knownModality(m) {
				return tm, fmt.Errorf("modality %q: want one of %s", v, modalities())
			}
			tm.values = append(tm.values, string(m))
		}
	case "actor", "source", "target", "text":
		for _, v := range t.values {
			if isCode(v) && strings.ToUpper(v) == v && tm.field != "text" {
				tm.values = append(tm.values, v) // a CAMEO code prefix
			} else {
				tm.values = append(tm.values, strings.ToLower(v))
			}
		}
	case "in":
		for _, v := range t.values {
			p, err := placeNamed(v, places)
			if err != nil {
				return tm, err
			}
			tm.places = append(tm.places, p...)
		}
	case "near":
		for _, v := range joinCoordinates(t.values) {
			c, err := circleOf(v, places)
			if err != nil {
				return tm, err
			}
			tm.near = append(tm.near, c)
		}
	case "sources", "reports":
		if t.op == ":" {
			return tm, fmt.Errorf("%s takes >= or >: %s>=2", tm.field, tm.field)
		}
		if len(t.values) != 1 {
			return tm, fmt.Errorf("%s takes one number", tm.field)
		}
		n, err := strconv.Atoi(t.values[0])
		if err != nil || n < 0 || n > 1_000_000 {
			return tm, fmt.Errorf("%s: %q is not a count", tm.field, t.values[0])
		}
		if t.op == ">" {
			n++
		}
		tm.min = n
	default:
		return tm, fmt.Errorf("unknown field %q: want one of %s", t.field, fields)
	}
	return tm, nil
}

func isCode(s string) bool {
	for _, r := range s {
		if !(r == '_' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return false
		}
	}
	return s != ""
}

func knownModality(m news.Modality) bool { return slices.Contains(news.Modalities, m) }

func modalities() string {
	var s []string
	for _, m := range news.Modalities {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// placeNamed resolves an in: value: a three-letter code is a country;
// else the places of that name in the gazetteer (a country, a
// governorate, or a place).
func placeNamed(v string, places Places) ([]placeIs, error) {
	if len(v) == 3 && strings.ToUpper(v) == v && isCode(v) {
		return []placeIs{{country: v}}, nil
	}
	if places == nil {
		return nil, fmt.Errorf("in %q: no gazetteer to look the name up in; give an ISO country code", v)
	}
	var out []placeIs
	for _, p := range places.Lookup(v) {
		switch p.Kind {
		case gazetteer.Country:
			out = append(out, placeIs{country: p.Country})
		case gazetteer.Admin1:
			out = append(out, placeIs{country: p.Country, admin1: strings.ToLower(p.Name)})
		default:
			out = append(out, placeIs{country: p.Country, name: strings.ToLower(p.Name)})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("in %q: no place of that name in the gazetteer", v)
	}
	return out, nil
}

// joinCoordinates joins back the values the lexer split at the comma of
// coordinates: near:36.19,44.01~25km is one value, not two.
func joinCoordinates(vs []string) []string {
	var out []string
	for i := 0; i < len(vs); i++ {
		if _, err := strconv.ParseFloat(vs[i], 64); err == nil && i+1 < len(vs) {
			out = append(out, vs[i]+","+vs[i+1])
			i++
			continue
		}
		out = append(out, vs[i])
	}
	return out
}

// circleOf reads a near: value, "place~50km" or "lat,lon~50km".
func circleOf(v string, places Places) (circle, error) {
	where, dist, ok := strings.Cut(v, "~")
	if !ok {
		return circle{}, fmt.Errorf("near %q: give a distance, as in near:Erbil~50km", v)
	}
	km, err := strconv.ParseFloat(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(dist)), "km"), 64)
	if err != nil || !(km > 0 && km <= 5000) {
		return circle{}, fmt.Errorf("near %q: %q is not a distance in km (up to 5000)", v, dist)
	}
	where = strings.TrimSpace(where)
	if a, b, ok := strings.Cut(where, ","); ok {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
		lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
		if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			return circle{}, fmt.Errorf("near %q: %q is not latitude,longitude", v, where)
		}
		return circle{lat, lon, km}, nil
	}
	if places == nil {
		return circle{}, fmt.Errorf("near %q: no gazetteer to look the name up in; give coordinates", v)
	}
	var best *gazetteer.Place
	for _, p := range places.Lookup(where) {
		if best == nil || p.Rank < best.Rank {
			best = p
		}
	}
	if best == nil {
		return circle{}, fmt.Errorf("near %q: no place named %q in the gazetteer", v, where)
	}
	return circle{best.Lat, best.Lon, km}, nil
}

// Match reports whether the event h (with its incident's counts) meets
// every term of r.
func (r *Rule) Match(h *store.EventHit) bool {
	for _, t := range r.terms {
		if t.match(h) == t.neg {
			return false
		}
	}
	return true
}

func (t term) match(h *store.EventHit) bool {
	e := &h.Event
	switch t.field {
	case "type":
		return anyOf(t.values, func(v string) bool { return strings.EqualFold(e.Type, v) })
	case "mode":
		return e.Mode != nil && anyOf(t.values, func(v string) bool { return strings.EqualFold(*e.Mode, v) })
	case "modality":
		return anyOf(t.values, func(v string) bool { return string(e.Modality) == v })
	case "actor":
		return anyOf(t.values, func(v string) bool { return actorIs(e.Sources, v) || actorIs(e.Targets, v) })
	case "source":
		return anyOf(t.values, func(v string) bool { return actorIs(e.Sources, v) })
	case "target":
		return anyOf(t.values, func(v string) bool { return actorIs(e.Targets, v) })
	case "text":
		s, title := strings.ToLower(e.Sentence), strings.ToLower(h.Title)
		return anyOf(t.values, func(v string) bool { return hasWords(s, v) || hasWords(title, v) })
	case "in":
		p := e.Place
		if p == nil {
			return false
		}
		admin1 := ""
		if p.Admin1 != nil {
			admin1 = strings.ToLower(*p.Admin1)
		}
		name := strings.ToLower(p.Name)
		for _, w := range t.places {
			if w.country != "" && w.country != p.Country {
				continue
			}
			if w.admin1 != "" && w.admin1 != admin1 || w.name != "" && w.name != name {
				continue
			}
			return true
		}
		return false
	case "near":
		p := e.Place
		if p == nil {
			return false
		}
		for _, c := range t.near {
			if gazetteer.Distance(c.lat, c.lon, p.Lat, p.Lon) <= c.km {
				return true
			}
		}
		return false
	case "sources":
		return h.Sources >= t.min
	case "reports":
		return h.Reports >= t.min
	}
	return false
}

func anyOf(vs []string, f func(string) bool) bool {
	for _, v := range vs {
		if f(v) {
			return true
		}
	}
	return false
}

// actorIs matches an actor by code prefix (v in upper case) or by part
// of its name (v in lower case).
func actorIs(refs []news.ActorRef, v string) bool {
	for _, a := range refs {
		if strings.ToUpper(v) == v && strings.HasPrefix(a.Code, v) {
			return true
		}
		if strings.Contains(strings.ToLower(a.Name), v) || strings.Contains(strings.ToLower(a.Text), v) {
			return true
		}
	}
	return false
}

// hasWords reports whether phrase appears in s (both lower case) at word
// boundaries: "base" is not found in "baseless".
func hasWords(s, phrase string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(phrase)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Query returns the store query that selects the events r matches, for
// rules that count events rather than watch for one (spike rules). Only
// a rule of single-valued type, modality, actor, in, near and text terms,
// none negated, has one; others get an error saying which term has none.
func (r *Rule) Query() (store.EventQuery, error) {
	var q store.EventQuery
	var text []string
	once := map[string]bool{}
	for _, t := range r.terms {
		fail := func(why string) (store.EventQuery, error) {
			return store.EventQuery{}, fmt.Errorf("%w: %s%s:%s: %s", ErrSyntax, map[bool]string{true: "-"}[t.neg], t.field,
				strings.Join(t.raw, ","), why)
		}
		if t.neg {
			return fail("a count cannot leave events out")
		}
		if len(t.raw) != 1 && t.field != "near" {
			return fail("a count takes one value per field")
		}
		if once[t.field] && t.field != "text" {
			return fail("a count takes one " + t.field + " term")
		}
		once[t.field] = true
		switch t.field {
		case "type":
			q.Type = t.values[0]
		case "modality":
			q.Modality = news.Modality(t.values[0])
		case "actor":
			q.Actor = t.values[0]
		case "in":
			q.Place = placeQuery(t)
		case "near":
			if len(t.near) != 1 {
				return fail("a count takes one circle")
			}
			q.Near = &store.Circle{Lat: t.near[0].lat, Lon: t.near[0].lon, Km: t.near[0].km}
		case "text":
			text = append(text, `"`+strings.ReplaceAll(t.raw[0], `"`, "")+`"`)
		default:
			return fail("a count is of events, by type, modality, actor, in, near and words; use actor: for either side")
		}
	}
	q.Text = strings.Join(text, " ")
	return q, nil
}

// placeQuery returns what the store's place filter takes for an in: term:
// a country's code, a governorate's name or a place's, the largest of
// the places the name resolved to.
func placeQuery(t term) string {
	best := ""
	rank := 0
	for _, p := range t.places {
		switch {
		case p.admin1 == "" && p.name == "":
			return p.country
		case p.admin1 != "" && rank < 2:
			best, rank = p.admin1, 2
		case rank < 1:
			best, rank = p.name, 1
		}
	}
	if best == "" {
		return t.raw[0]
	}
	return best
}
