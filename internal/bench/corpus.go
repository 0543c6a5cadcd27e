// Package bench measures sitrep on a corpus it writes itself: the same
// documents for the same seed, as HTML pages, plain text or JSON lines,
// with a share of syndicated copies as wire stories are. Run times
// extraction alone (go-trafilatura, the baseline), the whole pipeline,
// the pipeline into the store, and queries over what was stored, and
// reports documents and megabytes per second, each stage's share of the
// time, and peak memory (sitrep bench).
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// The generated theatre: who, what, where. Sentences are built from
// these and read by the real pipeline, so the events stored are the
// events it codes.
var (
	actors = []string{"US forces", "Iraqi forces", "Kataib Hezbollah", "Islamic State fighters", "Kurdish Peshmerga",
		"Turkish drones", "Iran-backed militias", "coalition aircraft", "Syrian Democratic Forces", "Iraqi police",
		"Popular Mobilization Forces", "Syrian government forces", "Russian aircraft", "Iraqi counter-terrorism forces"}
	// Places are the places generated articles name.
	Places = []string{"Mosul", "Kirkuk", "Erbil", "Ain al-Asad air base", "Baghdad", "Fallujah", "Ramadi", "Tikrit",
		"Sinjar", "Deir ez-Zor", "Raqqa", "Al-Qaim", "Abu Kamal", "Hasakah", "Qamishli", "Basra", "Najaf", "Karbala",
		"Samarra", "Baqubah", "Tal Afar", "Hit", "Rutba", "Manbij", "Kobani", "Idlib", "Aleppo", "Homs", "Palmyra",
		"Anbar province", "Diyala province", "Nineveh province", "Kirkuk province", "Salahuddin province"}
	days    = []string{"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday", "overnight", "earlier this week"}
	outlets = []string{"Tigris Wire", "Gulf Monitor", "Levant Daily", "Kurdistan Observer", "The Euphrates Post", "Frontline Report",
		"Baghdad Post", "Mesopotamia Today", "Desert Dispatch", "Northern Herald"}
	reporters = []string{"Hana Suleiman", "Omar Khalil", "Sara Haddad", "Yusuf Barzani", "Layla Mansour", "Karim Nasser"}
)

// clause writes one sentence of a generated article.
func clause(r *rand.Rand) string {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	a, t, p, d := pick(actors), pick(actors), pick(Places), pick(days)
	var s string
	switch r.IntN(12) {
	case 0:
		s = fmt.Sprintf("%s struck %s positions near %s %s, killing %d fighters", a, t, p, d, 2+r.IntN(40))
	case 1:
		s = fmt.Sprintf("%s attacked %s in %s %s", a, t, p, d)
	case 2:
		s = fmt.Sprintf("%s shelled villages held by %s south of %s %s", a, t, p, d)
	case 3:
		s = fmt.Sprintf("%s arrested %d suspected members of %s in %s %s", a, 2+r.IntN(30), t, p, d)
	case 4:
		s = fmt.Sprintf("%s deployed %d troops to %s %s to confront %s", a, 50+r.IntN(2000), p, d, t)
	case 5:
		s = fmt.Sprintf("%s threatened to strike %s in %s %s", a, t, p, d)
	case 6:
		s = fmt.Sprintf("%s denied attacking %s near %s %s", a, t, p, d)
	case 7:
		s = fmt.Sprintf("Rockets fired by %s hit a base used by %s in %s %s", a, t, p, d)
	case 8:
		s = fmt.Sprintf("%s withdrew from %s %s after clashes with %s", a, p, d, t)
	case 9:
		s = fmt.Sprintf("%s met leaders of %s in %s %s", a, t, p, d)
	case 10:
		s = fmt.Sprintf("Hundreds of people protested against %s in %s %s, accusing %s of abuses", a, p, d, t)
	default:
		s = fmt.Sprintf("%s may send advisers to help %s in %s %s", a, t, p, d)
	}
	return strings.ToUpper(s[:1]) + s[1:] + ", officials said."
}

// An Article is one generated document.
type Article struct {
	URL, Title, Outlet, Byline string
	Published                  time.Time
	Paragraphs                 []string
	// CopyOf is the URL of the article this one syndicates, "" for an
	// original.
	CopyOf string
}

// Generator writes a deterministic stream of articles: the same seed
// gives the same articles. A share of them (Copies) are copies of a
// recent original under another outlet and headline, with a line of the
// copier's own, as syndicated wire stories are.
type Generator struct {
	r       *rand.Rand
	start   time.Time
	span    time.Duration // articles spread over this, in order
	n, i    int
	copies  float64
	recent  []Article
	related []string
}

// DefaultDays is the span a generator spreads its articles over.
const DefaultDays = 3650

// NewGenerator returns a generator of n articles from seed, published in
// order over the ten years from June 2014, with share copies (0 to 1).
func NewGenerator(seed uint64, n int, copies float64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, seed^0x5157)), start: time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC),
		span: 3650 * 24 * time.Hour, n: n, copies: copies}
}

// Over spreads the articles over days instead of ten years (days > 0):
// the same articles, more or fewer a day. How many a day matters to the
// store, which compares each report with those of the days around it.
func (g *Generator) Over(days int) *Generator {
	if days > 0 {
		g.span = time.Duration(days) * 24 * time.Hour
	}
	return g
}

