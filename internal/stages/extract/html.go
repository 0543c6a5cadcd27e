package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/sitrep-dev/sitrep/internal/boilerplate"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// maxLinks caps the related links kept per page; a site map page would
// otherwise bring thousands.
const maxLinks = 60

// html extracts an HTML document with go-trafilatura.
func (e *Extractor) html(doc *news.Document) error {
	root, err := ParseHTML(doc.Raw)
	if err != nil {
		return err
	}
	var base *url.URL
	if doc.URL != "" {
		base, _ = url.Parse(doc.URL)
	}
	// Run htmldate once ourselves, asking for the time of day, and hand the
	// result to trafilatura so that it does not search a second time.
	dateOpts := htmldate.Options{UseOriginalDate: true, ExtractTime: true, URL: doc.URL, SkipExtensiveSearch: !e.cfg.Fallback}
	date, dateErr := htmldate.FromDocument(root, dateOpts)
	opts := trafilatura.Options{
		OriginalURL:      base,
		EnableFallback:   e.cfg.Fallback,
		ExcludeComments:  true,
		HtmlDateOverride: &date,
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoText, err)
	}
	m := res.Metadata
	doc.Text = splitLike(res.ContentText, blocks(res.ContentNode))
	if !strings.Contains(doc.Text, "\n\n") {
		// trafilatura's fallback for short pages hands back the text of a
		// whole container with its blocks run together ("air baseKataib
		// Hezbollah"): the page's own blocks say where they part.
		doc.Text = splitRun(doc.Text, blocks(root))
	}
	doc.Text = dropTitle(doc.Text, m.Title)
	doc.Text = dropPromos(doc.Text)
	if doc.URL == "" && m.URL != "" {
		if u, err := url.Parse(m.URL); err == nil && u.IsAbs() {
			doc.URL = m.URL
			base = u
		}
	}
	if doc.Title == "" {
		doc.Title = m.Title
	}
	if len(doc.Authors) == 0 && m.Author != "" {
		doc.Authors = splitAuthors(m.Author)
	}
	// trafilatura falls back to the host name for the site; a name the
	// page gives is better, so the host comes last.
	siteIsHost := m.Sitename != "" && !strings.Contains(m.Sitename, " ") && strings.Contains(m.Sitename, ".")
	if doc.Source == "" && !siteIsHost {
		doc.Source = m.Sitename
	}
	if doc.Source == "" {
		doc.Source = titleSite(root, doc.Title)
	}
	if doc.Language == "" && len(m.Language) == 2 {
		doc.Language = strings.ToLower(m.Language)
	}
	if doc.Published.IsZero() {
		switch {
		case dateErr == nil && !date.DateTime.IsZero() && date.HasTime && date.HasTimezone:
			doc.Published = news.Instant(date.DateTime.UTC())
		case !m.Date.IsZero():
			doc.Published = news.Day(m.Date)
		case dateErr == nil && !date.DateTime.IsZero():
			doc.Published = news.Day(date.DateTime)
		}
		if t, ok := publishedInstant(root); ok && (doc.Published.IsZero() || sameDay(t, doc.Published.Time)) {
			doc.Published = news.Instant(t)
		}
	}
	if len(doc.Authors) == 0 || doc.Published.IsZero() || doc.Source == "" {
		fillFromVisibleText(root, doc)
	}
	if doc.Source == "" && siteIsHost {
		doc.Source = strings.TrimPrefix(m.Sitename, "www.")
	}
	doc.Links = append(doc.Links, relatedLinks(root, base, doc.Text)...)
	return nil
}

// titleSite finds the outlet in the page's <title>, which sites write as
// "Headline | Outlet" or "Headline - Outlet".
func titleSite(root *html.Node, headline string) string {
	var title string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			title = strings.Join(strings.Fields(textOf(n)), " ")
			return true
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	headline = strings.Join(strings.Fields(headline), " ")
	if title == "" || headline == "" || !strings.HasPrefix(title, headline) {
		return ""
	}
	rest := strings.TrimSpace(strings.TrimLeft(title[len(headline):], " |-–—:·"))
	if n := len(strings.Fields(rest)); n == 0 || n > 5 {
		return ""
	}
	return rest
}

