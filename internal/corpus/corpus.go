// Package corpus holds the sample corpus the team wrote: short articles
// about real, dated events of the theatre (2014-2025), in canonical form
// (articles/) and rendered as an analyst receives them (pages/): saved web
// pages, copied plain text and a JSONL export. It is embedded in the binary
// for `sitrep demo` and is test data throughout. README.md describes it.
package corpus

import (
	"bufio"
	"embed"
	"fmt"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
)

//go:embed articles/*.txt
var articles embed.FS

//go:embed all:pages
var pages embed.FS

// Pages returns the rendered corpus: html/, text/ and jsonl/ folders.
func Pages() fs.FS {
	sub, err := fs.Sub(pages, "pages")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// An Outlet is one of the corpus's invented news outlets.
type Outlet struct {
	ID     string // "tigris-wire"
	Name   string // "Tigris Wire"
	Domain string // "tigriswire.example"
	// Wire agencies credit themselves in the dateline: "BAGHDAD (Tigris
	// Wire) - ". Others write "BAGHDAD - ".
	CreditInDateline bool
}

// Outlets lists the corpus's outlets.
var Outlets = []Outlet{
	{"tigris-wire", "Tigris Wire", "tigriswire.example", true},
	{"euphrates-post", "The Euphrates Post", "euphratespost.example", false},
	{"gulf-monitor", "Gulf Monitor", "gulfmonitor.example", false},
	{"capitol-dispatch", "Capitol Dispatch", "capitoldispatch.example", false},
	{"levant-daily", "Levant Daily", "levantdaily.example", true},
	{"kurdistan-observer", "Kurdistan Observer", "kurdistanobserver.example", false},
	{"frontline-report", "Frontline Report", "frontlinereport.example", false},
}

// OutletByID returns the outlet with the given ID.
func OutletByID(id string) (Outlet, bool) {
	for _, o := range Outlets {
		if o.ID == id {
			return o, true
		}
	}
	return Outlet{}, false
}

// An Article is one canonical article.
type Article struct {
	ID         string
	Outlet     Outlet
	Published  news.Date
	Authors    []string
	Title      string
	Dateline   string // "BAGHDAD"; empty if none
	CopyOf     string // the original's ID, for a syndicated copy
	Tags       []string
	Paragraphs []string // as written, without the dateline
}

// URL returns the article's (invented) address.
func (a Article) URL() string {
	day := a.Published.Time.Format("2006/01/02")
	slug := strings.TrimPrefix(a.ID, a.Published.Time.Format("2006-01-02")+"-")
	return "https://" + a.Outlet.Domain + "/" + day + "/" + slug
}

// Body returns the article's paragraphs as published: the first one opens
// with the dateline in the outlet's style.
func (a Article) Body() []string {
	out := append([]string(nil), a.Paragraphs...)
	if a.Dateline != "" && len(out) > 0 {
		prefix := a.Dateline + " - "
		if a.Outlet.CreditInDateline {
			prefix = a.Dateline + " (" + a.Outlet.Name + ") - "
		}
		out[0] = prefix + out[0]
	}
	return out
}

// Text returns the body as extraction should find it: paragraphs separated
// by blank lines.
func (a Article) Text() string { return strings.Join(a.Body(), "\n\n") }

// Articles returns every canonical article, sorted by ID.
func Articles() ([]Article, error) {
	names, err := fs.Glob(articles, "articles/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Article
	for _, n := range names {
		b, err := articles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		a, err := ParseArticle(path.Base(n), string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ParseArticle reads one canonical article file (format in README.md).
func ParseArticle(name, content string) (Article, error) {
	var a Article
	sc := bufio.NewScanner(strings.NewReader(content))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	header := true
	seen := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r ")
		if header {
			if line == "" {
				header = false
				continue
			}
			key, value, ok := strings.Cut(line, ":")
			if !ok {
				return a, fmt.Errorf("%s:%d: header line without a colon", name, n)
			}
			key, value = strings.TrimSpace(key), strings.TrimSpace(value)
			seen[key] = true
			switch key {
			case "id":
				a.ID = value
			case "outlet":
				o, ok := OutletByID(value)
				if !ok {
					return a, fmt.Errorf("%s:%d: unknown outlet %q", name, n, value)
				}
				a.Outlet = o
			case "published":
				d, err := news.ParseDate(value)
				if err != nil {
					return a, fmt.Errorf("%s:%d: %v", name, n, err)
				}
				a.Published = d
			case "authors":
				a.Authors = lexicon.List(value)
			case "title":
				a.Title = value
			case "dateline":
				a.Dateline = value
			case "copy_of":
				a.CopyOf = value
			case "tags":
				a.Tags = lexicon.List(value)
			default:
				return a, fmt.Errorf("%s:%d: unknown header %q", name, n, key)
			}
			continue
		}
		if line != "" {
			a.Paragraphs = append(a.Paragraphs, line)
		}
	}
	if err := sc.Err(); err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	for _, k := range []string{"id", "outlet", "published", "title"} {
		if !seen[k] {
			return a, fmt.Errorf("%s: missing %q", name, k)
		}
	}
	if a.ID+".txt" != name {
		return a, fmt.Errorf("%s: id %q does not match the file name", name, a.ID)
	}
	if len(a.Paragraphs) == 0 {
		return a, fmt.Errorf("%s: no body", name)
	}
	return a, nil
}
