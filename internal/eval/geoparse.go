package eval

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// A GeoDoc is one article of a geoparsing corpus with its gold toponyms.
type GeoDoc struct {
	Text     string
	Toponyms []GeoToponym
}

// A GeoToponym is a gold place name with its coordinates.
type GeoToponym struct {
	Span     news.Span
	Name     string
	Lat, Lon float64
}

// LoadGeoCorpus reads one of geoparsing-gold's corpora: GWN.xml
// (GeoWebNews) or an LGL-style file (lgl.xml, TR-News.xml). Toponyms
// without coordinates are left out.
func LoadGeoCorpus(path string) ([]GeoDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Articles []struct {
			Text     string `xml:"text"`
			Toponyms []struct {
				Name      string `xml:"extractedName"`
				Phrase    string `xml:"phrase"`
				Start     int    `xml:"start"`
				End       int    `xml:"end"`
				Latitude  string `xml:"latitude"`
				Longitude string `xml:"longitude"`
				Gaztag    struct {
					Lat string `xml:"lat"`
					Lon string `xml:"lon"`
				} `xml:"gaztag"`
			} `xml:"toponyms>toponym"`
		} `xml:"article"`
	}
	if err := xml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []GeoDoc
	for _, a := range raw.Articles {
		d := GeoDoc{Text: a.Text}
		for _, t := range a.Toponyms {
			lat, lon := t.Latitude, t.Longitude
			if lat == "" {
				lat, lon = t.Gaztag.Lat, t.Gaztag.Lon
			}
			la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
			lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
			sp, ok := byteSpan(a.Text, t.Start, t.End)
			if err1 != nil || err2 != nil || !ok {
				continue
			}
			phrase := t.Phrase
			if phrase == "" {
				phrase = t.Name
			}
			sp = realign(a.Text, sp, strings.TrimSpace(phrase))
			if sp.End > len(a.Text) {
				continue
			}
			d.Toponyms = append(d.Toponyms, GeoToponym{Span: sp, Name: a.Text[sp.Start:sp.End], Lat: la, Lon: lo})
		}
		out = append(out, d)
	}
	return out, nil
}

// realign moves a span whose text is not the annotated phrase to the
// nearest place within 40 bytes where the phrase is: a few TR-News
// articles count offsets over a text that differs a little from the one
// stored (line ends), so that "Edmonton" reads "monton, ".
func realign(text string, sp news.Span, phrase string) news.Span {
	if phrase == "" || text[sp.Start:min(sp.End, len(text))] == phrase {
		return sp
	}
	best, dist := -1, 41
	for d := 0; d <= 40 && best < 0; d++ {
		for _, at := range []int{sp.Start - d, sp.Start + d} {
			if at >= 0 && at+len(phrase) <= len(text) && text[at:at+len(phrase)] == phrase && d < dist {
				best, dist = at, d
			}
		}
	}
	if best < 0 {
		return sp
	}
	return news.Span{Start: best, End: best + len(phrase)}
}

// GeoScore is how near the resolved toponyms fall to the gold ones.
type GeoScore struct {
	Toponyms int // gold toponyms with coordinates
	Known    int // whose name the gazetteer knows (or a country adjective names)
	Within   int // resolved within 161 km (100 miles)
	ErrorKm  float64
}

// Accuracy is the share of all gold toponyms resolved within 161 km.
func (s GeoScore) Accuracy() float64 { return ratio(s.Within, s.Toponyms) }

// KnownAccuracy is the same over the toponyms the gazetteer knows.
func (s GeoScore) KnownAccuracy() float64 { return ratio(s.Within, s.Known) }

// ScoreGeo resolves each gold toponym the way the place stage resolves a
// name (place.Choose, with the document's focus country from its places
// and actors) and measures the distance to the gold coordinates. A
// country adjective ("Turkish") resolves to its country.
func ScoreGeo(docs []GeoDoc, f *place.Finder) (GeoScore, error) {
	var s GeoScore
	a, err := actor.New(actor.Config{})
	if err != nil {
		return s, err
	}
	dict, err := actordict.Builtin()
	if err != nil {
		return s, err
	}
	g := f.Gazetteer()
	countries := map[string]*gazetteer.Place{}
	for _, p := range g.Places {
		if p.Kind == gazetteer.Country && countries[p.Country] == nil {
			countries[p.Country] = p
		}
	}
	var errSum float64
	for _, d := range docs {
		doc := &news.Document{Text: d.Text}
		doc.Layers.Add(news.LayerText)
		sentence.Split(doc)
		a.Find(doc)
		f.Find(doc)
		ctx := f.Context(doc)
		for _, t := range d.Toponyms {
			s.Toponyms++
			var p *gazetteer.Place
			if c := adjectiveCountry(dict, t.Name); c != "" {
				p = countries[c] // "Turkish", "Canadian": the country, not a town so named
			} else if cands := g.Lookup(t.Name); len(cands) > 0 {
				p = place.Choose(cands, t.Name, ctx)
			}
			if p == nil {
				if GeoDebug != nil {
					GeoDebug(t.Name, t.Lat, t.Lon, nil, 0, ctx.Focus)
				}
				continue
			}
			s.Known++
			km := store.Circle{Lat: t.Lat, Lon: t.Lon}.Distance(p.Lat, p.Lon)
			if GeoDebug != nil {
				GeoDebug(t.Name, t.Lat, t.Lon, p, km, ctx.Focus)
			}
			errSum += km
			if km <= 161 {
				s.Within++
			}
		}
	}
	if s.Known > 0 {
		s.ErrorKm = errSum / float64(s.Known)
	}
	return s, nil
}

// GeoDebug, when set, sees each resolution (tests only).
var GeoDebug func(name string, lat, lon float64, p *gazetteer.Place, km float64, focus string)

func adjectiveCountry(d *actordict.Dict, name string) string {
	t := actordict.NewText(name, token.Scan(nil, name, 0))
	if len(t.Toks) != 1 {
		return ""
	}
	return d.Adjective(t, 0)
}

// GeoCorpora lists the corpora ScoreGeo is run on, by file.
var GeoCorpora = []string{"GWN.xml", "TR-News.xml", "lgl.xml"}

// GeoCorpusPath returns a corpus file in the geoparsing-gold folder.
func GeoCorpusPath(dir, file string) string { return filepath.Join(dir, file) }
