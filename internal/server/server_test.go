package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/server"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/database"

	_ "modernc.org/sqlite" // to read the fixture's tables directly
)

// hostile is a document whose text and metadata try to run script in
// the dashboard.
const hostile = `{"url": "https://hostile.example/2020/01/05/x", "title": "Rockets hit <script>window.__xss=1</script> Balad base", "published": "2020-01-05", "source": "<img src=x onerror=\"window.__xss=2\">", "text": "Two rockets struck Balad air base north of Baghdad on Sunday, officials said. <script>window.__xss=3</script> A witness posted <img src=x onerror=\"window.__xss=4\"> and a link <a href=\"javascript:window.__xss=5\">javascript:window.__xss=5</a> that should stay text."}`

var fixture struct {
	once     sync.Once
	dir, db  string
	pipeline *pipeline.Pipeline
	err      error
}

// demoDB builds, once per test run, a database of the sample corpus and
// the hostile document, and returns its path. Tests open it read-only in
// spirit: those that write work on a copy.
func demoDB(t testing.TB) (string, *pipeline.Pipeline) {
	t.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "sitrep-server-test")
		if fixture.err != nil {
			return
		}
		fixture.db = filepath.Join(fixture.dir, "demo.db")
		ctx := context.Background()
		p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
		if err != nil {
			fixture.err = err
			return
		}
		fixture.pipeline = p
		st, err := database.Open(ctx, fixture.db)
		if err != nil {
			fixture.err = err
			return
		}
		defer st.Close()
		for _, src := range []source.Source{
			&source.Paths{FS: corpus.Pages(), Paths: []string{"html", "text", "jsonl"}},
			&source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(hostile + "\n")},
		} {
			if _, err := ingest.Run(ctx, ingest.Options{Source: src, Pipeline: p, Sink: st, Workers: 2}, nil); err != nil {
				fixture.err = err
				return
			}
		}
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.db, fixture.pipeline
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// newServer serves the demo database (or a copy of it, when the test
// writes) with cfg's token.
func newServer(t *testing.T, token string, writable bool) *httptest.Server {
	t.Helper()
	path, p := demoDB(t)
	if writable {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(t.TempDir(), "copy.db")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := database.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := server.New(server.Config{Store: st, Pipeline: p, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

type envelope struct {
	Data  json.RawMessage
	Next  *string
	Error *struct {
		Status  int
		Message string
	}
}

func get(t *testing.T, ts *httptest.Server, path string) (int, envelope) {
	t.Helper()
	return do(t, ts, "GET", path, "", "")
}

func do(t *testing.T, ts *httptest.Server, method, path, token, body string) (int, envelope) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var env envelope
	if strings.HasPrefix(path, "/api/") {
		if res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: Content-Type %q", method, path, res.Header.Get("Content-Type"))
		}
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
		if (env.Error != nil) != (res.StatusCode >= 400) || env.Error != nil && env.Error.Status != res.StatusCode {
			t.Errorf("%s %s: status %d with error %+v", method, path, res.StatusCode, env.Error)
		}
	}
	if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s %s: security headers missing: %v", method, path, res.Header)
	}
	return res.StatusCode, env
}

func TestEndpoints(t *testing.T) {
	ts := newServer(t, "", false)
	tests := []struct {
		path   string
		status int
		check  func(t *testing.T, data json.RawMessage)
	}{
		{"/api/v1/stats", 200, func(t *testing.T, d json.RawMessage) {
			var s struct{ Documents, Events, Incidents int }
			json.Unmarshal(d, &s)
			if s.Documents != 58 || s.Incidents == 0 || s.Incidents >= s.Events {
				t.Errorf("stats: %s", d)
			}
		}},
		{"/api/v1/events?type=ASSAULT&modality=asserted&limit=20", 200, func(t *testing.T, d json.RawMessage) {
			var evs []struct {
				Type, Modality string
				SourceCount    int `json:"source_count"`
				Evidence       []struct{ Sentence string }
			}
			json.Unmarshal(d, &evs)
			if len(evs) != 20 {
				t.Errorf("%d events, want 20", len(evs))
			}
			for _, e := range evs {
				if e.Type != "ASSAULT" || e.Modality != "asserted" || e.SourceCount < 1 || len(e.Evidence) == 0 {
					t.Errorf("event %+v", e)
				}
			}
		}},
		{"/api/v1/events?place=Anbar&placed=true&reports=true", 200, func(t *testing.T, d json.RawMessage) {
			var evs []struct {
				Place *struct{ Name, Admin1 string }
			}
			json.Unmarshal(d, &evs)
			if len(evs) == 0 {
				t.Error("no events in Anbar")
			}
			for _, e := range evs {
				if e.Place == nil || !strings.Contains(strings.ToLower(e.Place.Name+e.Place.Admin1), "anbar") && e.Place.Name != "Ramadi" && e.Place.Name != "Fallujah" {
					t.Errorf("event placed at %+v", e.Place)
				}
			}
		}},
		{"/api/v1/events?q=Soleimani&since=2020-01-01&until=2020-01-31", 200, func(t *testing.T, d json.RawMessage) {
			var evs []struct{ Document string }
			json.Unmarshal(d, &evs)
			if len(evs) == 0 {
				t.Error("no events in documents naming Soleimani in January 2020")
			}
		}},
		{"/api/v1/report?since=2020-01-01&until=2020-01-10", 200, func(t *testing.T, d json.RawMessage) {
			var r struct {
				Since, Until string
				Key          []struct {
					Summary string
					Outlets int
					Refs    []int
				}
				Sources []struct{ N int }
			}
			json.Unmarshal(d, &r)
			if r.Since != "2020-01-01" || len(r.Key) == 0 || r.Key[0].Outlets < 2 || len(r.Sources) == 0 {
				t.Errorf("report: %s", d)
			}
		}},
		{"/api/v1/report?since=2020-01-10&until=2020-01-01", 400, nil},
		{"/api/v1/report?since=2010-01-01&until=2020-01-01", 400, nil},
		{"/api/v1/events?type=NOPE", 400, nil},
		{"/api/v1/events?modality=rumoured", 400, nil},
		{"/api/v1/events?since=2020-1-1", 400, nil},
		{"/api/v1/events?limit=0", 400, nil},
		{"/api/v1/events?cursor=bogus", 400, nil},
		{"/api/v1/events?placed=maybe", 400, nil},
		{"/api/v1/events/nocolon", 400, nil},
		{"/api/v1/events/ffffffffffff:0", 404, nil},
		{"/api/v1/timeline?interval=week&type=ASSAULT", 200, func(t *testing.T, d json.RawMessage) {
			var cs []struct {
				Period, Type string
				Events       int
			}
			json.Unmarshal(d, &cs)
			if len(cs) == 0 {
				t.Fatal("empty timeline")
			}
			for i, c := range cs {
				if c.Type != "ASSAULT" || c.Events < 1 || i > 0 && c.Period <= cs[i-1].Period {
					t.Errorf("timeline row %+v", c)
				}
			}
		}},
		{"/api/v1/timeline?interval=year", 400, nil},
		{"/api/v1/actors?top=5&type=ASSAULT", 200, func(t *testing.T, d json.RawMessage) {
			var a struct {
				Actors []struct {
					Code   string
					Events int
					Series []struct{ Events int }
				}
				Links []struct {
					Source, Target string
					Events         int
				}
			}
			json.Unmarshal(d, &a)
			if len(a.Actors) != 5 || len(a.Links) == 0 || len(a.Actors[0].Series) == 0 || a.Actors[0].Events < a.Actors[4].Events {
				t.Errorf("actors: %s", d)
			}
		}},
		{"/api/v1/documents?q=Mosul", 200, func(t *testing.T, d json.RawMessage) {
			var hs []struct{ ID, Snippet string }
			json.Unmarshal(d, &hs)
			if len(hs) == 0 || !strings.Contains(hs[0].Snippet, "**") {
				t.Errorf("search: %s", d)
			}
		}},
		{"/api/v1/documents", 400, nil},
		{"/api/v1/documents/zz", 404, nil},
		{"/api/v1/stories?min_size=3", 200, func(t *testing.T, d json.RawMessage) {
			var ss []struct {
				Documents int
				Members   []struct{ ID string }
			}
			json.Unmarshal(d, &ss)
			if len(ss) == 0 {
				t.Error("no story of 3 documents")
			}
			for _, s := range ss {
				if s.Documents < 3 || len(s.Members) != s.Documents {
					t.Errorf("story %+v", s)
				}
			}
		}},
		{"/api/v1/quantities?unit=troops", 200, func(t *testing.T, d json.RawMessage) {
			var qs []struct {
				Unit     string
				Value    float64
				Sentence string
			}
			json.Unmarshal(d, &qs)
			if len(qs) == 0 {
				t.Error("no troop numbers")
			}
			for _, q := range qs {
				if q.Unit != "troops" || q.Sentence == "" {
					t.Errorf("quantity %+v", q)
				}
			}
		}},
		{"/api/v1/quantities?min=lots", 400, nil},
		{"/api/v1/nothing", 404, nil},
		{"/healthz", 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, env := get(t, ts, tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%+v)", status, tt.status, env.Error)
			}
			if tt.check != nil {
				tt.check(t, env.Data)
			}
		})
	}
}

