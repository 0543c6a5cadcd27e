package eval

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/date"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// A TimexDoc is one TempEval-3 document: its text, creation time and gold
// temporal expressions.
type TimexDoc struct {
	Name string
	Text string
	DCT  time.Time
	Gold []GoldTimex
}

// A GoldTimex is one TIMEX3 of the gold annotation.
type GoldTimex struct {
	Span  news.Span
	Type  string // DATE, TIME, DURATION, SET
	Value string
}

var (
	dctRe   = regexp.MustCompile(`<DCT>\s*<TIMEX3[^>]*value="([^"]+)"`)
	textRe  = regexp.MustCompile(`(?s)<TEXT>(.*)</TEXT>`)
	tagRe   = regexp.MustCompile(`<[^>]+>`)
	timexRe = regexp.MustCompile(`<TIMEX3([^>]*)>`)
	attrRe  = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// LoadTempEval reads the .tml files under dir (TimeBank and AQUAINT).
func LoadTempEval(dir string) ([]TimexDoc, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tml") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []TimexDoc
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		d, err := parseTML(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		d.Name = filepath.Base(p)
		out = append(out, d)
	}
	return out, nil
}

func parseTML(s string) (TimexDoc, error) {
	var d TimexDoc
	m := dctRe.FindStringSubmatch(s)
	if m == nil {
		return d, fmt.Errorf("no DCT")
	}
	v := m[1]
	if len(v) > 10 {
		v = v[:10]
	}
	dct, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return d, fmt.Errorf("DCT %q: %w", m[1], err)
	}
	d.DCT = dct
	t := textRe.FindStringSubmatch(s)
	if t == nil {
		return d, fmt.Errorf("no TEXT")
	}
	// Walk the tags, keeping the text and where each TIMEX3 starts and ends.
	body := t[1]
	var b strings.Builder
	var open *GoldTimex
	last := 0
	for _, loc := range tagRe.FindAllStringIndex(body, -1) {
		b.WriteString(html.UnescapeString(body[last:loc[0]]))
		tag := body[loc[0]:loc[1]]
		switch {
		case strings.HasPrefix(tag, "<TIMEX3"):
			g := GoldTimex{Span: news.Span{Start: b.Len()}}
			for _, a := range attrRe.FindAllStringSubmatch(timexRe.FindStringSubmatch(tag)[1], -1) {
				switch a[1] {
				case "type":
					g.Type = a[2]
				case "value":
					g.Value = a[2]
				}
			}
			open = &g
		case strings.HasPrefix(tag, "</TIMEX3") && open != nil:
			open.Span.End = b.Len()
			d.Gold = append(d.Gold, *open)
			open = nil
		}
		last = loc[1]
	}
	b.WriteString(html.UnescapeString(body[last:]))
	d.Text = b.String()
	return d, nil
}

// TimexScore is how the resolver does on the gold DATE expressions.
type TimexScore struct {
	Docs, Dates int
	Found       int // gold DATEs that a found expression overlaps
	Right       int // of those, with the same value
	Extracted   int // expressions found
	Matched     int // found expressions that overlap a gold TIMEX3 of any type
	Errors      []string
}

// Accuracy is the share of gold DATE expressions found with the right value.
func (s TimexScore) Accuracy() float64 { return ratio(s.Right, s.Dates) }

// ScoreTimex runs sentence splitting and the date stage on each document,
// published on its creation date, and compares the values with the gold
// DATE expressions. TimeML writes week numbers with or without a leading
// zero ("2000-W8"); both count.
func ScoreTimex(docs []TimexDoc) TimexScore {
	var s TimexScore
	for _, d := range docs {
		s.Docs++
		doc := &news.Document{Text: d.Text, Published: news.Day(d.DCT)}
		doc.Layers.Add(news.LayerText)
		sentence.Split(doc)
		date.Find(doc)
		s.Extracted += len(doc.Times)
		for _, t := range doc.Times {
			for _, g := range d.Gold {
				if t.Span.Start < g.Span.End && g.Span.Start < t.Span.End {
					s.Matched++
					break
				}
			}
		}
		for _, g := range d.Gold {
			if g.Type != "DATE" {
				continue
			}
			s.Dates++
			var got *news.Timex
			for i := range doc.Times {
				t := &doc.Times[i]
				if t.Span.Start < g.Span.End && g.Span.Start < t.Span.End {
					got = t
					break
				}
			}
			text := d.Text[g.Span.Start:g.Span.End]
			if got == nil {
				if len(s.Errors) < 400 {
					s.Errors = append(s.Errors, fmt.Sprintf("%s: missed %q = %s (DCT %s)", d.Name, text, g.Value, d.DCT.Format(time.DateOnly)))
				}
				continue
			}
			s.Found++
			if sameTimex(got.Value, g.Value) {
				s.Right++
			} else if len(s.Errors) < 400 {
				s.Errors = append(s.Errors, fmt.Sprintf("%s: %q = %s, got %q = %s (DCT %s)", d.Name, text, g.Value,
					d.Text[got.Span.Start:got.Span.End], got.Value, d.DCT.Format(time.DateOnly)))
			}
		}
	}
	return s
}

var weekZero = regexp.MustCompile(`-W0(\d)`)

func sameTimex(a, b string) bool {
	return weekZero.ReplaceAllString(a, "-W$1") == weekZero.ReplaceAllString(b, "-W$1")
}
