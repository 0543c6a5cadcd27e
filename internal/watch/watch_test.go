package watch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
	"github.com/sitrep-dev/sitrep/internal/watch"
)

// An article is a feed item and the page it links to.
type article struct {
	title, text string
	published   time.Time
}

// newsSite serves a feed of the articles published so far and their
// pages, as a news site would.
type newsSite struct {
	mu       sync.Mutex
	articles []article
	// While stall is set, the page of article stallAt hangs until the
	// client gives up, and held is closed when it first does.
	stall   bool
	stallAt int
	held    chan struct{}
	*httptest.Server
}

func newNewsSite(t *testing.T, outlet string) *newsSite {
	s := &newsSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		etag := fmt.Sprintf(`"%d"`, len(s.articles))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>`, outlet)
		for i, a := range s.articles {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s/story/%d</link><guid>story-%d</guid><pubDate>%s</pubDate></item>`,
				a.title, s.URL, i, i, a.published.Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		io.WriteString(w, b.String())
	})
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		var i int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/story/"), "%d", &i)
		if i < 0 || i >= len(s.articles) {
			http.NotFound(w, r)
			return
		}
		a := s.articles[i]
		if s.stall && i == s.stallAt {
			select {
			case <-s.held:
			default:
				close(s.held)
			}
			s.mu.Unlock()
			<-r.Context().Done()
			s.mu.Lock()
			return
		}
		fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p></article></body></html>`,
			a.title, a.title, a.text)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *newsSite) publish(a article) {
	s.mu.Lock()
	s.articles = append(s.articles, a)
	s.mu.Unlock()
}

// receiver is a webhook endpoint that checks signatures and keeps what
// it was sent; while down it answers 503.
type receiver struct {
	mu     sync.Mutex
	secret []byte
	got    []watch.Alert
	ids    []string // the delivery header of each
	down   bool
	bad    int // requests with a wrong signature
	*httptest.Server
}

func newReceiver(t *testing.T, secret string) *receiver {
	rc := &receiver{secret: []byte(secret)}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		if !watch.Verify(rc.secret, body, r.Header.Get(watch.SignatureHeader)) {
			rc.bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var a watch.Alert
		if err := json.Unmarshal(body, &a); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.got = append(rc.got, a)
		rc.ids = append(rc.ids, r.Header.Get(watch.DeliveryHeader))
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) alerts() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.ids...)
}

const config = `
fetch:
  allow_private: true
  per_host: 1ms
sources:
  - name: wire
    feed: %s/feed.xml
  - name: monitor
    feed: %s/feed.xml
rules:
  - name: attacks-on-us-forces
    when: type:ASSAULT modality:asserted "US forces" in:Iraq,Syria
    notify: [ops, archive]
  - name: votes
    when: type:VOTE in:IRQ
notifiers:
  - name: ops
    webhook: %s
    secret_env: SITREP_TEST_WEBHOOK_SECRET
  - name: archive
    file: %s