// TestEventPages walks the events page by page: every incident once, and
// the pages together are the listing in one.
func TestEventPages(t *testing.T) {
	ts := newServer(t, "", false)
	// All events, and those of the places in Iraq (several places: each
	// place's newest rows, merged), and of periods (each of a period's
	// kinds of row from its own index, merged).
	for _, filter := range []string{"", "&place=IRQ", "&place=IRQ&reports=true",
		"&since=2015-06-01&until=2019-12-31", "&since=2016-01-01", "&until=2017-12-31&reports=true",
		"&since=2014-01-01&until=2020-12-31&place=IRQ"} {
		type ev struct {
			Incident, Document string
			Index              int
		}
		var all []ev
		_, env := get(t, ts, "/api/v1/events?limit=1000"+filter)
		json.Unmarshal(env.Data, &all)
		if env.Next != nil || len(all) < 20 {
			t.Fatalf("%s: %d events in one page, next %v", filter, len(all), env.Next)
		}
		var paged []ev
		path := "/api/v1/events?limit=7" + filter
		for pages := 0; ; pages++ {
			if pages > 300 {
				t.Fatal("too many pages")
			}
			status, env := get(t, ts, path)
			if status != 200 {
				t.Fatalf("%s: %d %+v", path, status, env.Error)
			}
			var page []ev
			json.Unmarshal(env.Data, &page)
			paged = append(paged, page...)
			if env.Next == nil {
				break
			}
			path = "/api/v1/events?limit=7" + filter + "&cursor=" + url.QueryEscape(*env.Next)
		}
		seen := map[string]bool{}
		for _, e := range paged {
			key := e.Incident
			if strings.Contains(filter, "reports") {
				key = fmt.Sprintf("%s:%d", e.Document, e.Index)
			}
			if seen[key] {
				t.Errorf("%s: %s listed twice", filter, key)
			}
			seen[key] = true
		}
		t.Logf("%s: %d", filter, len(all))
		if len(paged) != len(all) {
			t.Errorf("%s: pages hold %d, the single listing %d", filter, len(paged), len(all))
		}
	}
	// Other listings page by offset.
	var first, second []struct{ ID string }
	_, env := get(t, ts, "/api/v1/documents?q=Iraq&limit=3")
	json.Unmarshal(env.Data, &first)
	if env.Next == nil {
		t.Fatal("no second page of documents")
	}
	_, env = get(t, ts, "/api/v1/documents?q=Iraq&limit=3&cursor="+url.QueryEscape(*env.Next))
	json.Unmarshal(env.Data, &second)
	if len(second) == 0 || slices.ContainsFunc(second, func(d struct{ ID string }) bool { return d.ID == first[0].ID }) {
		t.Errorf("second page %v repeats the first %v", second, first)
	}
}

