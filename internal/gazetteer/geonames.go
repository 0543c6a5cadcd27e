package gazetteer

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// LoadGeoNames reads a GeoNames dump (allCountries.txt, a country file such
// as IQ.txt, or cities500.txt: tab-separated, one place per line) and adds
// its populated places, capitals, countries, first- and second-level
// divisions, airports and military bases. A place goes by its name, its
// ASCII name and up to eight of its alternate names written in Latin
// letters (forty for a city of 100,000 or more); prominence comes from its population. A malformed line fails
// the file with its number.
func (g *Gazetteer) LoadGeoNames(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return g.ParseGeoNames(path, f)
}

// ParseGeoNames reads GeoNames lines from r; name labels errors.
func (g *Gazetteer) ParseGeoNames(name string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	from := len(g.Places)
	// A place learns its province's name once the whole file is read: in
	// allCountries.txt a division's line may come after its towns'.
	defer func() {
		for _, p := range g.Places[from:] {
			if p.Admin1 == "" && p.Kind != Country {
				p.Admin1 = g.admin[p.AdminCode]
			}
		}
	}()
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p, ok, err := geoNamesPlace(line)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if ok && !g.merge(p) {
			g.Add(p)
		}
	}
	return sc.Err()
}

// mergeKm is how near a GeoNames place must be to an entry of the team's
// files of the same name and country to be taken as the same place.
const mergeKm = 15

// merge folds a GeoNames place into the team's entry for the same place
// (same name, same country, within mergeKm) and reports whether it did:
// the entry keeps its name, kind, province and rank and gains the
// population, so that "Mosul" from cities500 does not compete with, and
// lose the province of, the team's Mosul.
func (g *Gazetteer) merge(p *Place) bool {
	if g.own == nil {
		g.own = map[string]bool{}
		for _, q := range g.Places {
			if q.Primary == 0 {
				for _, n := range q.Names {
					g.own[key(n)] = true
				}
			}
		}
	}
	for _, n := range p.Names[:min(max(p.Primary, 0), len(p.Names))] {
		if !g.own[key(n)] {
			continue // most GeoNames places share no name with the team's files
		}
		for _, q := range g.lookup(n) {
			if q.Primary != 0 || q.Country != p.Country || Distance(q.Lat, q.Lon, p.Lat, p.Lon) > mergeKm {
				continue
			}
			if q.Population == 0 {
				q.Population = p.Population
			}
			if q.AdminCode == "" && q.Kind != Admin1 {
				q.AdminCode = p.AdminCode
			}
			return true
		}
	}
	return false
}

// Distance is the great-circle distance in kilometres between two points.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func geoNamesPlace(line string) (*Place, bool, error) {
	f := strings.Split(line, "\t")
	if len(f) < 15 {
		return nil, false, fmt.Errorf("%d fields, want the 19 of a GeoNames line", len(f))
	}
	lat, err1 := strconv.ParseFloat(f[4], 64)
	lon, err2 := strconv.ParseFloat(f[5], 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, false, fmt.Errorf("coordinates %q, %q", f[4], f[5])
	}
	pop, _ := strconv.ParseInt(f[14], 10, 64)
	kind, ok := geoNamesKind(f[6], f[7], pop)
	if !ok {
		return nil, false, nil
	}
	cc := iso3[f[8]]
	if cc == "" {
		cc = "---"
	}
	p := &Place{Name: f[1], Kind: kind, Lat: lat, Lon: lon, Country: cc, Rank: populationRank(kind, pop), Population: pop}
	if len(f) > 10 && f[8] != "" && f[10] != "" && f[10] != "00" {
		p.AdminCode = f[8] + "." + f[10]
	}
	// Names of one or two letters ("Eu", "Y") match abbreviations more
	// often than the places.
	if len(f[1]) > 2 {
		p.Names = append(p.Names, f[1])
	}
	if f[2] != f[1] && len(f[2]) > 2 {
		p.Names = append(p.Names, f[2])
	}
	for _, n := range p.Names {
		p.Names = append(p.Names, abbreviated(n)...)
	}
	p.Primary = len(p.Names)
	// The file lists alternate names alphabetically and without their
	// language, so the English exonym of a large city ("Gothenburg" for
	// Göteborg) can come after many others: cities keep more.
	alts, most := 0, 8
	if pop >= 100000 {
		most = 40
	}
	for _, a := range strings.Split(f[3], ",") {
		if alts == most {
			break
		}
		if latinName(a) && a != f[1] && a != f[2] {
			p.Names = append(p.Names, a)
			alts++
		}
	}
	if p.Primary == 0 {
		p.Primary = -1 // only alternate names: none is its own
	}
	return p, len(p.Names) > 0, nil
}

func geoNamesKind(class, code string, pop int64) (Kind, bool) {
	switch {
	case code == "PCLI" || code == "PCLD" || code == "PCLS" || code == "PCLF" || code == "PCL":
		return Country, true
	case code == "ADM1":
		return Admin1, true
	case code == "ADM2":
		return Admin2, true
	case code == "PPLC":
		return Capital, true
	case code == "MILB" || code == "AIRB":
		return Base, true
	case code == "AIRP":
		return Site, true
	case class == "P":
		switch {
		case pop >= 100000:
			return City, true
		case pop >= 10000:
			return Town, true
		}
		return Village, true
	}
	return "", false
}

func populationRank(k Kind, pop int64) int {
	switch {
	case k == Country || k == Capital || pop >= 1000000:
		return 1
	case pop >= 100000 || k == Admin1:
		return 2
	case pop >= 10000:
		return 3
	case pop >= 1000:
		return 4
	}
	return 5
}

// abbreviations are the words news writes short, and their short forms.
var abbreviations = map[string][]string{"Saint": {"St.", "St"}, "Fort": {"Ft."}, "Mount": {"Mt."}, "Sainte": {"Ste."},
	"St.": {"Saint"}, "St": {"Saint"}, "Ft.": {"Fort"}, "Mt.": {"Mount"}}

// abbreviated returns the other spellings of a name whose first word is
// written short or in full: GeoNames has "Saint Petersburg", the news "St.
// Petersburg"; they are the same name, not an alternate one.
func abbreviated(name string) []string {
	first, rest, ok := strings.Cut(name, " ")
	if !ok || rest == "" {
		return nil
	}
	var out []string
	for _, a := range abbreviations[first] {
		out = append(out, a+" "+rest)
	}
	return out
}

// latinName reports an alternate name fit for English text: Latin letters,
// spaces, hyphens and apostrophes, a capital first, four letters or more.
func latinName(s string) bool {
	if len(s) < 4 || !unicode.IsUpper([]rune(s)[0]) {
		return false
	}
	for _, r := range s {
		if !(r < 0x250 && unicode.IsLetter(r) || r == ' ' || r == '-' || r == '\'') {
			return false
		}
	}
	return true
}

// Lookup returns the places that go by exactly name.
func (g *Gazetteer) Lookup(name string) []*Place {
	return g.lookup(name)
}

// ISO3 returns the three-letter code of a country given by its two- or
// three-letter ISO code, or the code unchanged when it is not known.
func ISO3(code string) string {
	if c, ok := iso3[code]; ok {
		return c
	}
	return code
}