`

var day = time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)

// Reports of two attacks, the first from two outlets, and news that
// matches no rule.
var (
	erbilA = article{"Rockets hit base housing US troops in Erbil",
		"ERBIL, Iraq - Rockets fired by Kataib Hezbollah hit a base used by US forces in Erbil on Monday, officials said. No one was hurt.", day}
	budget = article{"Parliament debates budget",
		"Iraq's parliament debated the budget on Monday, lawmakers said.", day.Add(time.Hour)}
	erbilB = article{"Attack on Erbil air base",
		"Kataib Hezbollah fired rockets at a base hosting US forces in Erbil on Monday, Iraqi officials said.", day.Add(5 * time.Hour)}
	asad = article{"Drone strikes Ain al-Asad",
		"ANBAR, Iraq - A drone launched by Kataib Hezbollah struck Ain al-Asad air base, which hosts US forces, on Thursday, officials said.", day.AddDate(0, 0, 3)}
)

type rig struct {
	t       *testing.T
	dir     string
	cfg     *watch.Config
	site    *newsSite // Tigris Wire
	other   *newsSite // Gulf Monitor
	hook    *receiver
	clock   time.Time
	pipe    *pipeline.Pipeline
	archive string
	db      string // the store: a SQLite file unless a test sets another
}

func newRig(t *testing.T) *rig {
	t.Setenv("SITREP_TEST_WEBHOOK_SECRET", "s3cret")
	r := &rig{t: t, dir: t.TempDir(), site: newNewsSite(t, "Tigris Wire"), other: newNewsSite(t, "Gulf Monitor"), hook: newReceiver(t, "s3cret"), clock: day.AddDate(0, 0, 7)}
	r.archive, r.db = filepath.Join(r.dir, "alerts.jsonl"), filepath.Join(r.dir, "sitrep.db")
	g, err := gazetteer.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	r.cfg, err = watch.Parse(fmt.Appendf(nil, config, r.site.URL, r.other.URL, r.hook.URL, r.archive), g)
	if err != nil {
		t.Fatal(err)
	}
	if r.pipe, err = pipeline.New(stages.Builtin, nil, pipeline.Env{}); err != nil {
		t.Fatal(err)
	}
	return r
}

// once runs watch once over the store, opened for the run and closed
// after it, as a process started by cron would.
func (r *rig) once() {
	r.t.Helper()
	st, err := database.Open(r.t.Context(), r.db)
	if err != nil {
		r.t.Fatal(err)
	}
	defer st.Close()
	w := watch.New(r.cfg, st, r.pipe, watch.Options{Logger: testLogger(r.t), Now: func() time.Time { return r.clock }})
	if err := w.Once(r.t.Context()); err != nil {
		r.t.Fatal(err)
	}
}

func TestWatchAlertsOnceAndUpdates(t *testing.T) { testAlertsOnceAndUpdates(t, newRig(t)) }

// The same against PostgreSQL: the watch ledger and the report log.
func TestWatchAlertsOnceAndUpdatesPostgres(t *testing.T) {
	r := newRig(t)
	r.db = storetest.Postgres(t)
	testAlertsOnceAndUpdates(t, r)
}

func testAlertsOnceAndUpdates(t *testing.T, r *rig) {
	r.once() // nothing published yet: the watch starts
	r.site.publish(erbilA)
	r.site.publish(budget)
	r.once()
	if got := r.hook.alerts(); len(got) != 1 || !strings.HasPrefix(got[0], "attacks-on-us-forces/") || !strings.HasSuffix(got[0], "#1") {
		t.Fatalf("after the first attack: %v", got)
	}
	first := r.hook.got[0]
	if first.Event == nil || first.Event.Type != "ASSAULT" || first.Event.SourceCount != 1 || !strings.Contains(first.Summary, "Erbil") {
		t.Errorf("alert: %+v", first)
	}
	// Nothing new: nothing sent.
	r.once()
	if got := r.hook.alerts(); len(got) != 1 {
		t.Fatalf("a poll with nothing new sent %v", got)
	}
	// A second outlet reports the same attack: the alert is updated.
	r.other.publish(erbilB)
	r.once()
	got := r.hook.alerts()
	if len(got) != 2 || got[1] != strings.TrimSuffix(got[0], "#1")+"#2" {
		t.Fatalf("after a second outlet: %v", got)
	}
	if e := r.hook.got[1].Event; e.SourceCount != 2 {
		t.Errorf("update: %d outlets, want 2", e.SourceCount)
	}
	// The file notifier was told of the same, as JSON lines.
	lines, _ := os.ReadFile(r.archive)
	if n := bytes.Count(lines, []byte("\n")); n != 2 {
		t.Errorf("archive holds %d alerts, want 2:\n%s", n, lines)
	}
	if r.hook.bad != 0 {
		t.Errorf("%d deliveries were badly signed", r.hook.bad)
	}
}

func TestWatchRetriesAFailingWebhook(t *testing.T) { testRetriesAFailingWebhook(t, newRig(t)) }

func TestWatchRetriesAFailingWebhookPostgres(t *testing.T) {
	r := newRig(t)
	r.db = storetest.Postgres(t)
	testRetriesAFailingWebhook(t, r)
}

func testRetriesAFailingWebhook(t *testing.T, r *rig) {
	r.once()
	r.hook.down = true
	r.site.publish(asad)
	r.once()
	r.once() // before its time: not tried again
	if got := r.hook.alerts(); len(got) != 0 {
		t.Fatalf("delivered while down: %v", got)
	}
	r.hook.down = false
	r.clock = r.clock.Add(time.Minute)
	r.once()
	if got := r.hook.alerts(); len(got) != 1 || !strings.HasSuffix(got[0], "#1") {
		t.Fatalf("after the webhook came back: %v", got)
	}
	r.once()
	if got := r.hook.alerts(); len(got) != 1 {
		t.Fatalf("delivered twice: %v", got)
	}
}

func TestWatchRunRestarts(t *testing.T) {
	r := newRig(t)
	r.cfg.Every = watch.Duration(20 * time.Millisecond)
	r.cfg.Sources[0].Every = watch.Duration(20 * time.Millisecond)
	path := filepath.Join(r.dir, "sitrep.db")
	run := func(until func() bool) {
		st, err := database.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		w := watch.New(r.cfg, st, r.pipe, watch.Options{Logger: slog.New(slog.DiscardHandler)})
		go func() { done <- w.Run(ctx) }()
		deadline := time.After(60 * time.Second)
		for !until() {
			select {
			case <-deadline:
				t.Fatal("watch did not get there in a minute")
			case <-time.After(20 * time.Millisecond):
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	run(func() bool { return true }) // started: the store is watched from here
	r.site.publish(erbilA)
	run(func() bool { return len(r.hook.alerts()) == 1 })
	// Stopped and started again: the first alert is not sent again, and
	// what was published while it was down is not missed.
	r.site.publish(asad)
	run(func() bool { return len(r.hook.alerts()) == 2 })
	time.Sleep(100 * time.Millisecond)
	got := r.hook.alerts()
	if len(got) != 2 || got[0] == got[1] {
		t.Errorf("alerts %v, want two different ones", got)
	}
}

func TestConfigErrors(t *testing.T) {
	g, _ := gazetteer.Builtin()
	for _, tt := range []struct{ yaml, want string }{
		{"", "empty"},
		{"sources: []", "none given"},
		{"sources:\n  - name: a\n    feed: ftp://x\n", "not an http or https URL"},
		{"sources:\n  - name: a\n    feed: http://x\n    folder: /tmp\n", "exactly one of feed"},
		{"sources:\n  - name: a\n    folder: /no/such/folder\n", "does not exist"},
		{"sources:\n  - name: a\n    feed: http://x\n    every: soon\n", "not a duration"},
		{"sources:\n  - name: a\n    feed: http://x\n    typo: 1\n", "field typo not found"},
		{"sources:\n  - name: a\n    feed: http://x\nrules:\n  - name: r\n    when: type:ASSAULT\n", "no rule can tell anyone"},
		{"sources:\n  - name: a\n    feed: http://x\nrules:\n  - name: r\n    when: typ:ASSAULT\n    notify: [n]\nnotifiers:\n  - name: n\n    stdout: true\n", `unknown field "typ"`},
		{"sources:\n  - name: a\n    feed: http://x\nrules:\n  - name: r\n    when: type:ASSAULT\n    notify: [nobody]\nnotifiers:\n  - name: n\n    stdout: true\n", `no notifier is named "nobody"`},
		{"sources:\n  - name: a\n    feed: http://x\nrules:\n  - name: r\n    spike: type:ASSAULT,PROTEST\nnotifiers:\n  - name: n\n    stdout: true\n", "one value per field"},
		{"sources:\n  - name: a\n    feed: http://x\nnotifiers:\n  - name: n\n    webhook: http://h\n    secret_env: SITREP_NO_SUCH_SECRET\n", "is not set"},
		{"sources:\n  - name: a\n    feed: http://x\nnotifiers:\n  - name: n\n    webhook: http://h\n    stdout: true\n", "exactly one of webhook"},
		{"sources:\n  - name: a\n    feed: http://x\nrules:\n  - name: r\n    when: type:ASSAULT\n    per: chapter\nnotifiers:\n  - name: n\n    stdout: true\n", `per "chapter": want event or story`},
	} {
		_, err := watch.Parse([]byte(tt.yaml), g)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.yaml, err, tt.want)
		}
	}
}

// testLogger logs to the test's output.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func TestWatchSpike(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "stream.jsonl")
	archive := filepath.Join(dir, "alerts.jsonl")
	cfg, err := watch.Parse(fmt.Appendf(nil, `