func TestEventAndDocument(t *testing.T) {
	ts := newServer(t, "", false)
	_, env := get(t, ts, "/api/v1/events?type=ASSAULT&q=Soleimani&since=2020-01-03&until=2020-01-03")
	var evs []struct {
		Incident    string
		SourceCount int `json:"source_count"`
	}
	json.Unmarshal(env.Data, &evs)
	if len(evs) == 0 {
		t.Fatal("no strike on 3 January 2020")
	}
	slices.SortFunc(evs, func(a, b struct {
		Incident    string
		SourceCount int `json:"source_count"`
	}) int {
		return b.SourceCount - a.SourceCount
	})
	status, env := get(t, ts, "/api/v1/events/"+evs[0].Incident)
	var one struct {
		Incident string
		Evidence []struct{ Document, Sentence string }
	}
	json.Unmarshal(env.Data, &one)
	if status != 200 || one.Incident != evs[0].Incident || len(one.Evidence) < 2 {
		t.Fatalf("event %s: %d %s", evs[0].Incident, status, env.Data)
	}
	status, env = get(t, ts, "/api/v1/documents/"+one.Evidence[1].Document)
	var doc struct {
		Document   struct{ Text string }
		Events     []struct{ Sentence string }
		Highlights []struct {
			Kind  string
			Span  [2]int
			UTF16 [2]int
		}
	}
	json.Unmarshal(env.Data, &doc)
	if status != 200 || len(doc.Events) == 0 {
		t.Fatalf("document: %d %s", status, env.Data)
	}
	kinds := map[string]bool{}
	for _, h := range doc.Highlights {
		kinds[h.Kind] = true
		if h.Span[0] < 0 || h.Span[1] > len(doc.Document.Text) || h.Span[0] >= h.Span[1] || h.UTF16[1] > h.Span[1] {
			t.Errorf("highlight %+v outside the text", h)
		}
	}
	for _, k := range []string{"actor", "place", "date", "trigger"} {
		if !kinds[k] {
			t.Errorf("no %s highlighted (kinds %v)", k, kinds)
		}
	}
}