// fillFromVisibleText reads the page's visible text the way a plain text is
// read, for what the page's metadata did not declare: a byline, a date
// stamp, a copyright line. Older sites carry these only as text.
func fillFromVisibleText(root *html.Node, doc *news.Document) {
	res := boilerplate.Clean(strings.Join(blocks(root), "\n"))
	if len(doc.Authors) == 0 {
		doc.Authors = res.Authors
	}
	if doc.Published.IsZero() && res.Date != "" {
		if d, ok := ParseStamp(res.Date); ok {
			doc.Published = d
		}
	}
	if doc.Source == "" {
		doc.Source = res.Site
	}
}

// ParseHTML decodes raw HTML to UTF-8 and parses it. Content that is valid
// UTF-8 is taken as UTF-8 whatever it declares: saved and re-served pages
// often keep a stale charset declaration, and legacy-encoded text almost
// never happens to be valid UTF-8. Other content is decoded by its declared
// or sniffed charset.
func ParseHTML(raw []byte) (*html.Node, error) {
	var r io.Reader = bytes.NewReader(raw)
	if !utf8.Valid(raw) {
		var err error
		if r, err = charset.NewReader(r, "text/html"); err != nil {
			return nil, fmt.Errorf("charset: %w", err)
		}
	}
	root, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	return root, nil
}

// blockNames are the elements of trafilatura's output tree (HTML names
// and its own, such as "head", "item" and "row") that begin a paragraph.
var blockNames = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "head": true,
	"list": true, "ul": true, "ol": true, "item": true, "li": true, "quote": true, "blockquote": true, "pre": true,
	"code": true, "table": true, "row": true, "tr": true, "lb": true, "br": true, "hr": true, "section": true,
	"article": true, "dd": true, "dt": true, "figcaption": true, "header": true, "footer": true, "main": true, "body": true,
}

// invisible elements hold no text a reader sees.
var invisible = map[string]bool{"head": false, "script": true, "style": true, "noscript": true, "template": true, "svg": true, "iframe": true, "title": true}

