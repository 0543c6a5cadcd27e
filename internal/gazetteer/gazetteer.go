// Package gazetteer knows places: the team's embedded gazetteer of the
// theatre and of the world's countries and capitals (data/*.txt, format
// in docs/lexicons.md), files users add in the same format, and GeoNames
// dumps. It finds place names in tokenized text; choosing among places
// that share a name is the place stage's work.
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/names"
	"github.com/sitrep-dev/sitrep/internal/token"
)

//go:embed data/*.txt
var data embed.FS

// A Kind is what sort of place an entry is.
type Kind string

// The kinds of place, from the largest.
const (
	Country Kind = "country"
	Region  Kind = "region"  // a named area: "Nineveh Plains", "Kurdistan Region"
	Admin1  Kind = "admin1"  // governorate, province
	Admin2  Kind = "admin2"  // district
	Capital Kind = "capital" // a national capital
	City    Kind = "city"
	Town    Kind = "town"
	Village Kind = "village"
	Base    Kind = "base" // military base, airbase
	Site    Kind = "site" // airport, crossing, dam, neighbourhood, camp, landmark
)

var kinds = map[Kind]bool{Country: true, Region: true, Admin1: true, Admin2: true, Capital: true, City: true,
	Town: true, Village: true, Base: true, Site: true}

// A Place is one gazetteer entry.
type Place struct {
	Name     string   // canonical name
	Names    []string // every name it goes by
	Kind     Kind
	Lat, Lon float64
	Country  string // ISO 3166-1 alpha-3
	Admin1   string // governorate or province; "" for a country
	Rank     int    // prominence, 1 (capital, major city) to 5 (village); GeoNames places rank by population
	// Population, when the source gives it (GeoNames), breaks ties of rank.
	Population int64
	// AdminCode is GeoNames' code of the place's first-level division
	// ("US.CA"), or of the division itself for an admin1 entry: what ties
	// a GeoNames place to its province's name.
	AdminCode string
	// Capital names the seat of a governorate or region ("Ramadi" for
	// Anbar): "the Anbar capital" is that city.
	Capital string
	// Primary is how many of Names are the place's own; the rest are
	// alternate names from a GeoNames dump, often another place's name
	// (a historical or a translated one), which weigh less.
	Primary int
}

// Own reports whether name is one of the place's own names rather than an
// alternate one.
func (p *Place) Own(name string) bool {
	if p.Primary == 0 {
		return true
	}
	k := key(name)
	for _, n := range p.Names[:min(max(p.Primary, 0), len(p.Names))] {
		if key(n) == k {
			return true
		}
	}
	return false
}