func TestHighlightsCountUTF16(t *testing.T) {
	ts := newServer(t, "tok", true)
	body := `{"url": "https://x.example/a", "title": "Strike", "published": "2020-01-03", "text": "« Officials said » 🙂 xylograph US forces struck Kataib Hezbollah sites in Iraq on Sunday, killing 25 fighters."}`
	if status, env := do(t, ts, "POST", "/api/v1/documents", "tok", body+"\n"); status != 200 {
		t.Fatalf("ingest: %d %+v", status, env.Error)
	}
	_, env := get(t, ts, "/api/v1/documents?q=xylograph")
	var hs []struct{ ID string }
	json.Unmarshal(env.Data, &hs)
	if len(hs) != 1 {
		t.Fatalf("search found %d", len(hs))
	}
	_, env = get(t, ts, "/api/v1/documents/"+hs[0].ID)
	var doc struct {
		Document   struct{ Text string }
		Highlights []struct {
			Span, UTF16 [2]int
		}
	}
	json.Unmarshal(env.Data, &doc)
	u16 := func(s string) int {
		n := 0
		for _, r := range s {
			n++
			if r >= 0x10000 {
				n++
			}
		}
		return n
	}
	if len(doc.Highlights) == 0 {
		t.Fatal("nothing highlighted")
	}
	for _, h := range doc.Highlights {
		if want := [2]int{u16(doc.Document.Text[:h.Span[0]]), u16(doc.Document.Text[:h.Span[1]])}; h.UTF16 != want {
			t.Errorf("span %v: utf16 %v, want %v", h.Span, h.UTF16, want)
		}
	}
}

func TestWriting(t *testing.T) {
	doc := `{"url": "https://x.example/2021/03/03/r", "title": "Rockets hit Ain al-Asad", "published": "2021-03-03", "source": "Test Wire", "text": "At least ten rockets struck Ain al-Asad air base in Anbar on Wednesday, the coalition said."}` + "\n"
	t.Run("off without a token", func(t *testing.T) {
		ts := newServer(t, "", false)
		if status, _ := do(t, ts, "POST", "/api/v1/documents", "", doc); status != http.StatusForbidden {
			t.Errorf("status %d, want 403", status)
		}
	})
	ts := newServer(t, "s3cret", true)
	for _, tt := range []struct {
		token  string
		status int
	}{{"", 401}, {"wrong", 401}, {"s3cret", 200}} {
		status, env := do(t, ts, "POST", "/api/v1/documents", tt.token, doc)
		if status != tt.status {
			t.Errorf("token %q: status %d, want %d (%+v)", tt.token, status, tt.status, env.Error)
		}
	}
	// Posting it again adds nothing; a broken line is reported, not fatal.
	status, env := do(t, ts, "POST", "/api/v1/documents", "s3cret", doc+"{not json\n")
	var rep struct {
		Read, Stored, Existing int
		Failures               []struct{ Input, Reason string }
	}
	json.Unmarshal(env.Data, &rep)
	if status != 200 || rep.Stored != 0 || rep.Existing != 1 || len(rep.Failures) != 1 {
		t.Errorf("second post: %d %s", status, env.Data)
	}
	big := strings.Repeat("x", server.DefaultMaxBody+1)
	if status, _ := do(t, ts, "POST", "/api/v1/documents", "s3cret", `{"text": "`+big+`"}`); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: status %d, want 413", status)
	}
	// Splitting a merged report needs the token too.
	_, env = get(t, ts, "/api/v1/events?limit=1000")
	var evs []struct {
		Evidence []struct {
			Document, Why string
			Index         int
		}
	}
	json.Unmarshal(env.Data, &evs)
	ref := ""
	for _, e := range evs {
		if len(e.Evidence) > 1 {
			ref = fmt.Sprintf("%s:%d", e.Evidence[1].Document, e.Evidence[1].Index)
			break
		}
	}
	if ref == "" {
		t.Fatal("no merged event to split")
	}
	if status, _ := do(t, ts, "POST", "/api/v1/events/"+ref+"/split", "", ""); status != 401 {
		t.Errorf("split without the token: %d", status)
	}
	total := func() int {
		_, env := get(t, ts, "/api/v1/timeline?interval=month")
		var cs []struct{ Events int }
		json.Unmarshal(env.Data, &cs)
		n := 0
		for _, c := range cs {
			n += c.Events
		}
		return n
	}
	before := total()
	if status, env := do(t, ts, "POST", "/api/v1/events/"+ref+"/split", "s3cret", ""); status != 200 {
		t.Errorf("split: %d %+v", status, env.Error)
	}
	if after := total(); after != before+1 {
		t.Errorf("the timeline counts %d events after a split, %d before", after, before)
	}
	if status, _ := do(t, ts, "POST", "/api/v1/events/"+ref+"/split", "s3cret", ""); status != http.StatusConflict {
		t.Errorf("split again: %d, want 409", status)
	}
}