// blocks returns the text of each block of trafilatura's output tree.
func blocks(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			cur.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && invisible[n.Data] {
			return
		}
		block := n.Type == html.ElementNode && blockNames[n.Data]
		if block {
			flush()
		} else if n.Type == html.ElementNode {
			cur.WriteByte(' ') // table cells and the like
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	if n != nil {
		walk(n)
	}
	flush()
	return out
}

// splitLike breaks text into paragraphs where the blocks begin.
// trafilatura's text is complete but flattened to one line; its tree keeps
// the blocks but has been cleaned further, so the text is kept and the
// tree only says where paragraphs start.
func splitLike(text string, blocks []string) string {
	var b strings.Builder
	pos := 0
	for _, blk := range blocks {
		head := blk
		if len(head) > 40 {
			head = head[:40]
		}
		i := strings.Index(text[pos:], head)
		if i < 0 {
			continue
		}
		at := pos + i
		if at > pos || at > 0 && b.Len() > 0 {
			b.WriteString(strings.TrimSpace(text[pos:at]))
			if at > 0 {
				b.WriteString("\n\n")
			}
		}
		pos = at
	}
	b.WriteString(strings.TrimSpace(text[pos:]))
	return strings.TrimSpace(strings.ReplaceAll(b.String(), "\n\n\n\n", "\n\n"))
}

// splitRun breaks text where a run of the page's blocks, each taken
// whole and in order from the start of the text, ends: text that is
// those blocks run together. Blocks that do not continue the run (menus,
// the title in the head) are passed over; whatever the run does not
// reach is left as it is.
func splitRun(text string, blocks []string) string {
	var b strings.Builder
	rest := text
	for _, blk := range blocks {
		r := strings.TrimLeft(rest, " \n")
		if blk == "" || len(blk) == len(r) || !strings.HasPrefix(r, blk) {
			continue
		}
		// A block must end where a word does: "Iraq" from a menu does
		// not take the start of "Iraqi".
		if c := r[len(blk)]; c >= 'a' && c <= 'z' && blk[len(blk)-1] >= 'a' && blk[len(blk)-1] <= 'z' {
			continue
		}
		b.WriteString(blk)
		b.WriteString("\n\n")
		rest = r[len(blk):]
	}
	if b.Len() == 0 {
		return text
	}
	b.WriteString(strings.TrimLeft(rest, " \n"))
	return strings.TrimSpace(b.String())
}

// promo matches a paragraph that only points to another story: a label
// ("Read more:", "See also -") and a headline: no full stop, no sentence
// of its own.
var promo = regexp.MustCompile(`(?i)^(?:read (?:more|also|next)|also read|see also|related(?: story| article)?|more on this(?: story)?|watch|listen)\s*[:»›|–—-]\s*[^.!?]{1,200}$`)

// dropPromos removes the paragraphs that point to other stories, which
// trafilatura keeps when they sit inside the article ("Read more: Sadr
// supporters march in Baghdad"): they are not the article's text, and the
// event coder would read the headline as a report.
func dropPromos(text string) string {
	paras := strings.Split(text, "\n\n")
	kept := paras[:0]
	for _, p := range paras {
		if !promo.MatchString(strings.TrimSpace(p)) || len(strings.Fields(p)) > 25 {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return text // all of it: better the promos than nothing
	}
	return strings.Join(kept, "\n\n")
}

// dropTitle removes the headline when the extracted text opens with it:
// the text is the body, and the title is kept on its own.
func dropTitle(text, title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if strings.EqualFold(first, title) {
		return rest
	}
	return text
}

// splitAuthors splits trafilatura's author string, "A; B".
func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ";") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// publishedInstant looks for a publication time with its zone where pages
// declare one: the article:published_time meta tag and JSON-LD
// datePublished. trafilatura keeps only the day.
func publishedInstant(root *html.Node) (time.Time, bool) {
	var found time.Time
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := attr(n, "property") + attr(n, "name") + attr(n, "itemprop")
				if key == "article:published_time" || key == "datePublished" || key == "og:published_time" {
					if t, ok := parseInstant(attr(n, "content")); ok {
						found = t
						return true
					}
				}
			case atom.Script:
				if attr(n, "type") == "application/ld+json" && n.FirstChild != nil {
					if t, ok := jsonLDPublished(n.FirstChild.Data); ok {
						found = t
						return true
					}
				}
			case atom.Body:
				// Declarations live in the head, or in JSON-LD anywhere.
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return found, !found.IsZero()
}

func parseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// jsonLDPublished reads datePublished from a JSON-LD block: an object, a
// list of objects, or an object with an @graph list.
func jsonLDPublished(data string) (time.Time, bool) {
	var v any
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		return time.Time{}, false
	}
	var find func(v any) (time.Time, bool)
	find = func(v any) (time.Time, bool) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok {
				if t, ok := parseInstant(s); ok {
					return t, true
				}
			}
			if g, ok := x["@graph"]; ok {
				return find(g)
			}
		case []any:
			for _, e := range x {
				if t, ok := find(e); ok {
					return t, true
				}
			}
		}
		return time.Time{}, false
	}
	return find(v)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// relatedLinks collects the links to other stories on the page: anchors
// whose text reads as a headline and is not part of the extracted text.
// Navigation ("World", "Opinion") and buttons fail the headline test.
func relatedLinks(root *html.Node, base *url.URL, text string) []news.Link {
	var links []news.Link
	seen := map[string]bool{}
	if base != nil {
		seen[base.String()] = true
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if len(links) >= maxLinks {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			href := strings.TrimSpace(attr(n, "href"))
			label := strings.Join(strings.Fields(textOf(n)), " ")
			if u := resolve(base, href); u != "" && !seen[u] && articleLike(u) && boilerplate.IsHeadline(label) && !strings.Contains(text, label) {
				seen[u] = true
				links = append(links, news.Link{URL: u, Text: label})
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return links
}

// articleLike reports whether a URL looks like an article's rather than a
// section's or a service page's: stories live at dated or slugged paths
// ("/2020/01/05/parliament-votes", "/news/iraq-vote-12345"), "About us"
// and "Terms of use" at short ones ("/about/").
func articleLike(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	var segs []string
	for _, s := range strings.Split(u.Path, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	if len(segs) == 0 {
		return u.RawQuery != "" // "?p=123" on old sites
	}
	last := segs[len(segs)-1]
	return len(segs) >= 3 || strings.Count(last, "-") >= 2 || strings.Count(last, "_") >= 2 ||
		strings.ContainsAny(last, "0123456789") || u.RawQuery != ""
}

// resolve makes href absolute against base, keeping only web links.
func resolve(base *url.URL, href string) string {
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" && !(u.Scheme == "" && strings.HasPrefix(u.Path, "/")) {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
