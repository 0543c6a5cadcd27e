package corpus

// This file renders the canonical articles (articles/) into the pages an
// analyst actually receives (pages/): saved web pages from seven outlet
// templates, plain text copied out of a browser, an app, a print view, a
// newsletter or a feed reader, and a gzip-compressed JSONL export.
//
// The pages are generated, and checked in so that the embedded corpus needs
// no build step. TestRender fails when they are out of date; rewrite them
// with
//
//	go test ./internal/corpus -run TestRender -update
//
// Everything here is deterministic: every choice (format, template style,
// related headlines, comments) is derived from a hash of the article's ID,
// never from its position, the clock or map order, so adding an article
// changes as few other pages as possible.

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the Washington template needs America/New_York on any machine
)

var update = flag.Bool("update", false, "rewrite the rendered pages")

// pagesDir is where the rendered corpus lives, relative to this package.
const pagesDir = "pages"

const updateHint = "run `go test ./internal/corpus -run TestRender -update` to regenerate pages/"

func TestRender(t *testing.T) {
	arts, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	files, err := render(arts)
	if err != nil {
		t.Fatal(err)
	}
	checkSplit(t, arts)
	if *update {
		if err := writePages(files); err != nil {
			t.Fatal(err)
		}
		return
	}
	problems, err := comparePages(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("pages/%s", p)
	}
	if len(problems) > 0 {
		t.Errorf("pages/ does not match the rendering: %s", updateHint)
	}
}

// checkSplit guards the promises README.md makes about the split.
func checkSplit(t *testing.T, arts []Article) {
	formats := chooseFormats(arts)
	count := map[string]int{}
	for _, a := range arts {
		count[formats[a.ID]]++
	}
	if count[formatText] < minText || count[formatJSONL] < minJSONL {
		t.Errorf("format split %v: want at least %d text and %d JSONL articles", count, minText, minJSONL)
	}
	if count[formatHTML]+count[formatText]+count[formatJSONL] != len(arts) {
		t.Errorf("format split %v does not cover the %d articles", count, len(arts))
	}
}

// ---------------------------------------------------------------------------
// Writing and checking pages/