func TestCheckAddr(t *testing.T) {
	for _, tt := range []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"localhost:8080", "", true},
		{"[::1]:8080", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.4:8080", "", false},
		{"0.0.0.0:8080", "t", true},
		{"nonsense", "", false},
	} {
		err := server.CheckAddr(tt.addr, tt.token)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAddr(%q, %q) = %v", tt.addr, tt.token, err)
		}
	}
}

func TestMetricsAndAssets(t *testing.T) {
	ts := newServer(t, "", false)
	get(t, ts, "/api/v1/stats")
	res, err := ts.Client().Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !regexp.MustCompile(`sitrep_http_requests_total\{code="200",route="/api/v1/stats"\} [1-9]`).Match(b) {
		t.Errorf("metrics lack the request count:\n%.2000s", b)
	}
	for _, path := range []string{"/", "/static/app.js", "/static/app.css"} {
		res, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: %d %v", path, res.StatusCode, res.Header)
		}
	}
	if status, _ := do(t, ts, "GET", "/static/vendor/README.md", "", ""); status != 404 {
		t.Errorf("the vendor README is served: %d", status)
	}
}

// TestOpenAPI holds the OpenAPI document and the routes together: each
// documented path answers (not "no endpoint"), and each API route the
// server registers is documented.
func TestOpenAPI(t *testing.T) {
	ts := newServer(t, "", false)
	res, err := ts.Client().Get(ts.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string
		Paths   map[string]map[string]any
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" /api/v1"+path] = true
			p := strings.NewReplacer("{ref}", "ffff:0", "{id}", "ffff").Replace(path)
			_, env := do(t, ts, strings.ToUpper(method), "/api/v1"+p, "", "")
			if env.Error != nil && strings.HasPrefix(env.Error.Message, "no endpoint") {
				t.Errorf("%s %s is documented but not served", method, path)
			}
		}
	}
	src, err := os.ReadFile("api.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`s\.route\("((?:GET|POST) /api/v1/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		if !documented[m[1]] {
			t.Errorf("route %s is not in openapi.json", m[1])
		}
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// TestEventDaysAgree checks the counts kept as documents are stored
// against the counts made afresh from the events, as the migration that
// introduced them does.
func TestEventDaysAgree(t *testing.T) {
	path, _ := demoDB(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) map[string]int {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var day, typ, mod string
			var n int
			if err := rows.Scan(&day, &typ, &mod, &n); err != nil {
				t.Fatal(err)
			}
			out[day+" "+typ+" "+mod] = n
		}
		return out
	}
	kept := count(`SELECT day, type, modality, incidents FROM event_days`)
	fresh := count(`SELECT coalesce(event_from, published_day) AS d, type, modality, count(*) FROM events
		WHERE (incident IS NULL OR incident = doc_id || ':' || idx) AND d IS NOT NULL GROUP BY d, type, modality`)
	if len(kept) == 0 || fmt.Sprint(kept) != fmt.Sprint(fresh) {
		t.Errorf("event_days holds %d rows, the events give %d; they differ", len(kept), len(fresh))
	}
	months := count(`SELECT month, type, modality, incidents FROM event_months`)
	summed := count(`SELECT substr(day, 1, 8) || '01', type, modality, sum(incidents) FROM event_days GROUP BY 1, 2, 3`)
	if len(months) == 0 || fmt.Sprint(months) != fmt.Sprint(summed) {
		t.Errorf("event_months holds %d rows, event_days summed by month %d; they differ", len(months), len(summed))
	}
}
