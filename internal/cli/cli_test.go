package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/corpus"
)

// run runs the command line in-process and returns its output and error.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot(strings.NewReader(stdin), &out, &errOut)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// copyCorpus writes the rendered sample corpus into dir.
func copyCorpus(t *testing.T, dir string) {
	t.Helper()
	fsys := corpus.Pages()
	for _, sub := range []string{"html", "text", "jsonl"} {
		entries, err := os.ReadDir(filepath.Join("..", "corpus", "pages", sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := fs.ReadFile(fsys, sub+"/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, sub, e.Name())
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestIngestSearchShow(t *testing.T) {
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	copyCorpus(t, pages)
	// Bad inputs next to good ones: each is reported, none stops the batch.
	bad := map[string][]byte{
		"empty.html":         nil,
		"binary.txt":         {0x89, 'P', 'N', 'G', 0, 0, 0, 1, 2, 3},
		"invalid.txt":        []byte("Officials in Mosul said the \xff\xfe road was reopened on Tuesday after two weeks."),
		"nobody.html":        []byte("<html><head><title>Nothing here</title></head></html>"),
		"truncated.jsonl.gz": truncated(gzipped(t, numberedLines(40))),
		"malformed.jsonl":    []byte(`{"text":"A fine line about Kirkuk, where police reported a quiet night."}` + "\n" + `{"text": nope}` + "\n"),
	}
	for name, b := range bad {
		os.WriteFile(filepath.Join(pages, name), b, 0o644)
	}
	db := filepath.Join(dir, "test.db")

	_, stderr, err := run(t, "", "ingest", "--db", db, pages)
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	for _, want := range []string{"empty.html: empty input", "binary.txt: binary content", "nobody.html: no article text found",
		"truncated.jsonl.gz:", "malformed.jsonl:2: invalid JSON"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("report lacks %q:\n%s", want, stderr)
		}
	}
	stored := 57 + 2 + truncatedLines
	if !strings.Contains(stderr, fmt.Sprintf("ingested %d new, 0 already stored, 5 failed", stored)) {
		// The corpus, invalid.txt (repaired), the good JSONL line and the
		// complete lines of the truncated archive.
		t.Errorf("summary:\n%s", stderr)
	}

	// Ingesting again adds nothing.
	_, stderr, err = run(t, "", "ingest", "--db", db, pages)
	if err != nil || !strings.Contains(stderr, fmt.Sprintf("ingested 0 new, %d already stored", stored)) {
		t.Fatalf("second ingest: %v\n%s", err, stderr)
	}

	out, _, err := run(t, "", "search", "--db", db, "--json", "--limit", "3", `"Ain al-Asad"`)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("search gave %d results:\n%s", len(lines), out)
	}
	var hit struct {
		ID      string `json:"id"`
		Title   string `json:"title"`
		Snippet string `json:"snippet"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &hit); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hit.Snippet, "**Ain al-Asad**") && !strings.Contains(hit.Snippet, "**Ain** **al-Asad**") {
		t.Errorf("snippet %q does not mark the phrase", hit.Snippet)
	}

	out, _, err = run(t, "", "show", "--db", db, hit.ID[:6])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "title:") || !strings.Contains(out, hit.Title) {
		t.Errorf("show:\n%s", out)
	}
	if _, _, err := run(t, "", "show", "--db", db, "0000000000000000"); err == nil {
		t.Error("show of an unknown ID succeeded")
	}
	if _, _, err := run(t, "", "search", "--db", filepath.Join(dir, "missing.db"), "Mosul"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("search in a missing database: %v", err)
	}
}

// numberedLines returns n distinct JSONL documents.
func numberedLines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"text":"Report %d: rockets struck near the airport in Erbil late on Monday, officials said."}`+"\n", i)
	}
	return b.String()
}

// truncatedLines is how many complete lines truncated keeps.
var truncatedLines int

// truncated cuts a gzip stream in the middle, as an interrupted download
// does, and records how many complete lines survive.
func truncated(b []byte) []byte {
	cut := b[:len(b)*2/3]
	zr, err := gzip.NewReader(bytes.NewReader(cut))
	if err == nil {
		part, _ := io.ReadAll(zr)
		truncatedLines = strings.Count(string(part), "\n")
	}
	return cut
}

func gzipped(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestIngestNothingFails(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	_, stderr, err := run(t, "", "ingest", "--db", filepath.Join(dir, "x.db"), dir)
	if err == nil {
		t.Fatalf("ingesting only an empty file succeeded:\n%s", stderr)
	}
	// One good file and one bad: success, unless --strict.
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Police in Basra said protesters gathered outside the provincial council on Friday."), 0o644)
	if _, stderr, err := run(t, "", "ingest", "--db", filepath.Join(dir, "y.db"), dir); err != nil {
		t.Fatalf("one good input: %v\n%s", err, stderr)
	}
	if _, _, err := run(t, "", "ingest", "--strict", "--db", filepath.Join(dir, "z.db"), dir); err == nil {
		t.Fatal("--strict with a failed input succeeded")
	}
}

// TestExtractShape checks extract's output: one JSON object per document,
// in input order, with every documented key.
func TestExtractShape(t *testing.T) {
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	copyCorpus(t, pages)
	out, stderr, err := run(t, "", "extract", "--workers", "4", filepath.Join(pages, "html"), filepath.Join(pages, "text"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	htmlFiles, _ := os.ReadDir(filepath.Join(pages, "html"))
	textFiles, _ := os.ReadDir(filepath.Join(pages, "text"))
	if len(lines) != len(htmlFiles)+len(textFiles) {
		t.Fatalf("%d lines for %d files", len(lines), len(htmlFiles)+len(textFiles))
	}
	keys := []string{"id", "url", "title", "published", "source", "authors", "language", "text", "links", "events", "quantities", "places", "actors", "story", "duplicate_of", "problems"}
	for i, line := range lines {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for _, k := range keys {
			if _, ok := rec[k]; !ok {
				t.Errorf("line %d lacks %q", i+1, k)
			}
		}
		if len(rec) != len(keys) {
			t.Errorf("line %d has %d keys, want %d", i+1, len(rec), len(keys))
		}
	}
	// Input order: the first line is the first HTML file.
	var first struct {
		Title string `json:"title"`
	}
	json.Unmarshal([]byte(lines[0]), &first)
	arts, _ := corpus.Articles()
	firstID := strings.TrimSuffix(htmlFiles[0].Name(), ".html")
	for _, a := range arts {
		if a.ID == firstID && a.Title != first.Title {
			t.Errorf("first line is %q, want the first file's article %q", first.Title, a.Title)
		}
	}
}

func TestExtractStdinAndFlags(t *testing.T) {
	text := "Iraqi forces reopened the road between Kirkuk and Tikrit on Monday, a police officer said.\n"
	out, _, err := run(t, text, "extract", "--published", "2017-10-20", "--source", "Desk notes", "-")
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Published string   `json:"published"`
		Source    string   `json:"source"`
		Text      string   `json:"text"`
		Problems  []any    `json:"problems"`
		Authors   []string `json:"authors"`
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rec.Published != "2017-10-20" || rec.Source != "Desk notes" || rec.Text != strings.TrimSpace(text) || rec.Authors == nil || rec.Problems == nil {
		t.Errorf("record %+v", rec)
	}
	if _, _, err := run(t, "", "extract", "--published", "20 October", "-"); err == nil {
		t.Error("a malformed --published was accepted")
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	out, _, err := run(t, "", "demo", "--no-serve", "--db", filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ingested 57 new", "57 documents, published 2014", "8 copies of earlier documents", `$ sitrep search`, "Try:"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
}

func TestEventsCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	text := "BAGHDAD - Kataib Hezbollah fired rockets at US troops at Ain al-Asad on Monday. The Pentagon may send more troops to Iraq, officials said.\n"
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := run(t, "", "ingest", "--db", db, "--published", "2020-01-06", filepath.Join(dir, "a.txt")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, err := run(t, "", "events", "--db", db, "--modality", "possible", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var ev struct {
		Type, Modality string
		Claimant       *string
		Sentence       string
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &ev); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if ev.Type != "MOBILIZE" || ev.Modality != "possible" || ev.Claimant == nil || *ev.Claimant != "officials" || !strings.Contains(ev.Sentence, "Pentagon may send") {
		t.Errorf("possible events: %s", out)
	}
	out, _, err = run(t, "", "events", "--db", db, "--actor", "kataib", "--format", "csv")
	if err != nil || !strings.Contains(out, "ASSAULT") || strings.Contains(out, "MOBILIZE") {
		t.Errorf("events --actor kataib: %v\n%s", err, out)
	}
	if _, _, err := run(t, "", "events", "--db", db, "--type", "BOMBING"); err == nil || !strings.Contains(err.Error(), "not a PLOVER type") {
		t.Errorf("bad --type: %v", err)
	}
	if _, _, err := run(t, "", "events", "--db", db, "--since", "last week"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("bad --since: %v", err)
	}
}

func TestQuantitiesCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	text := "A car bomb killed at least 43 people in Baghdad on Monday, police said. The Pentagon will deploy up to 275 troops to Iraq.\n"
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := run(t, "", "ingest", "--db", db, "--published", "2020-01-06", filepath.Join(dir, "a.txt")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, err := run(t, "", "quantities", "--db", db, "--role", "fatalities", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var q struct {
		Value     float64
		Low, High *float64
		Unit      string
		Role      *string
		EventType *string `json:"event_type"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &q); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if q.Value != 43 || q.Low == nil || *q.Low != 43 || q.High != nil || q.Unit != "people" || q.EventType == nil || *q.EventType != "ASSAULT" {
		t.Errorf("fatalities: %s", out)
	}
	out, _, err = run(t, "", "quantities", "--db", db, "--unit", "troops")
	if err != nil || !strings.Contains(out, "up to 275 troops") || !strings.Contains(out, "size of MOBILIZE") {
		t.Errorf("quantities --unit troops: %v\n%s", err, out)
	}
	out, _, err = run(t, "", "events", "--db", db, "--type", "ASSAULT")
	if err != nil || !strings.Contains(out, "killed 43") {
		t.Errorf("events should show the toll: %v\n%s", err, out)
	}
	if _, _, err := run(t, "", "quantities", "--db", db, "--role", "dead"); err == nil || !strings.Contains(err.Error(), "--role") {
		t.Errorf("bad --role: %v", err)
	}
}

func TestGazetteerImport(t *testing.T) {
	dir := t.TempDir()
	geo := filepath.Join(dir, "geo.txt")
	// Two made-up GeoNames lines: a town in Iraq, one in France.
	lines := "1\tSamplabad\tSamplabad\tSampla Town\t36.5\t43.25\tP\tPPL\tIQ\t\t05\t\t\t\t25000\t\t200\tAsia/Baghdad\t2024-01-01\n" +
		"2\tExempleville\tExempleville\t\t48.0\t2.0\tP\tPPL\tFR\t\t\t\t\t\t8000\t\t\t\t2024-01-01\n"
	if err := os.WriteFile(geo, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "places.txt")
	if _, stderr, err := run(t, "", "gazetteer", "import", geo, "--country", "IQ", "--out", out); err != nil || !strings.Contains(stderr, "1 places written") {
		t.Fatalf("import: %v %s", err, stderr)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "Samplabad; Sampla Town\n    town 36.5000 43.2500 IRQ 3 -") || strings.Contains(string(b), "Exempleville") {
		t.Errorf("wrote:\n%s", b)
	}
	text := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(text, []byte("Gunmen attacked a checkpoint in Sampla Town on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := run(t, "", "extract", "--places", out, text)
	if err != nil || !strings.Contains(stdout, `"name":"Samplabad"`) {
		t.Errorf("extract with the imported places: %v\n%s", err, stdout)
	}
	if _, _, err := run(t, "", "gazetteer", "import", filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestUserLexicons(t *testing.T) {
	dir := t.TempDir()
	actors := filepath.Join(dir, "actors.txt")
	triggers := filepath.Join(dir, "triggers.txt")
	os.WriteFile(actors, []byte("Sons of the Desert Brigade; SDB\n    IRQREBSUN 2019.. a tribal militia\n"), 0o644)
	os.WriteFile(triggers, []byte("ASSAULT -\n    v: ransack\n"), 0o644)
	text := "Sons of the Desert Brigade fighters ransacked a police station on Monday.\n"
	out, stderr, err := run(t, text, "extract", "--published", "2020-03-03", "--actors", actors, "--triggers", triggers, "-")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var rec struct {
		Events []struct {
			Type        string
			SourceActor *struct{ Code string } `json:"source_actor"`
		}
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Events) != 1 || rec.Events[0].Type != "ASSAULT" || rec.Events[0].SourceActor == nil || rec.Events[0].SourceActor.Code != "IRQREBSUN" {
		t.Errorf("user lexicons not used: %s", out)
	}
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("Someone\n    lower\n"), 0o644)
	if _, _, err := run(t, text, "extract", "--actors", bad, "-"); err == nil || !strings.Contains(err.Error(), "bad.txt:2") {
		t.Errorf("a bad lexicon line should fail naming file and line, got %v", err)
	}
}

// TestExtractWhenWhereHowMany runs extract on a fresh page and checks that
// its event carries a resolved date, a place with coordinates and its
// numbers, as a user would read them.
func TestExtractWhenWhereHowMany(t *testing.T) {
	page := `<html><head><title>Rocket attack on base near Hit</title>
<meta property="article:published_time" content="2024-01-17T09:00:00Z"></head><body><article>
<h1>Rocket attack on base near Hit</h1>
<p>Militants fired rockets at an Iraqi army base in Hit on Monday, killing three soldiers and wounding 12 others, the army said.</p>
<p>No group claimed the attack, the army added in a statement on its website, and an investigation has begun into how the rockets were launched so close to the town.</p>
</article></body></html>`
	path := filepath.Join(t.TempDir(), "hit.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := run(t, "", "extract", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var rec struct {
		Events []struct {
			Type          string   `json:"type"`
			Date          *string  `json:"date"`
			DatePrecision *string  `json:"date_precision"`
			Fatalities    *float64 `json:"fatalities"`
			Injured       *float64 `json:"injured"`
			Place         *struct {
				Name      string  `json:"name"`
				Lat       float64 `json:"lat"`
				Lon       float64 `json:"lon"`
				Country   string  `json:"country"`
				Admin1    *string `json:"admin1"`
				Precision string  `json:"precision"`
			} `json:"place"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// "killing three soldiers and wounding 12 others": the dead and the
	// wounded go to the verbs that count them, all on Monday at Hit.
	var dead, wounded float64
	for _, e := range rec.Events {
		if e.Type != "ASSAULT" || e.Fatalities == nil && e.Injured == nil {
			continue
		}
		if e.Fatalities != nil {
			dead += *e.Fatalities
		}
		if e.Injured != nil {
			wounded += *e.Injured
		}
		if e.Date == nil || *e.Date != "2024-01-15" || *e.DatePrecision != "day" {
			t.Errorf("date %v %v, want Monday 2024-01-15 (day)", e.Date, e.DatePrecision)
		}
		if p := e.Place; p == nil || p.Name != "Hit" || p.Country != "IRQ" || p.Precision != "point" || p.Admin1 == nil || *p.Admin1 != "Anbar" || p.Lat < 33 || p.Lat > 34 {
			t.Errorf("place %+v, want Hit in Anbar, Iraq, a point", p)
		}
	}
	if dead != 3 || wounded != 12 {
		t.Errorf("fatalities %v, injured %v; want 3 and 12 in %s", dead, wounded, out)
	}
}

// sitrep extract names, for each document that copies an earlier one in
// the batch, the earliest copy; headlines match their stories by title.
func TestExtractDuplicateOf(t *testing.T) {
	body := "Islamic State militants took control of Ramadi, the capital of Anbar province, on Sunday after Iraqi troops and police withdrew from their last major base in the city, security officials and witnesses said. The fall of the army's Anbar Operations Command headquarters ended an assault that intensified late last week with a wave of suicide car bombs."
	lines := []map[string]string{
		{"url": "https://post.example/ramadi", "title": "Militants capture Ramadi", "text": body, "published": "2015-05-17T22:15:00Z"},
		{"url": "https://wire.example/ramadi", "title": "Islamic State seizes Ramadi", "text": body + " Officials said hundreds had been killed.", "published": "2015-05-17T19:40:00Z"},
		{"url": "https://other.example/abadi", "title": "Abadi calls in volunteers", "text": "Prime Minister Haider al-Abadi ordered the Popular Mobilization Forces to prepare to enter Anbar province on Sunday, a step that Sunni leaders there had long resisted.", "published": "2015-05-17T23:00:00Z"},
		{"url": "https://list.example/#1", "title": "Islamic State seizes Ramadi", "text": "Militants took control of the Anbar capital on Sunday."},
	}
	var in strings.Builder
	for _, l := range lines {
		b, _ := json.Marshal(l)
		in.Write(b)
		in.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	if err := os.WriteFile(path, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "extract", path)
	if err != nil {
		t.Fatal(err)
	}
	type record struct {
		ID          string  `json:"id"`
		URL         string  `json:"url"`
		DuplicateOf *string `json:"duplicate_of"`
		Story       *string `json:"story"`
	}
	var recs []record
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		recs = append(recs, r)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	// The post came first in the input and was printed before the wire,
	// published earlier, was read: neither names the other here (the store
	// re-points the post). The headline item names the wire.
	want := []string{"", "", "", recs[1].ID}
	for i, r := range recs {
		got := ""
		if r.DuplicateOf != nil {
			got = *r.DuplicateOf
		}
		if got != want[i] {
			t.Errorf("%s: duplicate_of %q, want %q", r.URL, got, want[i])
		}
	}
	// The copies and the headline are one story; the other report another.
	story := func(r record) string {
		if r.Story == nil {
			return ""
		}
		return *r.Story
	}
	if s := story(recs[0]); s == "" || story(recs[1]) != s || story(recs[3]) != s || story(recs[2]) == s {
		t.Errorf("stories: %q %q %q %q", story(recs[0]), story(recs[1]), story(recs[2]), story(recs[3]))
	}
}

// The sample corpus carries syndicated copies of five developments from
// other outlets: each is one story, and its main event one event with all
// its outlets behind it. Ingesting the corpus again changes neither.
func TestDemoStoriesAndEvents(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, _, err := run(t, "", "demo", "--no-serve", "--db", db); err != nil {
		t.Fatal(err)
	}
	stories := func() map[string]int {
		out, _, err := run(t, "", "stories", "--db", db, "--min-size", "3", "--json")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var s struct {
				Title   string
				Sources int
				Members []struct{ ID string }
			}
			if err := json.Unmarshal([]byte(line), &s); err != nil {
				t.Fatalf("%v: %s", err, line)
			}
			got[s.Title] = s.Sources
		}
		return got
	}
	first := stories()
	for _, title := range []string{
		"Islamic State seizes Ramadi as Iraqi forces pull out of Anbar capital",
		"US strikes more than 85 targets in Iraq and Syria in retaliation for Jordan attack",
	} {
		if first[title] < 3 {
			t.Errorf("story %q: %d outlets, want its 3 (stories: %v)", title, first[title], first)
		}
	}
	out, _, err := run(t, "", "events", "--db", db, "--type", "ASSAULT", "--since", "2020-01-03", "--until", "2020-01-03", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	strike := ""
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct {
			Incident      string
			Trigger       string
			SourceCount   int    `json:"source_count"`
			FirstReported string `json:"first_reported"`
			Evidence      []struct{ Source, Why string }
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if ev.Trigger == "drone strike" {
			strike = ev.Incident
			if ev.SourceCount < 4 || len(ev.Evidence) < 4 || ev.FirstReported != "2020-01-03" || ev.Evidence[len(ev.Evidence)-1].Why == "" {
				t.Errorf("the Baghdad airport strike: %s", line)
			}
		}
	}
	if strike == "" {
		t.Fatalf("no merged report of the Baghdad airport strike:\n%s", out)
	}
	reports, _, err := run(t, "", "events", "--db", db, "--type", "ASSAULT", "--since", "2020-01-03", "--until", "2020-01-03", "--reports", "--format", "json")
	if err != nil || strings.Count(reports, "\n") <= strings.Count(out, "\n") {
		t.Errorf("--reports lists %d lines, merged %d (%v)", strings.Count(reports, "\n"), strings.Count(out, "\n"), err)
	}
	// A document shows its own events, even those merged into an event
	// another document reported first.
	doc, _, _ := strings.Cut(strike, ":")
	for _, ev := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct{ Evidence []struct{ Document string } }
		json.Unmarshal([]byte(ev), &e)
		if len(e.Evidence) > 1 {
			doc = e.Evidence[len(e.Evidence)-1].Document // reported last, in its own words
		}
	}
	shown, _, err := run(t, "", "show", "--db", db, "--json", doc)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Text   string
		Events []struct{ Sentence string }
	}
	if err := json.Unmarshal([]byte(shown), &rec); err != nil || len(rec.Events) == 0 {
		t.Fatalf("show %s: %v, %d events", doc, err, len(rec.Events))
	}
	for _, ev := range rec.Events {
		if !strings.Contains(rec.Text, ev.Sentence) {
			t.Errorf("show %s lists an event from another document: %q", doc, ev.Sentence)
		}
	}
	corpus, err := filepath.Abs(filepath.Join("..", "corpus", "pages"))
	if err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := run(t, "", "ingest", "--db", db, corpus); err != nil || !strings.Contains(out+errOut, "0 new, 57 already stored") {
		t.Errorf("ingesting again: %v\n%s%s", err, out, errOut)
	}
	if again := stories(); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("stories changed on ingesting again: %v, were %v", again, first)
	}
	out, _, err = run(t, "", "events", "--db", db, "split", strike)
	if err != nil || !strings.Contains(out, "now stands alone") {
		t.Errorf("split: %v %s", err, out)
	}
	if _, _, err := run(t, "", "events", "--db", db, "split", strike); err == nil {
		t.Error("split the same report twice")
	}
}

func TestStoriesCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	if _, _, err := run(t, "", "stories", "--db", db); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("a missing database: %v", err)
	}
	if _, _, err := run(t, "", "stories", "--db", db, "--since", "yesterday"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("bad --since: %v", err)
	}
	if _, _, err := run(t, "", "stories", "--db", db, "--min-size", "-1"); err == nil || !strings.Contains(err.Error(), "--min-size") {
		t.Errorf("bad --min-size: %v", err)
	}
	if _, _, err := run(t, "", "events", "--db", db, "split"); err == nil {
		t.Error("split with no report")
	}
}

// syncBuffer is a buffer one goroutine writes while another reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestDemoServes runs the demo as a newcomer does: it builds the
// database, prints the dashboard's address and answers there until
// stopped.
func TestDemoServes(t *testing.T) {
	var out, errOut syncBuffer
	root := newRoot(strings.NewReader(""), &out, &errOut)
	root.SetArgs([]string{"demo", "--db", filepath.Join(t.TempDir(), "demo.db"), "--addr", "127.0.0.1:0"})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	addr := regexp.MustCompile(`sitrep dashboard: (http://[^/ ]+/)`)
	var url string
	for deadline := time.Now().Add(60 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no dashboard address printed:\n%s%s", out.String(), errOut.String())
	}
	for _, path := range []string{"", "api/v1/stats"} {
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || path != "" && !strings.Contains(string(b), `"documents":57`) {
			t.Errorf("GET %s: %d %.300s", url+path, res.StatusCode, b)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo after Ctrl-C: %v", err)
	}
	if !strings.Contains(errOut.String(), "route=/api/v1/stats") {
		t.Errorf("the request was not logged:\n%s", errOut.String())
	}
}

func TestServeRefusesOpenAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, _, err := run(t, "", "demo", "--no-serve", "--db", db); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SITREP_TOKEN", "")
	_, _, err := run(t, "", "serve", "--db", db, "--addr", "0.0.0.0:0")
	if err == nil || !strings.Contains(err.Error(), "without a token") {
		t.Errorf("serving on 0.0.0.0 without a token: %v", err)
	}
	if _, _, err := run(t, "", "serve", "--db", filepath.Join(t.TempDir(), "none.db")); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("serving a missing database: %v", err)
	}
}