// writePages writes files under pages/ and deletes whatever else is there,
// so that a removed article or a renamed file leaves nothing behind.
func writePages(files map[string][]byte) error {
	for _, dir := range []string{"html", "text", "jsonl"} {
		if err := os.MkdirAll(filepath.Join(pagesDir, dir), 0o755); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(files) {
		p := filepath.Join(pagesDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	onDisk, err := diskPages()
	if err != nil {
		return err
	}
	for _, name := range onDisk {
		if _, ok := files[name]; !ok {
			if err := os.Remove(filepath.Join(pagesDir, filepath.FromSlash(name))); err != nil {
				return err
			}
		}
	}
	return nil
}

// comparePages lists the missing, extra and differing files, sorted.
func comparePages(files map[string][]byte) ([]string, error) {
	onDisk, err := diskPages()
	if err != nil {
		return nil, err
	}
	var problems []string
	seen := map[string]bool{}
	for _, name := range onDisk {
		seen[name] = true
		want, ok := files[name]
		if !ok {
			problems = append(problems, name+": extra file, not rendered from any article")
			continue
		}
		got, err := os.ReadFile(filepath.Join(pagesDir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		if same, err := sameContent(name, want, got); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
		} else if !same {
			problems = append(problems, name+": differs from the rendering")
		}
	}
	for _, name := range sortedKeys(files) {
		if !seen[name] {
			problems = append(problems, name+": missing")
		}
	}
	sort.Strings(problems)
	return problems, nil
}

// sameContent compares a rendered file with the one on disk. Gzip files are
// compared uncompressed: the compressed bytes depend on the Go release's
// compress/flate, and a new Go version must not make the corpus stale.
func sameContent(name string, want, got []byte) (bool, error) {
	if !strings.HasSuffix(name, ".gz") {
		return bytes.Equal(want, got), nil
	}
	w, err := gunzip(want)
	if err != nil {
		return false, err
	}
	g, err := gunzip(got)
	if err != nil {
		return false, fmt.Errorf("on disk: %v", err)
	}
	return bytes.Equal(w, g), nil
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// diskPages lists the files under pages/, as slash paths relative to it.
func diskPages() ([]string, error) {
	var names []string
	err := filepath.WalkDir(pagesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(pagesDir, p)
		if err != nil {
			return err
		}
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if os.IsNotExist(err) {
		return nil, nil
	}
	sort.Strings(names)
	return names, err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ---------------------------------------------------------------------------
// Choosing each article's format

const (
	formatHTML  = "html"
	formatText  = "text"
	formatJSONL = "jsonl"

	// The corpus must exercise every reader; with few articles a hash split
	// can fall short, so chooseFormats tops these up.
	minText  = 10
	minJSONL = 5
)

// idHash is the FNV-1a hash of an article ID under a salt, so that each
// kind of choice (format, style, comments) gets its own independent draw.
func idHash(salt, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(salt))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return h.Sum64()
}

// chooseFormats gives each article one format: about 60% HTML, 25% text and
// 15% JSONL by hash. Syndicated copies are HTML, as they are usually found
// on the web, except one that an analyst copied as text.
func chooseFormats(arts []Article) map[string]string {
	formats := map[string]string{}
	var copies []string
	for _, a := range arts {
		if a.CopyOf != "" {
			copies = append(copies, a.ID)
			formats[a.ID] = formatHTML
			continue
		}
		// The salt is versioned: changing it reshuffles every article.
		switch h := idHash("format/v1", a.ID) % 20; {
		case h < 12:
			formats[a.ID] = formatHTML
		case h < 17:
			formats[a.ID] = formatText
		default:
			formats[a.ID] = formatJSONL
		}
	}
	if len(copies) > 0 {
		sortByHash(copies, "copy-as-text")
		formats[copies[0]] = formatText
	}
	topUp(arts, formats, formatText, minText)
	topUp(arts, formats, formatJSONL, minJSONL)
	return formats
}

// topUp moves original HTML articles to format, in the order of a hash of
// their IDs, until at least `least` articles have it.
func topUp(arts []Article, formats map[string]string, format string, least int) {
	n := 0
	var candidates []string
	for _, a := range arts {
		switch {
		case formats[a.ID] == format:
			n++
		case formats[a.ID] == formatHTML && a.CopyOf == "":
			candidates = append(candidates, a.ID)
		}
	}
	sortByHash(candidates, "top-up-"+format)
	for i := 0; n < least && i < len(candidates); i++ {
		formats[candidates[i]] = format
		n++
	}
}

// sortByHash orders IDs by their hash under salt: a deterministic shuffle
// that does not depend on the IDs' positions.
func sortByHash(ids []string, salt string) {
	sort.Slice(ids, func(i, j int) bool {
		hi, hj := idHash(salt, ids[i]), idHash(salt, ids[j])
		if hi != hj {
			return hi < hj
		}
		return ids[i] < ids[j]
	})
}

// roundRobin assigns the IDs, in hash order, to n variants in turn, so that
// every variant is used as soon as there are n IDs.
func roundRobin(ids []string, salt string, n int) map[string]int {
	ids = append([]string(nil), ids...)
	sortByHash(ids, salt)
	out := map[string]int{}
	for i, id := range ids {
		out[id] = i % n
	}
	return out
}

// ---------------------------------------------------------------------------
// Rendering

// render returns every rendered file, keyed by its slash path under pages/.
func render(arts []Article) (map[string][]byte, error) {
	formats := chooseFormats(arts)
	var textIDs, jsonlIDs []string
	for _, a := range arts {
		switch formats[a.ID] {
		case formatText:
			textIDs = append(textIDs, a.ID)
		case formatJSONL:
			jsonlIDs = append(jsonlIDs, a.ID)
		}
	}
	styles := roundRobin(textIDs, "text-style", len(textStyles))
	asHTML := roundRobin(jsonlIDs, "jsonl-html", 2) // 0: full page, 1: clean text

	files := map[string][]byte{}
	var export bytes.Buffer
	enc := json.NewEncoder(&export)
	enc.SetEscapeHTML(false) // exports carry the page as it was, not \u003c
	for _, a := range arts {
		p, err := newPage(a, arts)
		if err != nil {
			return nil, err
		}
		switch formats[a.ID] {
		case formatHTML:
			b, err := renderHTML(p)
			if err != nil {
				return nil, err
			}
			files["html/"+a.ID+".html"] = b
		case formatText:
			files["text/"+a.ID+".txt"] = []byte(textStyles[styles[a.ID]].render(p))
		case formatJSONL:
			rec := jsonlRecord{URL: a.URL(), Title: a.Title, Published: a.Published.String(), Source: a.Outlet.Name, Authors: a.Authors}
			if asHTML[a.ID] == 0 {
				b, err := renderHTML(p)
				if err != nil {
					return nil, err
				}
				rec.HTML = string(b)
			} else {
				rec.Text = a.Text()
			}
			if err := enc.Encode(rec); err != nil {
				return nil, err
			}
		}
	}
	gz, err := gzipBytes(export.Bytes())
	if err != nil {
		return nil, err
	}
	files["jsonl/export.jsonl.gz"] = gz
	return files, nil
}

// jsonlRecord is one line of the export, in the shape source.JSONLRecord
// reads: either the page's HTML or the article's clean text.
type jsonlRecord struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Published string   `json:"published"`
	Source    string   `json:"source"`
	Authors   []string `json:"authors,omitempty"`
	HTML      string   `json:"html,omitempty"`
	Text      string   `json:"text,omitempty"`
}

// gzipBytes compresses b with a fixed header (no name, no modification
// time), so that the same input always gives the same file.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Header = gzip.Header{OS: 255} // 255: unknown OS, the same on every machine
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ---------------------------------------------------------------------------
// The data a page is rendered from

// A page is an article with everything its templates show around it.
type page struct {
	Article
	URL          string
	Paras        []string // Body(): the paragraphs as published, dateline included
	DatelineText string   // "BAGHDAD (Tigris Wire) -", or ""
	First        string   // the first paragraph without its dateline
	Rest         []string // the paragraphs after the first
	Byline       string   // "Layla Karim and Tom Reece"; empty for unsigned stories
	Pub          stamp    // publication time, UTC
	Local        stamp    // the same instant in Baghdad (UTC+3), as regional papers show it
	Eastern      stamp    // the same instant in Washington
	Year         int
	Slug         string // the URL's last segment
	Section      string
	Image        string // relative image path
	Caption      string
	Description  string // the meta description: the lead, cut short
	Related      []link // 3-5 other stories near in time
	ReadMore     *link  // an inline "Read more" link, for templates that use one
	ReadAfter    int    // the paragraph index the inline link follows
	Comments     []comment
	Archive      []stamp // the months before publication, for archive widgets
	JSONLD       template.JS
}

// A stamp is a time and whether its time of day is known: an article
// published "2014-06-10" must not be shown at midnight.
type stamp struct {
	T       time.Time
	HasTime bool
}

// Fmt formats the day with dayLayout and appends the time of day with
// clockLayout when it is known.
func (s stamp) Fmt(dayLayout, clockLayout string) string {
	out := s.T.Format(dayLayout)
	if s.HasTime && clockLayout != "" {
		out += s.T.Format(clockLayout)
	}
	return out
}

// ISO formats the stamp as RFC 3339 in its own zone, or as a bare date.
func (s stamp) ISO() string {
	if !s.HasTime {
		return s.T.Format(time.DateOnly)
	}
	return s.T.Format(time.RFC3339)
}

// DatetimeAttr is the datetime="..." attribute of a <time> element. It is
// built here because html/template would write the "+" of a zone offset as
// "&#43;", which no real site does.
func (s stamp) DatetimeAttr() template.HTMLAttr {
	return template.HTMLAttr(`datetime="` + s.ISO() + `"`) // digits, "-", ":", "T", "+", "Z" only
}

// In returns the same instant in loc; a bare date stays as it is.
func (s stamp) In(loc *time.Location) stamp {
	if !s.HasTime {
		return s // a bare date has no instant to move
	}
	return stamp{s.T.In(loc), true}
}

// A link is another story of the corpus, as headline lists show it.
type link struct {
	Title  string
	URL    string
	Outlet string
	Pub    stamp
}

// A comment is a reader's comment under a story.
type comment struct {
	ID   int // the anchor number comment systems give
	Name string
	Text string
	When stamp
}

var (
	baghdad    = time.FixedZone("+03", 3*3600)
	washington = mustLoadLocation("America/New_York")
)

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in, so this cannot happen
	}
	return loc
}

func newPage(a Article, arts []Article) (*page, error) {
	pub := stamp{a.Published.Time.UTC(), a.Published.HasTime}
	body := a.Body()
	p := &page{
		Article:     a,
		URL:         a.URL(),
		Paras:       body,
		First:       a.Paragraphs[0],
		Rest:        body[1:],
		Byline:      joinNames(a.Authors),
		Pub:         pub,
		Local:       pub.In(baghdad),
		Eastern:     pub.In(washington),
		Year:        pub.T.Year(),
		Slug:        path.Base(a.URL()),
		Section:     section(a.Tags),
		Description: cut(body[0], 155),
	}
	if a.Dateline != "" {
		p.DatelineText = strings.TrimSuffix(body[0], a.Paragraphs[0])
		p.DatelineText = strings.TrimSpace(p.DatelineText)
	}
	p.Image = "/img/" + pub.T.Format("2006/01") + "/" + p.Slug + ".jpg"
	p.Caption = "An undated file photo."
	if a.Dateline != "" {
		p.Caption = place(a.Dateline) + ", in an undated file photo."
	}
	p.Related = relatedStories(a, arts, 3+int(idHash("related", a.ID)%3))
	if len(p.Paras) >= 4 && len(p.Related) > 0 {
		// A mid-article link to another story, as many sites insert after
		// the second paragraph.
		p.ReadMore = &p.Related[len(p.Related)-1]
		p.ReadAfter = 1
	}
	p.Comments = comments(a.ID, pub)
	for i := 1; i <= 6; i++ {
		m := time.Date(pub.T.Year(), pub.T.Month()-time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		p.Archive = append(p.Archive, stamp{T: m})
	}
	ld, err := newsArticleLD(p)
	if err != nil {
		return nil, err
	}
	p.JSONLD = ld
	return p, nil
}

// joinNames writes names as a byline does: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// section is the site section a story is filed under.
func section(tags []string) string {
	for _, t := range tags {
		switch t {
		case "Iraq", "Syria":
			return t
		case "United States":
			return "World"
		}
	}
	return "Middle East"
}

// cut shortens s to at most n bytes at a word boundary, as meta
// descriptions are.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, ",;:") + "…"
}

// place turns a dateline into a caption's place name: "SURUC, Turkey" to
// "Suruc, Turkey".
func place(dateline string) string {
	words := strings.Fields(dateline)
	for i, w := range words {
		if strings.ToUpper(w) == w && len(w) > 1 {
			words[i] = w[:1] + strings.ToLower(w[1:])
		}
	}
	return strings.Join(words, " ")
}

// slug makes a URL path segment from a name: "Layla Karim" to "layla-karim".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// relatedStories picks the n other stories published nearest in time to a,
// one per story: a syndicated copy and its original count as one, and a's
// own story is left out.
func relatedStories(a Article, arts []Article, n int) []link {
	story := func(x Article) string {
		if x.CopyOf != "" {
			return x.CopyOf
		}
		return x.ID
	}
	var others []Article
	for _, o := range arts {
		if story(o) != story(a) {
			others = append(others, o)
		}
	}
	dist := func(o Article) time.Duration {
		d := o.Published.Time.Sub(a.Published.Time)
		if d < 0 {
			d = -d
		}
		return d
	}
	sort.SliceStable(others, func(i, j int) bool {
		di, dj := dist(others[i]), dist(others[j])
		if di != dj {
			return di < dj
		}
		return others[i].ID < others[j].ID
	})
	var out []link
	seen := map[string]bool{}
	for _, o := range others {
		if len(out) == n {
			break
		}
		if seen[story(o)] {
			continue
		}
		seen[story(o)] = true
		out = append(out, link{
			Title:  o.Title,
			URL:    o.URL(),
			Outlet: o.Outlet.Name,
			Pub:    stamp{o.Published.Time.UTC(), o.Published.HasTime},
		})
	}
	return out
}

// newsArticleLD is the schema.org NewsArticle block that modern templates
// put in the head. Unsigned stories credit the outlet, as sites do.
func newsArticleLD(p *page) (template.JS, error) {
	org := map[string]any{
		"@type": "Organization",
		"name":  p.Outlet.Name,
		"logo":  map[string]any{"@type": "ImageObject", "url": "https://" + p.Outlet.Domain + "/img/logo.png"},
	}
	var author any = map[string]any{"@type": "Organization", "name": p.Outlet.Name}
	if len(p.Authors) > 0 {
		var people []map[string]any
		for _, name := range p.Authors {
			people = append(people, map[string]any{
				"@type": "Person",
				"name":  name,
				"url":   "https://" + p.Outlet.Domain + "/authors/" + slug(name),
			})
		}
		author = people
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         p.Title,
		"description":      p.Description,
		"datePublished":    p.Pub.ISO(),
		"dateModified":     p.Pub.ISO(),
		"author":           author,
		"publisher":        org,
		"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": p.URL},
		"image":            []string{"https://" + p.Outlet.Domain + p.Image},
		"articleSection":   p.Section,
		"keywords":         p.Tags,
		"inLanguage":       "en",
	}
	// json.Marshal escapes <, > and &, so the block cannot close its script
	// element whatever a headline says.
	b, err := json.Marshal(ld)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// ---------------------------------------------------------------------------
// Reader comments

// commenters are invented readers' names.
var commenters = []string{
	"Abu Omar", "Sara M.", "kirkuk_reader", "J. Whitfield", "Dara K.", "veteran_88", "Nadia",
	"Hassan from Basra", "oldhand", "Mike T.", "Rojin", "peacewatcher", "Layth A.", "Ellen P.",
}

// commentBank holds short generic reader comments, written for this corpus.
var commentBank = []string{
	"Thank you for the clear reporting. Hard to find this anywhere else.",
	"Where were the commanders? Somebody has to answer for this.",
	"My family is still there and we have not heard from them since yesterday.",
	"None of this is surprising to anyone who has been watching the region.",
	"Good piece, but it would help to hear what the other side says.",
	"Thinking of the civilians caught in the middle of all this.",
	"How many times do we have to read the same story before something changes?",
	"Interesting detail about the timing. I had not seen that reported before.",
	"Who is paying for all of this? Nobody ever asks.",
	"Excellent summary. Sharing it with my students.",
	"The politicians argue and ordinary people pay, as always.",
	"I served near there years ago. Sad to see it come to this.",
	"Can you follow up on what happens to the displaced families?",
	"This deserves far more attention than it is getting.",
	"A balanced report, thank you.",
	"The numbers here do not match what I read elsewhere this morning.",
	"History will judge the decisions made this week.",
	"Stay safe, to all the reporters on the ground.",
	"Not sure the headline matches the story, but the reporting is solid.",
	"This is what happens when nobody plans for the day after.",
	"Any word on how the neighbouring countries are reacting?",
	"Well written. Looking forward to the follow-up.",
	"I hope the people responsible are held to account.",
	"Finally some facts instead of speculation.",
	"The region needs less outside interference, not more.",
	"Same mistakes, different decade.",
}

// rng is SplitMix64. It is used instead of math/rand because its output for
// a seed is fixed by the algorithm here, not by a Go release.
type rng struct{ state uint64 }

func newRNG(salt, id string) *rng { return &rng{idHash(salt, id)} }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// pick returns k distinct indexes below n (a partial Fisher-Yates shuffle).
func (r *rng) pick(n, k int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := 0; i < k; i++ {
		j := i + r.intn(n-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx[:k]
}

// comments gives a story 3-6 reader comments, posted over the day or so
// after publication.
func comments(id string, pub stamp) []comment {
	r := newRNG("comments", id)
	n := 3 + r.intn(4)
	names := r.pick(len(commenters), n)
	texts := r.pick(len(commentBank), n)
	when := pub.T
	if !pub.HasTime {
		when = when.Add(12 * time.Hour)
	}
	out := make([]comment, n)
	for i := range out {
		when = when.Add(time.Duration(25+r.intn(300)) * time.Minute)
		out[i] = comment{
			ID:   10000 + r.intn(90000),
			Name: commenters[names[i]],
			Text: commentBank[texts[i]],
			When: stamp{when, true},
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// HTML pages

var templateFuncs = template.FuncMap{
	"slug": slug,
	"inc":  func(i int) int { return i + 1 },
	"join": strings.Join,
	// sep is the separator before the i-th of n names in a byline.
	"sep": func(i, n int) string {
		switch {
		case i == 0:
			return ""
		case i == n-1:
			return " and "
		}
		return ", "
	},
}

// outletTemplates are the seven sites, parsed once.
var outletTemplates = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for id, src := range outletHTML {
		out[id] = template.Must(template.New(id).Funcs(templateFuncs).Parse(src))
	}
	return out
}()

func renderHTML(p *page) ([]byte, error) {
	tmpl, ok := outletTemplates[p.Outlet.ID]
	if !ok {
		return nil, fmt.Errorf("%s: no template for outlet %q", p.ID, p.Outlet.ID)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("%s: %v", p.ID, err)
	}
	return buf.Bytes(), nil
}

// outletHTML holds one template per outlet, each in the style of a
// different kind and generation of news site. They declare the publication
// date in different ways on purpose (JSON-LD, meta tags, <time>, microformat,
// visible text only), since extraction must cope with all of them.
var outletHTML = map[string]string{
	"tigris-wire":        tigrisWireHTML,
	"euphrates-post":     euphratesPostHTML,
	"gulf-monitor":       gulfMonitorHTML,
	"capitol-dispatch":   capitolDispatchHTML,
	"levant-daily":       levantDailyHTML,
	"kurdistan-observer": kurdistanObserverHTML,
	"frontline-report":   frontlineReportHTML,
}

// tigrisWireHTML is a wire agency's story page: Open Graph and
// article:published_time meta tags, a div.story-body, a "Read more" list and
// a cookie banner left in the saved page.
const tigrisWireHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} | {{.Outlet.Name}}</title>
<meta name="description" content="{{.Description}}">
{{- if .Authors}}
<meta name="author" content="{{join .Authors ", "}}">
{{- end}}
<meta property="og:type" content="article">
<meta property="og:site_name" content="{{.Outlet.Name}}">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Description}}">
<meta property="og:url" content="{{.URL}}">
<meta property="og:image" content="https://{{.Outlet.Domain}}{{.Image}}">
<meta property="article:published_time" content="{{.Pub.ISO}}">
<meta property="article:section" content="{{.Section}}">
{{- range .Tags}}
<meta property="article:tag" content="{{.}}">
{{- end}}
<link rel="canonical" href="{{.URL}}">
<link rel="stylesheet" href="/static/css/story.css">
<link rel="icon" href="/favicon.ico">
</head>
<body class="story-page">
<div class="site-header">
  <div class="header-inner">
    <a class="logo" href="/">TIGRIS WIRE</a>
    <ul class="nav">
      <li><a href="/world/">World</a></li>
      <li><a href="/world/middle-east/">Middle East</a></li>
      <li><a href="/business/">Business</a></li>
      <li><a href="/markets/">Markets</a></li>
      <li><a href="/business/energy/">Energy</a></li>
      <li><a href="/pictures/">Pictures</a></li>
      <li><a href="/video/">Video</a></li>
    </ul>
    <form class="search" action="/search" method="get"><input type="search" name="q" placeholder="Search Tigris Wire"></form>
  </div>
</div>
<div class="container">
  <div class="story">
    <div class="story-header">
      <p class="kicker"><a href="/world/middle-east/">{{.Section}}</a></p>
      <h1 class="story-title">{{.Title}}</h1>
      <div class="story-meta">
        {{- if .Authors}}
        <p class="byline">By {{.Byline}}</p>
        {{- end}}
        <p class="timestamp">{{.Pub.Fmt "January 2, 2006" " 3:04 PM"}}{{if .Pub.HasTime}} GMT{{end}}</p>
        <p class="read-time">4 Min Read</p>
      </div>
    </div>
    <div class="story-body">
      <p>{{if .DatelineText}}<span class="dateline">{{.DatelineText}}</span> {{end}}{{.First}}</p>
      {{- range .Rest}}
      <p>{{.}}</p>
      {{- end}}
    </div>
    <p class="trust-line">Our Standards: <a href="/trust-principles">The Tigris Wire Trust Principles.</a></p>
    <div class="share-tools">
      <a class="share-email" href="mailto:?subject={{.Title}}&amp;body={{.URL}}">Email</a>
      <a class="share-x" href="/share?network=x&amp;url={{.URL}}">X</a>
      <a class="share-linkedin" href="/share?network=linkedin&amp;url={{.URL}}">LinkedIn</a>
    </div>
  </div>
  <div class="read-more">
    <h3>Read more</h3>
    <ul>
      {{- range .Related}}
      <li><a href="{{.URL}}">{{.Title}}</a></li>
      {{- end}}
    </ul>
  </div>
</div>
<div class="site-footer">
  <ul class="footer-links">
    <li><a href="/about/">About Tigris Wire</a></li>
    <li><a href="/careers/">Careers</a></li>
    <li><a href="/terms/">Terms of Use</a></li>
    <li><a href="/privacy/">Privacy</a></li>
    <li><a href="/accessibility/">Accessibility</a></li>
  </ul>
  <p class="copyright">All quotes delayed a minimum of 15 minutes. &copy; {{.Year}} Tigris Wire. All rights reserved.</p>
</div>
<div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies to give you the best experience on our website and to measure how it is used. You can change your settings at any time.</p>
  <button class="cookie-accept">Accept all cookies</button>
  <button class="cookie-settings">Manage settings</button>
</div>
<script src="/static/js/story.js" defer></script>
</body>
</html>
`

// euphratesPostHTML is a modern newspaper site: header navigation, an
// <article> with <time datetime>, JSON-LD, a lead photo, a share bar, an
// inline "Read more" link, a "Related" aside, comments and a footer.
const euphratesPostHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} | {{.Outlet.Name}}</title>
<meta name="description" content="{{.Description}}">
<link rel="canonical" href="{{.URL}}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{{.Outlet.Name}}">
<meta property="og:title" content="{{.Title}}">
<meta property="og:url" content="{{.URL}}">
<meta property="og:image" content="https://{{.Outlet.Domain}}{{.Image}}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{{.JSONLD}}</script>
<link rel="preload" href="/assets/fonts/post-serif.woff2" as="font" type="font/woff2" crossorigin>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="masthead">
    <button class="menu-toggle" aria-expanded="false" aria-controls="sections">Menu</button>
    <a class="brand" href="/">{{.Outlet.Name}}</a>
    <a class="btn-subscribe" href="/subscribe">Subscribe</a>
    <a class="sign-in" href="/account/login">Sign in</a>
  </div>
  <nav id="sections" class="primary-nav" aria-label="Sections">
    <ul>
      <li><a href="/world">World</a></li>
      <li><a href="/world/middle-east">Middle East</a></li>
      <li><a href="/politics">Politics</a></li>
      <li><a href="/business">Business</a></li>
      <li><a href="/climate">Climate</a></li>
      <li><a href="/opinion">Opinion</a></li>
      <li><a href="/podcasts">Podcasts</a></li>
    </ul>
  </nav>
</header>
<main id="main" class="layout">
  <article class="story">
    <header class="story__header">
      <a class="story__kicker" href="/world/middle-east">{{.Section}}</a>
      <h1 class="story__headline">{{.Title}}</h1>
      <div class="story__meta">
        {{- if .Authors}}
        <p class="story__byline">By {{range $i, $a := .Authors}}{{sep $i (len $.Authors)}}<a rel="author" href="/authors/{{slug $a}}">{{$a}}</a>{{end}}</p>
        {{- end}}
        <time class="story__date" datetime="{{.Pub.ISO}}">{{.Pub.Fmt "January 2, 2006" " at 3:04 pm"}}</time>
      </div>
      <div class="share-bar" aria-label="Share this story">
        <a class="share share--facebook" href="/share/facebook?u={{.URL}}">Share on Facebook</a>
        <a class="share share--x" href="/share/x?u={{.URL}}">Share on X</a>
        <a class="share share--email" href="mailto:?subject={{.Title}}">Email</a>
        <button class="share share--copy" type="button">Copy link</button>
      </div>
    </header>
    <figure class="story__figure">
      <img src="{{.Image}}" alt="" width="1200" height="675" loading="lazy">
      <figcaption>{{.Caption}} <span class="credit">Photo: {{.Outlet.Name}}</span></figcaption>
    </figure>
    <div class="story__body">
      {{- range $i, $p := .Paras}}
      <p>{{$p}}</p>
      {{- if and $.ReadMore (eq $i $.ReadAfter)}}
      <p class="story__inline-related"><strong>Read more:</strong> <a href="{{$.ReadMore.URL}}">{{$.ReadMore.Title}}</a></p>
      {{- end}}
      {{- end}}
    </div>
    <footer class="story__footer">
      <ul class="story__tags">
        {{- range .Tags}}
        <li><a href="/topics/{{slug .}}">{{.}}</a></li>
        {{- end}}
      </ul>
    </footer>
  </article>
  <aside class="related" aria-labelledby="related-heading">
    <h2 id="related-heading">Related</h2>
    <ul>
      {{- range .Related}}
      <li><a href="{{.URL}}">{{.Title}}</a> <time datetime="{{.Pub.T.Format "2006-01-02"}}">{{.Pub.T.Format "January 2, 2006"}}</time></li>
      {{- end}}
    </ul>
  </aside>
  <section id="comments" class="comments">
    <h2>Comments ({{len .Comments}})</h2>
    <p class="comments__note">Comments are moderated. Please keep the discussion civil and on topic.</p>
    <ul class="comments__list">
      {{- range .Comments}}
      <li class="comment" id="comment-{{.ID}}">
        <div class="comment__author">{{.Name}}</div>
        <time class="comment__time" datetime="{{.When.ISO}}">{{.When.Fmt "January 2, 2006" " 3:04 pm"}}</time>
        <p class="comment__text">{{.Text}}</p>
        <div class="comment__actions"><button type="button">Reply</button> <button type="button">Like</button></div>
      </li>
      {{- end}}
    </ul>
  </section>
</main>
<footer class="site-footer">
  <nav aria-label="Footer">
    <a href="/about">About us</a>
    <a href="/contact">Contact</a>
    <a href="/terms">Terms of use</a>
    <a href="/privacy">Privacy policy</a>
    <a href="/cookies">Cookie settings</a>
  </nav>
  <p>&copy; {{.Year}} {{.Outlet.Name}}. All rights reserved.</p>
</footer>
<script src="/assets/app.js" defer></script>
</body>
</html>
`

// gulfMonitorHTML is an early-2000s site laid out with tables and <font>:
// no canonical link, no machine-readable date, only a visible "Last
// updated" line, and a "Most popular" table in the right column.
const gulfMonitorHTML = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{{.Title}} - {{.Outlet.Name}}</title>
<meta name="keywords" content="{{join .Tags ", "}}">
<link rel="stylesheet" href="/css/gm.css" type="text/css">
<script language="JavaScript" type="text/javascript" src="/js/menu.js"></script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr>
<td colspan="3" bgcolor="#003366"><a href="/index.html"><img src="/images/gm_logo.gif" width="300" height="60" alt="{{.Outlet.Name}}" border="0"></a></td>
</tr>
<tr>
<td colspan="3" bgcolor="#E5E5E5" class="navbar"><font face="Verdana, Arial" size="1"><a href="/index.html">HOME</a> | <a href="/gulf/">GULF</a> | <a href="/iraq/">IRAQ</a> | <a href="/iran/">IRAN</a> | <a href="/world/">WORLD</a> | <a href="/business/">BUSINESS</a> | <a href="/oil/">OIL</a> | <a href="/sport/">SPORT</a> | <a href="/weather/">WEATHER</a></font></td>
</tr>
<tr>
<td width="140" valign="top" bgcolor="#F3F3F3" class="leftnav">
<font face="Verdana, Arial" size="1">
<b>NEWS</b><br>
<a href="/iraq/">Iraq</a><br>
<a href="/syria/">Syria</a><br>
<a href="/gulf/">Gulf States</a><br>
<a href="/iran/">Iran</a><br>
<a href="/world/">World</a><br>
<br>
<b>SERVICES</b><br>
<a href="/archive/">Archive</a><br>
<a href="/subscribe/">E-mail news</a><br>
<a href="/contact.html">Contact us</a><br>
</font>
</td>
<td width="480" valign="top" class="story">
<h1><font face="Georgia, Times New Roman" size="5" color="#003366">{{.Title}}</font></h1>
<font face="Verdana, Arial" size="1" color="#666666">
{{- if .Authors}}By {{.Byline}}<br>{{end}}
Last updated: {{.Pub.Fmt "Monday, 2 January, 2006" ", 15:04 GMT"}}</font>
<br><br>
<font face="Arial, Helvetica, sans-serif" size="2">
{{- range .Paras}}
<p>{{.}}</p>
{{- end}}
</font>
<br>
<font face="Verdana, Arial" size="1"><a href="javascript:window.print()">Printable version</a> | <a href="/cgi-bin/mailstory.pl?id={{.Slug}}">E-mail this story to a friend</a></font>
</td>
<td width="160" valign="top">
<table width="160" border="0" cellpadding="3" cellspacing="0" class="mostpopular">
<tr><td bgcolor="#CC0000"><font face="Verdana, Arial" size="1" color="#FFFFFF"><b>Most popular</b></font></td></tr>
{{- range $i, $r := .Related}}
<tr><td><font face="Verdana, Arial" size="1">{{inc $i}}. <a href="{{$r.URL}}">{{$r.Title}}</a></font></td></tr>
{{- end}}
</table>
<br>
<a href="/ads/click.cgi?id=216"><img src="/ads/banner_160x600.gif" width="160" height="600" border="0" alt="Advertisement"></a>
</td>
</tr>
<tr>
<td colspan="3" align="center" bgcolor="#E5E5E5"><font face="Verdana, Arial" size="1">Copyright &copy; {{.Year}} {{.Outlet.Name}}. All rights reserved. | <a href="/about.html">About us</a> | <a href="/advertise.html">Advertise</a> | <a href="/privacy.html">Privacy</a></font></td>
</tr>
</table>
</body>
</html>
`

// capitolDispatchHTML is a WordPress blog: div.entry-content, an entry
// date in <time> with the Washington offset, sidebar widgets, an
// ol.commentlist and a reply form.
const capitolDispatchHTML = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} - {{.Outlet.Name}}</title>
<link rel="canonical" href="{{.URL}}">
<link rel="alternate" type="application/rss+xml" title="{{.Outlet.Name}} &raquo; Feed" href="/feed/">
<link rel="alternate" type="application/rss+xml" title="{{.Outlet.Name}} &raquo; Comments Feed" href="/comments/feed/">
<link rel="stylesheet" id="dispatch-style-css" href="/wp-content/themes/dispatch/style.css?ver=4.9.8" type="text/css" media="all">
<script type="text/javascript" src="/wp-includes/js/jquery/jquery.js?ver=1.12.4"></script>
<meta name="generator" content="WordPress 4.9.8">
</head>
<body class="post-template-default single single-post single-format-standard">
<div id="page" class="hfeed site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header" role="banner">
  <div class="site-branding">
    <p class="site-title"><a href="/" rel="home">{{.Outlet.Name}}</a></p>
    <p class="site-description">Politics, policy and power in Washington</p>
  </div>
  <nav id="site-navigation" class="main-navigation" role="navigation">
    <button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
    <ul id="primary-menu" class="menu">
      <li class="menu-item"><a href="/category/white-house/">White House</a></li>
      <li class="menu-item"><a href="/category/congress/">Congress</a></li>
      <li class="menu-item"><a href="/category/pentagon/">Pentagon</a></li>
      <li class="menu-item"><a href="/category/foreign-policy/">Foreign Policy</a></li>
      <li class="menu-item"><a href="/category/campaigns/">Campaigns</a></li>
      <li class="menu-item"><a href="/podcast/">Podcast</a></li>
    </ul>
  </nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main" role="main">
<article class="post type-post status-publish format-standard hentry category-foreign-policy">
  <header class="entry-header">
    <h1 class="entry-title">{{.Title}}</h1>
    <div class="entry-meta">
      <span class="posted-on">Posted on <a href="{{.URL}}" rel="bookmark"><time class="entry-date published" datetime="{{.Eastern.ISO}}">{{.Eastern.T.Format "January 2, 2006"}}</time></a></span>
      {{- if .Authors}}
      <span class="byline"> by {{range $i, $a := .Authors}}{{sep $i (len $.Authors)}}<span class="author vcard"><a class="url fn n" href="/author/{{slug $a}}/">{{$a}}</a></span>{{end}}</span>
      {{- end}}
    </div>
  </header>
  <div class="entry-content">
    {{- range .Paras}}
    <p>{{.}}</p>
    {{- end}}
  </div>
  <footer class="entry-footer">
    <span class="cat-links">Posted in <a href="/category/foreign-policy/" rel="category tag">Foreign Policy</a></span>
    <span class="tags-links">Tagged {{range $i, $t := .Tags}}{{if $i}}, {{end}}<a href="/tag/{{slug $t}}/" rel="tag">{{$t}}</a>{{end}}</span>
  </footer>
  <div class="sharedaddy sd-sharing-enabled">
    <h3 class="sd-title">Share this:</h3>
    <ul>
      <li class="share-twitter"><a class="sd-button" href="{{.URL}}?share=twitter" title="Click to share on Twitter"><span>Twitter</span></a></li>
      <li class="share-facebook"><a class="sd-button" href="{{.URL}}?share=facebook" title="Click to share on Facebook"><span>Facebook</span></a></li>
      <li class="share-email"><a class="sd-button" href="{{.URL}}?share=email" title="Click to email this to a friend"><span>Email</span></a></li>
    </ul>
  </div>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">{{len .Comments}} thoughts on &ldquo;{{.Title}}&rdquo;</h2>
  <ol class="commentlist">
    {{- range .Comments}}
    <li class="comment even thread-even depth-1" id="comment-{{.ID}}">
      <article class="comment-body">
        <footer class="comment-meta">
          <div class="comment-author vcard"><img alt="" src="/wp-content/avatars/default-48.png" class="avatar avatar-48" height="48" width="48"><b class="fn">{{.Name}}</b> <span class="says">says:</span></div>
          <div class="comment-metadata"><a href="#comment-{{.ID}}"><time datetime="{{(.When.In $.Eastern.T.Location).ISO}}">{{(.When.In $.Eastern.T.Location).Fmt "January 2, 2006" " at 3:04 pm"}}</time></a></div>
        </footer>
        <div class="comment-content"><p>{{.Text}}</p></div>
        <div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Reply</a></div>
      </article>
    </li>
    {{- end}}
  </ol>
  <div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
    <form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
      <p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
      <p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>
      <p class="comment-form-author"><label for="author">Name *</label><input id="author" name="author" type="text"></p>
      <p class="comment-form-email"><label for="email">Email *</label><input id="email" name="email" type="email"></p>
      <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p>
    </form>
  </div>
</div>
</main>
</div>
<aside id="secondary" class="widget-area" role="complementary">
  <section id="search-2" class="widget widget_search">
    <form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" name="s"></label><input type="submit" class="search-submit" value="Search"></form>
  </section>
  <section id="recent-posts-2" class="widget widget_recent_entries">
    <h2 class="widget-title">Recent Posts</h2>
    <ul>
      {{- range .Related}}
      <li><a href="{{.URL}}">{{.Title}}</a></li>
      {{- end}}
    </ul>
  </section>
  <section id="archives-2" class="widget widget_archive">
    <h2 class="widget-title">Archives</h2>
    <ul>
      {{- range .Archive}}
      <li><a href="/{{.T.Format "2006/01"}}/">{{.T.Format "January 2006"}}</a></li>
      {{- end}}
    </ul>
  </section>
  <section id="categories-2" class="widget widget_categories">
    <h2 class="widget-title">Categories</h2>
    <ul>
      <li class="cat-item"><a href="/category/congress/">Congress</a></li>
      <li class="cat-item"><a href="/category/foreign-policy/">Foreign Policy</a></li>
      <li class="cat-item"><a href="/category/pentagon/">Pentagon</a></li>
      <li class="cat-item"><a href="/category/white-house/">White House</a></li>
    </ul>
  </section>
  <section id="meta-2" class="widget widget_meta">
    <h2 class="widget-title">Meta</h2>
    <ul>
      <li><a href="/wp-login.php">Log in</a></li>
      <li><a href="/feed/">Entries <abbr title="Really Simple Syndication">RSS</abbr></a></li>
      <li><a href="/comments/feed/">Comments <abbr title="Really Simple Syndication">RSS</abbr></a></li>
    </ul>
  </section>
</aside>
</div>
<footer id="colophon" class="site-footer" role="contentinfo">
  <div class="site-info">&copy; {{.Year}} {{.Outlet.Name}}. Proudly powered by WordPress.</div>
</footer>
</div>
<script type="text/javascript" src="/wp-includes/js/wp-embed.min.js?ver=4.9.8"></script>
</body>
</html>
`

// levantDailyHTML is an AMP page: the AMP runtime (served from the site),
// amp-img, amp-sidebar and amp-social-share, and a JSON-LD block with the
// time; the visible date is the day only.
const levantDailyHTML = `<!doctype html>
<html amp lang="en">
<head>
<meta charset="utf-8">
<script async src="/amp/v0.js"></script>
<script async custom-element="amp-sidebar" src="/amp/v0/amp-sidebar-0.1.js"></script>
<script async custom-element="amp-social-share" src="/amp/v0/amp-social-share-0.1.js"></script>
<title>{{.Title}} | {{.Outlet.Name}}</title>
<link rel="canonical" href="{{.URL}}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<script type="application/ld+json">{{.JSONLD}}</script>
<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}@keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}</style><noscript><style amp-boilerplate>body{-webkit-animation:none;animation:none}</style></noscript>
<style amp-custom>body{font-family:Georgia,serif;margin:0;color:#222}.ld-bar{background:#7a1f1f;color:#fff;padding:8px 16px}.ld-logo{color:#fff;font-weight:bold;text-decoration:none}.ld-article{padding:0 16px}.ld-meta{color:#666;font-size:13px}.ld-related li{margin-bottom:8px}.ld-footer{font-size:12px;padding:16px;background:#eee}</style>
</head>
<body>
<header class="ld-bar">
  <button on="tap:sidebar.toggle" class="ld-hamburger" aria-label="Open menu">&#9776;</button>
  <a href="/" class="ld-logo">{{.Outlet.Name}}</a>
</header>
<amp-sidebar id="sidebar" layout="nodisplay" side="left">
  <ul>
    <li><a href="/">Home</a></li>
    <li><a href="/syria">Syria</a></li>
    <li><a href="/lebanon">Lebanon</a></li>
    <li><a href="/iraq">Iraq</a></li>
    <li><a href="/jordan">Jordan</a></li>
    <li><a href="/opinion">Opinion</a></li>
  </ul>
</amp-sidebar>
<main>
  <article class="ld-article">
    <h1>{{.Title}}</h1>
    <div class="ld-meta">{{if .Authors}}<span class="ld-author">By {{.Byline}}</span> &middot; {{end}}<span class="ld-date">{{.Pub.T.Format "2 January 2006"}}</span></div>
    <amp-img src="{{.Image}}" width="1200" height="675" layout="responsive" alt="{{.Title}}"></amp-img>
    {{- range .Paras}}
    <p>{{.}}</p>
    {{- end}}
    <div class="ld-share">
      <amp-social-share type="twitter" width="40" height="40"></amp-social-share>
      <amp-social-share type="facebook" width="40" height="40" data-param-app_id="000000"></amp-social-share>
      <amp-social-share type="whatsapp" width="40" height="40"></amp-social-share>
      <amp-social-share type="email" width="40" height="40"></amp-social-share>
    </div>
  </article>
  <section class="ld-related">
    <h2>More from {{.Outlet.Name}}</h2>
    <ul>
      {{- range .Related}}
      <li><a href="{{.URL}}">{{.Title}}</a></li>
      {{- end}}
    </ul>
  </section>
  <p class="ld-full"><a href="{{.URL}}">View the full version of this page</a></p>
</main>
<footer class="ld-footer">
  <p>&copy; {{.Year}} {{.Outlet.Name}}</p>
  <p><a href="/terms">Terms</a> | <a href="/privacy">Privacy</a> | <a href="/contact">Contact</a></p>
</footer>
</body>
</html>
`

// kurdistanObserverHTML is a regional paper: breadcrumbs, a <time> in
// Baghdad time with its offset, a tag list, an inline "Read more" link, a
// newsletter box and a "Most read" column.
const kurdistanObserverHTML = `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} - {{.Outlet.Name}}</title>
<meta name="description" content="{{.Description}}">
<meta property="og:site_name" content="{{.Outlet.Name}}">
<meta property="og:title" content="{{.Title}}">
<meta property="og:url" content="{{.URL}}">
<meta property="og:image" content="https://{{.Outlet.Domain}}{{.Image}}">
<link rel="stylesheet" href="/assets/css/main.css">
</head>
<body>
<div class="top-strip">
  <a href="/ku/">Kurdî</a>
  <a href="/ar/">العربية</a>
  <a href="/en/">English</a>
  <a class="login" href="/login">Login</a>
</div>
<header class="masthead">
  <a href="/" class="logo"><img src="/assets/img/logo.png" alt="{{.Outlet.Name}}"></a>
</header>
<nav class="main-menu">
  <ul>
    <li><a href="/">Home</a></li>
    <li><a href="/kurdistan">Kurdistan</a></li>
    <li><a href="/iraq">Iraq</a></li>
    <li><a href="/middle-east">Middle East</a></li>
    <li><a href="/economy">Economy</a></li>
    <li><a href="/opinion">Opinion</a></li>
    <li><a href="/culture">Culture</a></li>
    <li><a href="/sport">Sport</a></li>
  </ul>
</nav>
<div class="wrapper">
  <ol class="breadcrumb">
    <li><a href="/">Home</a></li>
    <li><a href="/{{slug .Section}}">{{.Section}}</a></li>
    <li class="active">{{.Title}}</li>
  </ol>
  <div class="row">
    <div class="col-main">
      <article class="news-detail">
        <h1 class="news-title">{{.Title}}</h1>
        <div class="news-info">
          {{- if .Authors}}
          <span class="author">By {{.Byline}}</span>
          {{- end}}
          <span class="date"><i class="icon-clock"></i> <time {{.Local.DatetimeAttr}}>{{.Local.Fmt "02.01.2006" " | 15:04"}}</time></span>
        </div>
        <div class="news-image"><img src="{{.Image}}" alt="{{.Title}}"></div>
        <div class="news-text">
          {{- range $i, $p := .Paras}}
          <p>{{$p}}</p>
          {{- if and $.ReadMore (eq $i $.ReadAfter)}}
          <p class="also-read">Read more: <a href="{{$.ReadMore.URL}}">{{$.ReadMore.Title}}</a></p>
          {{- end}}
          {{- end}}
        </div>
        <div class="news-tags">
          <span>Tags:</span>
          {{- range .Tags}}
          <a href="/tag/{{slug .}}" rel="tag">{{.}}</a>
          {{- end}}
        </div>
        <div class="share">
          <a class="fb" href="/share/facebook?u={{.URL}}">Facebook</a>
          <a class="tw" href="/share/twitter?u={{.URL}}">Twitter</a>
          <a class="wa" href="/share/whatsapp?u={{.URL}}">WhatsApp</a>
          <a class="tg" href="/share/telegram?u={{.URL}}">Telegram</a>
        </div>
      </article>
      <div class="newsletter-box">
        <h3>Get the Observer in your inbox</h3>
        <p>Our editors' pick of the day's news from Kurdistan and Iraq, every morning.</p>
        <form action="/newsletter" method="post"><input type="email" name="email" placeholder="Your email address"><button type="submit">Subscribe</button></form>
      </div>
    </div>
    <aside class="col-side">
      <div class="most-read">
        <h3>Most read</h3>
        <ol>
          {{- range .Related}}
          <li><a href="{{.URL}}">{{.Title}}</a></li>
          {{- end}}
        </ol>
      </div>
      <div class="ad-box"><span>Advertisement</span><img src="/ads/mpu-300x250.jpg" width="300" height="250" alt=""></div>
    </aside>
  </div>
</div>
<footer class="site-footer">
  <ul>
    <li><a href="/about">About us</a></li>
    <li><a href="/contact">Contact</a></li>
    <li><a href="/advertise">Advertise</a></li>
    <li><a href="/privacy">Privacy policy</a></li>
  </ul>
  <p>&copy; {{.Year}} {{.Outlet.Name}}. All rights reserved.</p>
</footer>
</body>
</html>
`

// frontlineReportHTML is a defence blog on an old blogging platform: the
// date in an hAtom <abbr class="published">, labels, share links, an author
// bio box, threaded comments and a long sidebar.
const frontlineReportHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}} | {{.Outlet.Name}}</title>
<link rel="canonical" href="{{.URL}}">
<meta property="og:url" content="{{.URL}}">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Description}}">
<link rel="alternate" type="application/atom+xml" title="{{.Outlet.Name}} - Atom" href="/feeds/posts/default">
<link rel="stylesheet" href="/static/blog.css">
</head>
<body>
<div id="outer-wrapper">
<div id="header">
  <div class="blog-title"><a href="/">{{.Outlet.Name}}</a></div>
  <p class="description">Defence, security and the wars of the Middle East, from people who have been there.</p>