// Next returns the next article, and false after the last.
func (g *Generator) Next() (Article, bool) {
	if g.i >= g.n {
		return Article{}, false
	}
	i := g.i
	g.i++
	at := g.start.Add(time.Duration(float64(g.span) * float64(i) / float64(max(g.n, 1)))).Add(time.Duration(g.r.IntN(3600)) * time.Second)
	pick := func(xs []string) string { return xs[g.r.IntN(len(xs))] }
	if len(g.recent) > 0 && g.r.Float64() < g.copies {
		orig := g.recent[g.r.IntN(len(g.recent))]
		a := orig
		a.URL = fmt.Sprintf("https://news%d.example/%d", g.r.IntN(len(outlets)), i)
		a.Outlet = pick(outlets)
		a.Title = strings.Replace(orig.Title, " in ", " near ", 1) + " - " + a.Outlet
		a.Published = at // in publication order; in a dense corpus, hours after the original
		a.Paragraphs = append(append([]string(nil), orig.Paragraphs...), "Additional reporting by "+pick(reporters)+".")
		a.CopyOf = orig.URL
		return a, true
	}
	a := Article{URL: fmt.Sprintf("https://news%d.example/%d", g.r.IntN(len(outlets)), i), Outlet: pick(outlets),
		Byline: pick(reporters), Published: at}
	for range 3 + g.r.IntN(3) {
		a.Paragraphs = append(a.Paragraphs, clause(g.r)+" "+clause(g.r))
	}
	a.Title = strings.TrimSuffix(strings.SplitN(a.Paragraphs[0], ",", 2)[0], ".")
	if len(a.Title) > 90 {
		a.Title = a.Title[:90]
	}
	g.recent = append(g.recent, a)
	if len(g.recent) > 50 {
		g.recent = g.recent[1:]
	}
	g.related = append(g.related, a.Title)
	if len(g.related) > 5 {
		g.related = g.related[1:]
	}
	return a, true
}

// HTML renders a as a news page: navigation, the article with its
// byline, related stories and a footer around it.
func (g *Generator) HTML(a Article) []byte {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s | %s</title>`, e(a.Title), e(a.Outlet))
	fmt.Fprintf(&b, `<meta property="og:site_name" content="%s"><meta property="article:published_time" content="%s">`,
		e(a.Outlet), a.Published.Format(time.RFC3339))
	fmt.Fprintf(&b, `<link rel="canonical" href="%s"></head><body><nav><a href="/">Home</a> <a href="/iraq">Iraq</a> <a href="/syria">Syria</a></nav>`, e(a.URL))
	fmt.Fprintf(&b, `<article><h1>%s</h1><p class="byline">By %s</p>`, e(a.Title), e(a.Byline))
	for _, p := range a.Paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", e(p))
	}
	b.WriteString(`</article><aside><h3>Related</h3><ul>`)
	for i, t := range g.related {
		fmt.Fprintf(&b, `<li><a href="/story/%d">%s</a></li>`, i, e(t))
	}
	fmt.Fprintf(&b, `</ul></aside><footer>© %d %s. All rights reserved.</footer></body></html>`, a.Published.Year(), e(a.Outlet))
	return []byte(b.String())
}

// Text renders a as a plain-text article: headline, byline, date, body,
// a related-stories list and a copyright line.
func (g *Generator) Text(a Article) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nBy %s\n%s\n\n", a.Title, a.Byline, a.Published.Format("January 2, 2006"))
	for _, p := range a.Paragraphs {
		b.WriteString(p + "\n\n")
	}
	b.WriteString("Related stories\n")
	for _, t := range g.related {
		fmt.Fprintf(&b, "%s - %s\n", t, a.Outlet)
	}
	fmt.Fprintf(&b, "© %d %s\n", a.Published.Year(), a.Outlet)
	return []byte(b.String())
}

// JSONL renders a as one JSON line, with its text.
func (g *Generator) JSONL(a Article) []byte {
	line, _ := json.Marshal(map[string]string{"url": a.URL, "title": a.Title, "source": a.Outlet,
		"published": a.Published.Format(time.RFC3339), "text": strings.Join(a.Paragraphs, "\n\n")})
	return append(line, '\n')
}

// Formats are the forms a corpus can take.
var Formats = []string{"html", "text", "jsonl"}

// A Corpus is a generated corpus as a source: its documents are made as
// they are read, so a million cost no more memory than one.
type Corpus struct {
	Seed   uint64
	N      int
	Format string  // html, text or jsonl
	Copies float64 // share of syndicated copies
	Days   int     // the span they are published over; DefaultDays when zero
	bytes  int64
}

var _ source.Source = (*Corpus)(nil)

// Bytes returns how many bytes of documents the last Read made.
func (c *Corpus) Bytes() int64 { return c.bytes }

// Read implements source.Source. JSON lines go through the JSONL reader,
// as sitrep ingest reads them; pages and texts are handed over as read
// from files.
func (c *Corpus) Read(ctx context.Context, yield func(*news.Document, error) error) error {
	g := NewGenerator(c.Seed, c.N, c.Copies).Over(c.Days)
	c.bytes = 0
	if c.Format == "jsonl" {
		pr, pw := io.Pipe()
		go func() {
			for a, ok := g.Next(); ok; a, ok = g.Next() {
				line := g.JSONL(a)
				c.bytes += int64(len(line))
				if _, err := pw.Write(line); err != nil {
					return
				}
			}
			pw.Close()
		}()
		defer pr.Close()
		return (&source.Paths{Paths: []string{"-"}, Stdin: pr}).Read(ctx, yield)
	}
	for a, ok := g.Next(); ok; a, ok = g.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, format := g.Text(a), news.FormatText
		if c.Format == "html" {
			raw, format = g.HTML(a), news.FormatHTML
		}
		c.bytes += int64(len(raw))
		if err := yield(news.NewDocument(a.URL, format, a.URL, raw), nil); err != nil {
			return err
		}
	}
	return nil
}