sources:
  - name: stream
    jsonl: %s
rules:
  - name: anbar-attacks
    spike: type:ASSAULT in:Anbar
    period: week
    baseline: 8
    sigma: 2
    min: 4
notifiers:
  - name: archive
    file: %s
`, feed, archive), places(t))
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	type report struct {
		town string
		at   time.Time
	}
	write := func(rs ...report) {
		f, _ := os.OpenFile(feed, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		defer f.Close()
		for _, r := range rs {
			n++
			line, _ := json.Marshal(map[string]string{"url": fmt.Sprintf("https://wire.example/%d", n), "source": "Wire",
				"title": "Attack in " + r.town, "published": r.at.Format(time.RFC3339),
				"text": fmt.Sprintf("Islamic State fighters attacked an army checkpoint in %s, Anbar province, killing %d soldiers, officials said.", r.town, n+1)})
			f.Write(append(line, '\n'))
		}
	}
	// The week watched starts on Monday 6 May 2024; before it, one attack
	// a week; in it, five in four towns, one more on Sunday.
	week := time.Date(2024, 5, 6, 10, 0, 0, 0, time.UTC)
	for k := 1; k <= 8; k++ {
		write(report{"Ramadi", week.AddDate(0, 0, -7*k+k%3)})
	}
	write(report{"Ramadi", week}, report{"Fallujah", week.AddDate(0, 0, 1)}, report{"Hit", week.AddDate(0, 0, 2)},
		report{"Haditha", week.AddDate(0, 0, 3)}, report{"Rutba", week.AddDate(0, 0, 3).Add(time.Hour)})
	clock := week.AddDate(0, 0, 6).Add(time.Hour)
	once := func() []watch.Alert {
		st, err := database.Open(t.Context(), filepath.Join(dir, "sitrep.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		w := watch.New(cfg, st, p, watch.Options{Logger: testLogger(t), Now: func() time.Time { return clock }})
		if err := w.Once(t.Context()); err != nil {
			t.Fatal(err)
		}
		var out []watch.Alert
		b, _ := os.ReadFile(archive)
		for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			var a watch.Alert
			if json.Unmarshal(line, &a) == nil {
				out = append(out, a)
			}
		}
		return out
	}
	got := once()
	if len(got) != 1 || got[0].Spike == nil || got[0].Spike.Start != "2024-05-06" || got[0].Spike.Count != 5 || got[0].Version != 1 {
		t.Fatalf("spike: %+v", got)
	}
	if s := got[0].Spike; s.Mean != 1 || len(s.Baseline) != 8 {
		t.Errorf("baseline %v, mean %v; want one a week", s.Baseline, s.Mean)
	}
	if got := once(); len(got) != 1 {
		t.Fatalf("raised again with nothing new: %+v", got)
	}
	write(report{"Ramadi", week.AddDate(0, 0, 6)})
	got = once()
	if len(got) != 2 || got[1].Version != 2 || got[1].Spike.Count != 6 {
		t.Fatalf("after one more: %+v", got)
	}
}

func places(t *testing.T) *gazetteer.Gazetteer {
	g, err := gazetteer.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The example configs in the repository are valid.
func TestExamples(t *testing.T) {
	t.Setenv("SITREP_WEBHOOK_SECRET", "x")
	for _, name := range []string{"watch.yaml", "watch-local.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		// Folders are checked when the config is read: make them here.
		dir := t.TempDir()
		b = bytes.ReplaceAll(b, []byte("/data/inbox"), []byte(dir))
		b = bytes.ReplaceAll(b, []byte("folder: inbox"), []byte("folder: "+dir))
		if _, err := watch.Parse(b, places(t)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestWatchStopMidPoll stops a watch while it waits on a page in the
// middle of a feed: started again, it stores every article once and
// sends every alert once.
func TestWatchStopMidPoll(t *testing.T) {
	r := newRig(t)
	r.cfg.Every = watch.Duration(20 * time.Millisecond)
	r.cfg.Sources[0].Every = watch.Duration(20 * time.Millisecond)
	r.cfg.Fetch.Timeout = watch.Duration(time.Minute)
	path := filepath.Join(r.dir, "sitrep.db")
	open := func() *database.Store {
		st, err := database.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	w := watch.New(r.cfg, st, r.pipe, watch.Options{Logger: slog.New(slog.DiscardHandler)})
	if err := w.Once(t.Context()); err != nil { // the watch starts at an empty store
		t.Fatal(err)
	}
	st.Close()
	r.site.held = make(chan struct{})
	r.site.stall, r.site.stallAt = true, 1
	r.site.publish(erbilA)
	r.site.publish(budget) // its page hangs
	r.site.publish(asad)

	st = open()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() {
		done <- watch.New(r.cfg, st, r.pipe, watch.Options{Logger: slog.New(slog.DiscardHandler)}).Run(ctx)
	}()
	select {
	case <-r.site.held:
	case <-time.After(time.Minute):
		t.Fatal("the watch never asked for the hanging page")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st.Close()

	r.site.mu.Lock()
	r.site.stall = false
	r.site.mu.Unlock()
	r.once()
	r.once()
	st = open()
	defer st.Close()
	stats, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 3 {
		t.Errorf("%d documents stored, want the 3 published", stats.Documents)
	}
	got := r.hook.alerts()
	if len(got) != 2 || got[0] == got[1] {
		t.Errorf("alerts %v, want the two attacks once each", got)
	}
}

func TestSlackFormat(t *testing.T) {
	var body []byte
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { body, _ = io.ReadAll(r.Body) }))
	defer hook.Close()
	r := newRig(t)
	r.cfg.Notifiers[0].Format = "slack"
	r.cfg.Notifiers[0].Webhook = hook.URL
	r.once()
	r.site.publish(erbilA)
	r.once()
	var msg map[string]string
	if err := json.Unmarshal(body, &msg); err != nil || len(msg) != 1 || !strings.Contains(msg["text"], "*attacks-on-us-forces*: ASSAULT") ||
		!strings.Contains(msg["text"], "<"+r.site.URL+"/story/0|") {
		t.Errorf("slack body %s: %v", body, err)
	}
}

func TestWatchAlertsPerStory(t *testing.T) {
	r := newRig(t)
	r.cfg.Rules[0].Per = "story"
	r.once()
	r.site.publish(erbilA)
	r.once()
	r.other.publish(erbilB)
	r.once()
	got := r.hook.alerts()
	if len(got) != 2 || !strings.HasSuffix(got[0], "#1") || got[1] != strings.TrimSuffix(got[0], "#1")+"#2" {
		t.Fatalf("alerts %v, want one story's alert and its update", got)
	}
	a := r.hook.got[1]
	if a.Kind != "story" || a.Story == nil || a.Story.Outlets != 2 || a.Story.ID != a.Subject || !strings.Contains(a.Summary, "in the story") {
		t.Errorf("story alert: %+v %+v", a, a.Story)
	}
}