</div>
<div id="nav"><a href="/">Home</a> | <a href="/p/about.html">About</a> | <a href="/p/archive.html">Archive</a> | <a href="/p/write-for-us.html">Write for us</a> | <a href="/p/contact.html">Contact</a></div>
<div id="main-wrapper">
  <div class="date-header"><span>{{.Pub.T.Format "Monday, January 2, 2006"}}</span></div>
  <div class="post hentry">
    <h1 class="post-title entry-title">{{.Title}}</h1>
    <div class="post-header">
      {{- if .Authors}}<span class="post-author vcard">Posted by <span class="fn">{{.Byline}}</span></span>{{end}}
      {{- if .Pub.HasTime}}
      <span class="post-timestamp">at <abbr class="published" title="{{.Pub.ISO}}">{{.Pub.T.Format "15:04"}}</abbr></span>
      {{- end}}
    </div>
    <div class="post-body entry-content">
      {{- range .Paras}}
      <p>{{.}}</p>
      {{- end}}
    </div>
    <div class="post-footer">
      <span class="post-labels">Labels: {{range $i, $t := .Tags}}{{if $i}}, {{end}}<a href="/search/label/{{$t}}" rel="tag">{{$t}}</a>{{end}}</span>
      <div class="post-share-buttons">
        <a class="share-button sb-email" href="/share-post?target=email&amp;url={{.URL}}" title="Email This">Email This</a>
        <a class="share-button sb-blog" href="/share-post?target=blog&amp;url={{.URL}}" title="BlogThis!">BlogThis!</a>
        <a class="share-button sb-x" href="/share-post?target=x&amp;url={{.URL}}" title="Share to X">Share to X</a>
        <a class="share-button sb-facebook" href="/share-post?target=facebook&amp;url={{.URL}}" title="Share to Facebook">Share to Facebook</a>
      </div>
    </div>
    {{- range .Authors}}
    <div class="author-bio">
      <img src="/img/authors/{{slug .}}.jpg" width="80" height="80" alt="{{.}}">
      <h4>About {{.}}</h4>
      <p>{{.}} writes about land and air operations in Iraq and Syria for {{$.Outlet.Name}}. Views are the author's own.</p>
    </div>
    {{- end}}
  </div>
  <div class="comments" id="comments">
    <h4>{{len .Comments}} comments:</h4>
    <dl id="comments-block">
      {{- range .Comments}}
      <dt class="comment-author" id="c{{.ID}}">{{.Name}} said...</dt>
      <dd class="comment-body"><p>{{.Text}}</p></dd>
      <dd class="comment-footer"><span class="comment-timestamp"><a href="#c{{.ID}}">{{.When.Fmt "2 January 2006" " at 15:04"}}</a></span></dd>
      {{- end}}
    </dl>
    <p class="comment-footer"><a href="/comment/post?url={{.URL}}">Post a Comment</a></p>
  </div>
  <div class="blog-pager" id="blog-pager">
    <a class="blog-pager-newer-link" href="/search?updated-min={{.Pub.T.Format "2006-01-02"}}">Newer Post</a>
    <a class="blog-pager-older-link" href="/search?updated-max={{.Pub.T.Format "2006-01-02"}}">Older Post</a>
    <a class="home-link" href="/">Home</a>
  </div>