// key folds a name for comparison: lower case, letters and digits only.
func key(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// Precision is how exactly a mention of the place locates an event.
func (p *Place) Precision() string {
	switch {
	case p.Kind == Region && p.Country == "---":
		return "region" // a continent, an ocean, "the Middle East": wider than a country
	case p.Kind == Country:
		return "country"
	case p.Kind == Admin1 || p.Kind == Region:
		return "governorate"
	case p.Kind == Admin2:
		return "district"
	}
	return "point"
}

// A Gazetteer holds places and finds their names in text. It is safe for
// concurrent use once loaded.
type Gazetteer struct {
	Places []*Place
	names  names.Index[*Place]
	admin  map[string]string // GeoNames admin1 code -> the division's name
	own    map[string]bool   // the folded names of the team's entries, for merging GeoNames places
}

// New returns an empty gazetteer.
func New() *Gazetteer { return &Gazetteer{} }

var (
	builtinOnce sync.Once
	builtin     *Gazetteer
	builtinErr  error
)

// Builtin returns the gazetteer built from the embedded files, loaded once
// and shared.
func Builtin() (*Gazetteer, error) {
	builtinOnce.Do(func() {
		builtin = New()
		builtinErr = lexicon.LoadFS(data, "data", builtin.Parse)
	})
	return builtin, builtinErr
}

// LoadFile reads a gazetteer file: the team's format, or a GeoNames dump
// (told apart by its tab-separated lines).
func (g *Gazetteer) LoadFile(name string) error {
	if geo, err := isGeoNames(name); err != nil {
		return err
	} else if geo {
		return g.LoadGeoNames(name)
	}
	return lexicon.LoadFile(name, g.Parse)
}

// isGeoNames reports a file whose first line has GeoNames' tab-separated
// fields.
func isGeoNames(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && err != io.EOF {
		return false, err
	}
	return strings.Count(line, "\t") >= 14, nil
}

// lookup returns the places whose name, tokenized, is exactly name.
func (g *Gazetteer) lookup(name string) []*Place {
	t := names.NewText(name, token.Scan(nil, name, 0))
	ps, last := g.names.MatchAll(t, 0)
	if last != len(t.Toks) {
		return nil
	}
	return ps
}

// Add indexes a place under each of its names.
func (g *Gazetteer) Add(p *Place) {
	g.Places = append(g.Places, p)
	if g.own != nil && p.Primary == 0 {
		for _, n := range p.Names {
			g.own[key(n)] = true
		}
	}
	if p.Kind == Admin1 && p.AdminCode != "" {
		if g.admin == nil {
			g.admin = map[string]string{}
		}
		if _, ok := g.admin[p.AdminCode]; !ok {
			name := p.Admin1 // "Idlib" for the entry "Idlib Governorate"
			if name == "" {
				name = p.Name
			}
			g.admin[p.AdminCode] = name
		}
	}
	for _, n := range p.Names {
		g.names.Add(n, p)
	}
}

// Parse reads entries from r: a line of names separated by ";" (those
// after a "|" shared with a better-known place), then an indented line
// "KIND LAT LON CC RANK ADMIN1". name labels errors.
func (g *Gazetteer) Parse(name string, r io.Reader) error {
	var cur *Place
	var last lexicon.Line
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.Kind == "" {
			return lexicon.Errorf(name, last, "place %q has no attribute line", cur.Name)
		}
		g.Add(cur)
		cur = nil
		return nil
	}
	err := lexicon.Lines(r, func(l lexicon.Line) error {
		if !l.Indented {
			if err := finish(); err != nil {
				return err
			}
			last = l
			// "Washington State; State of Washington | Washington": the
			// names after "|" the place shares with a better-known one.
			own, shared, _ := strings.Cut(l.Text, "|")
			ns := lexicon.List(own)
			if len(ns) == 0 {
				return lexicon.Errorf(name, l, "entry has no name")
			}
			cur = &Place{Name: ns[0], Names: ns}
			if more := lexicon.List(shared); len(more) > 0 {
				cur.Primary = len(ns)
				cur.Names = append(cur.Names, more...)
			}
			return nil
		}
		last = l
		if cur == nil {
			return lexicon.Errorf(name, l, "indented line outside an entry")
		}
		if cur.Kind != "" {
			return lexicon.Errorf(name, l, "place %q has a second attribute line", cur.Name)
		}
		if err := parseAttributes(cur, l.Text); err != nil {
			return lexicon.Errorf(name, l, "%v", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return finish()
}

func parseAttributes(p *Place, s string) error {
	f := strings.Fields(s)
	if len(f) < 6 {
		return fmt.Errorf("%q: want KIND LAT LON CC RANK ADMIN1", s)
	}
	p.Kind = Kind(f[0])
	if !kinds[p.Kind] {
		return fmt.Errorf("%q: unknown kind %q", s, f[0])
	}
	var err error
	if p.Lat, err = strconv.ParseFloat(f[1], 64); err != nil || p.Lat < -90 || p.Lat > 90 {
		return fmt.Errorf("%q: latitude %q", s, f[1])
	}
	if p.Lon, err = strconv.ParseFloat(f[2], 64); err != nil || p.Lon < -180 || p.Lon > 180 {
		return fmt.Errorf("%q: longitude %q", s, f[2])
	}
	if len(f[3]) != 3 || strings.ToUpper(f[3]) != f[3] {
		return fmt.Errorf("%q: country %q is not a three-letter code", s, f[3])
	}
	p.Country = f[3]
	if p.Rank, err = strconv.Atoi(f[4]); err != nil || p.Rank < 1 || p.Rank > 5 {
		return fmt.Errorf("%q: rank %q is not 1 to 5", s, f[4])
	}
	rest := f[5:]
	for i := 0; i < len(rest); i++ {
		if c, ok := strings.CutPrefix(rest[i], "capital="); ok {
			if p.Kind != Admin1 && p.Kind != Region || c == "" {
				return fmt.Errorf("%q: capital=%s: only an admin1 or region entry takes a capital, written capital=NAME (_ for a space)", s, c)
			}
			p.Capital = strings.ReplaceAll(c, "_", " ")
			rest = append(rest[:i:i], rest[i+1:]...)
			i--
			continue
		}
		if code, ok := strings.CutPrefix(rest[i], "geonames="); ok {
			if p.Kind != Admin1 || !strings.Contains(code, ".") {
				return fmt.Errorf("%q: geonames=%s: only an admin1 entry takes a code, written CC.CODE", s, code)
			}
			p.AdminCode = code
			rest = append(rest[:i:i], rest[i+1:]...)
			i--
		}
	}
	if a := strings.Join(rest, " "); a != "-" && a != "" {
		p.Admin1 = a
	}
	return nil
}

// Match returns the places whose name is the longest that starts at token
// i of t, and the token after the name.
func (g *Gazetteer) Match(t names.Text, i int) ([]*Place, int) { return g.names.MatchAll(t, i) }

// LoadFS reads every .txt file in dir of fsys.
func (g *Gazetteer) LoadFS(fsys fs.FS, dir string) error { return lexicon.LoadFS(fsys, dir, g.Parse) }

// Write writes places in the team's file format, so that a GeoNames
// extract can be read, edited and loaded back with --places.
func Write(w io.Writer, places []*Place) error {
	bw := bufio.NewWriter(w)
	for _, p := range places {
		admin := p.Admin1
		if admin == "" {
			admin = "-"
		}
		var names []string
		for _, n := range p.Names {
			if n = strings.TrimSpace(strings.ReplaceAll(n, ";", " ")); n != "" && !strings.HasPrefix(n, "#") {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			continue
		}
		code := ""
		if p.Kind == Admin1 && p.AdminCode != "" {
			code = " geonames=" + p.AdminCode
		}
		if p.Capital != "" {
			code += " capital=" + strings.ReplaceAll(p.Capital, " ", "_")
		}
		fmt.Fprintf(bw, "%s\n    %s %.4f %.4f %s %d %s%s\n", strings.Join(names, "; "), p.Kind, p.Lat, p.Lon, p.Country, p.Rank, admin, code)
	}
	return bw.Flush()
}