</div>
<div id="sidebar-wrapper">
  <div class="widget Text">
    <h2>About this blog</h2>
    <p>{{.Outlet.Name}} is written by former soldiers, analysts and reporters who have covered the wars in Iraq and Syria. We publish analysis, not press releases.</p>
  </div>
  <div class="widget Subscribe">
    <h2>Subscribe To</h2>
    <ul><li><a href="/feeds/posts/default">Posts (Atom)</a></li><li><a href="/feeds/comments/default">Comments (Atom)</a></li></ul>
  </div>
  <div class="widget PopularPosts">
    <h2>Popular Posts</h2>
    <ul>
      {{- range .Related}}
      <li><a href="{{.URL}}">{{.Title}}</a></li>
      {{- end}}
    </ul>
  </div>
  <div class="widget BlogArchive">
    <h2>Blog Archive</h2>
    <ul>
      {{- range .Archive}}
      <li><a href="/{{.T.Format "2006/01"}}/">{{.T.Format "January 2006"}}</a></li>
      {{- end}}
    </ul>
  </div>
  <div class="widget Label">
    <h2>Labels</h2>
    <ul>
      <li><a href="/search/label/Air%20power">Air power</a></li>
      <li><a href="/search/label/Drones">Drones</a></li>
      <li><a href="/search/label/Iran">Iran</a></li>
      <li><a href="/search/label/Iraq">Iraq</a></li>
      <li><a href="/search/label/Islamic%20State">Islamic State</a></li>
      <li><a href="/search/label/Militias">Militias</a></li>
      <li><a href="/search/label/Special%20operations">Special operations</a></li>
      <li><a href="/search/label/Syria">Syria</a></li>
      <li><a href="/search/label/US%20forces">US forces</a></li>
    </ul>
  </div>
  <div class="widget BlogList">
    <h2>Blogs and sites we read</h2>
    <ul>
      <li><a href="https://tigriswire.example/">Tigris Wire</a></li>
      <li><a href="https://kurdistanobserver.example/">Kurdistan Observer</a></li>
      <li><a href="https://levantdaily.example/">Levant Daily</a></li>
      <li><a href="https://strategydesk.example/">The Strategy Desk</a></li>
    </ul>
  </div>
  <div class="widget Text">
    <h2>Disclaimer</h2>
    <p>The views expressed here are those of the authors alone and do not reflect those of any government or armed force.</p>
  </div>
</div>
<div id="footer">Copyright &copy; {{.Year}} {{.Outlet.Name}}. Powered by Blogger.</div>
</div>
</body>
</html>
`

// ---------------------------------------------------------------------------
// Plain text pages

// textStyles are the ways an analyst ends up with an article as plain text.
var textStyles = []struct {
	name   string
	render func(p *page) string
}{
	{"desktop", desktopText},
	{"mobile", mobileText},
	{"print", printText},
	{"newsletter", newsletterText},
	{"reader", readerText},
}

// textBuf collects the lines of a text page.
type textBuf struct{ strings.Builder }

func (b *textBuf) line(lines ...string) {
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// body writes the paragraphs separated by blank lines, framed by blank lines.
func (b *textBuf) body(paras []string) {
	for _, p := range paras {
		b.line("", p)
	}
	b.line("")
}

// desktopText is a select-all copy of a desktop page: the skip link and the
// menu, one item per line, then the story, share links, related stories,
// comments and the footer.
func desktopText(p *page) string {
	var b textBuf
	b.line("Skip to content", p.Outlet.Name, "Home", "World", "Middle East", "Politics", "Business", "Opinion", "Search", "Subscribe", "")
	b.line(p.Section, p.Title, "")
	if p.Byline != "" {
		b.line("By " + p.Byline)
	}
	b.line("Published "+p.Pub.T.Format("2 January 2006"), "", "Share on Facebook", "Tweet", "Email")
	b.body(p.Paras)
	b.line("Related stories")
	for _, r := range p.Related[:min(3, len(p.Related))] {
		b.line(r.Title + " - " + r.Outlet + " - " + r.Pub.T.Format("January 2, 2006"))
	}
	b.line("", fmt.Sprintf("%d Comments", len(p.Comments)))
	for _, c := range p.Comments {
		b.line("", c.Name, c.When.Fmt("January 2, 2006", " at 3:04 pm"), c.Text, "Reply")
	}
	b.line("", "© "+fmt.Sprint(p.Year)+" "+p.Outlet.Name+". All rights reserved.", "Terms | Privacy | Contact")
	return b.String()
}

// mobileText is copied from a phone browser: the app prompt, a bare menu
// button, the byline as the names alone, a US-style date and time.
func mobileText(p *page) string {
	var b textBuf
	b.line("Open in app", p.Outlet.Name, "Menu", "Sign in", "", p.Title, "")
	if p.Byline != "" {
		b.line(p.Byline)
	}
	b.line(p.Pub.Fmt("January 2, 2006", " 3:04 PM"))
	b.body(p.Paras)
	b.line("Share", "Tweet", "Email", "", "More from "+p.Outlet.Name)
	for _, r := range p.Related[:min(3, len(p.Related))] {
		b.line("• " + r.Title)
	}
	b.line("", fmt.Sprintf("%d Comments", len(p.Comments)))
	for _, c := range p.Comments {
		b.line(c.Name, c.Text)
	}
	b.line("", "© "+fmt.Sprint(p.Year)+" "+p.Outlet.Name, "Terms | Privacy | Contact")
	return b.String()
}

// printText is a site's print view saved as text: the address at the top,
// a day.month.year date, the tags, and the page count at the bottom.
func printText(p *page) string {
	var b textBuf
	b.line(p.URL, "", p.Outlet.Name, "", p.Title)
	if p.Byline != "" {
		b.line("By " + p.Byline)
	}
	b.line(p.Pub.Fmt("02.01.2006", " | 15:04"))
	b.body(p.Paras)
	b.line("Tags: "+strings.Join(p.Tags, ", "), "")
	b.line("Copyright © "+fmt.Sprint(p.Year)+" "+p.Outlet.Name+". All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", "Page 1 of 1")
	return b.String()
}

// newsletterText is a newsletter email saved as text: mail headers, the
// browser link, a greeting, the story, a list of other stories and the
// subscription footer.
func newsletterText(p *page) string {
	var b textBuf
	b.line("Subject: "+p.Outlet.Name+" Evening Briefing: "+p.Title,
		"From: "+p.Outlet.Name+" <newsletter@"+p.Outlet.Domain+">",
		"Date: "+p.Pub.T.Format("Mon, 02 Jan 2006 15:04:05 -0700"),
		"To: reader@mail.example", "",
		"View this email in your browser", "",
		strings.ToUpper(p.Outlet.Name)+" | EVENING BRIEFING", "",
		"Good evening. Here is the story our editors are following tonight.", "",
		p.Title)
	if p.Byline != "" {
		b.line("By " + p.Byline)
	}
	b.body(p.Paras)
	b.line("Read it on our website: "+p.URL, "", "Related stories")
	for _, r := range p.Related[:min(3, len(p.Related))] {
		b.line("• " + r.Title)
	}
	b.line("", "Forward this email to a friend",
		"You are receiving this email because you signed up for the "+p.Outlet.Name+" Evening Briefing.",
		"Unsubscribe | Manage preferences",
		"© "+fmt.Sprint(p.Year)+" "+p.Outlet.Name+", all rights reserved.",
		"Terms | Privacy | Contact")
	return b.String()
}

// readerText is an item copied out of a feed reader: the reader's own
// chrome, the feed name, an RSS-style date and the item actions.
func readerText(p *page) string {
	var b textBuf
	b.line("All articles", "Today", "Saved for later", "", p.Outlet.Name+" - Top stories", "", p.Title, p.Outlet.Name)
	if p.Byline != "" {
		b.line("by " + p.Byline)
	}
	b.line(p.Pub.Fmt("Mon, 02 Jan 2006", " 15:04 GMT"))
	b.body(p.Paras)
	b.line("Visit website", "Share", "Email", "Save for later", "Mark as unread")
	if len(p.Related) > 0 {
		b.line("", "Next in "+p.Outlet.Name+" - Top stories", p.Related[0].Title)
	}
	return b.String()
}
