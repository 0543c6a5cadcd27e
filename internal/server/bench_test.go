package server_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sitrep-dev/sitrep/internal/bench"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/server"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// eventsDB returns a database of generated articles (package bench's
// corpus, read by the real pipeline into the real store) holding about
// events reports over ten years. It is built once and kept in
// $SITREP_BENCH_DIR (the system's temporary folder by default), since
// filling it takes minutes.
func eventsDB(b *testing.B, events int) string {
	b.Helper()
	dir := os.Getenv("SITREP_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("sitrep-bench-corpus-%d.db", events))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	st, err := database.Open(ctx, path+".part")
	if err != nil {
		b.Fatal(err)
	}
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	const perDoc = 11 // events the pipeline codes in a generated article, about
	corpus := &bench.Corpus{Seed: 1, N: events / perDoc, Format: "jsonl", Copies: -1}
	if _, err := ingest.Run(ctx, ingest.Options{Source: corpus, Pipeline: p, Sink: st, Workers: 2, BatchSize: 256}, nil); err != nil {
		b.Fatal(err)
	}
	s, err := st.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s: %d documents, %d events, %d incidents in %v", path, s.Documents, s.Events, s.Incidents, time.Since(start).Round(time.Second))
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(path+".part"+suffix, path+suffix); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	return path
}

// benchServer serves the database at path for one benchmark.
func benchServer(b *testing.B, path string) *httptest.Server {
	st, err := database.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	srv, err := server.New(server.Config{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	return ts
}

func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkAPI measures the dashboard's queries over HTTP on a store of
// a million generated event reports ($SITREP_BENCH_EVENTS to change
// it): each query is timed on its own and the 95th percentile reported
// (p95-ms), beside the mean.
func BenchmarkAPI(b *testing.B) {
	ts := benchServer(b, eventsDB(b, benchEvents()))
	r := rand.New(rand.NewPCG(7, 7))
	month := func() (string, string) {
		d := time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3600))
		return d.Format(time.DateOnly), d.AddDate(0, 1, 0).Format(time.DateOnly)
	}
	queries := []struct {
		name string
		path func() string
	}{
		{"events-first-page", func() string { return "/api/v1/events?limit=50" }},
		{"events-type-month", func() string {
			s, u := month()
			return "/api/v1/events?limit=50&type=ASSAULT&since=" + s + "&until=" + u
		}},
		{"events-year", func() string {
			y := strconv.Itoa(2015 + r.IntN(9))
			return "/api/v1/events?limit=50&since=" + y + "-01-01&until=" + y + "-12-31"
		}},
		{"events-actor", func() string {
			return "/api/v1/events?limit=50&actor=" + url.QueryEscape([]string{"USAMIL", "IRQREBSHI", "IMGISI", "kataib"}[r.IntN(4)])
		}},
		{"events-place", func() string {
			return "/api/v1/events?limit=50&place=" + url.QueryEscape(bench.Places[r.IntN(len(bench.Places))])
		}},
		{"events-modality-type", func() string { return "/api/v1/events?limit=50&modality=threatened&type=ASSAULT" }},
		{"events-map-month", func() string {
			s, u := month()
			return "/api/v1/events?limit=1000&placed=true&brief=true&since=" + s + "&until=" + u
		}},
		{"timeline-month-all", func() string { return "/api/v1/timeline?interval=month" }},
		{"timeline-week-type", func() string { return "/api/v1/timeline?interval=week&type=ASSAULT" }},
		{"timeline-day-month", func() string {
			s, u := month()
			return "/api/v1/timeline?interval=day&since=" + s + "&until=" + u
		}},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				res, err := ts.Client().Get(ts.URL + q.path())
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", q.path(), res.StatusCode)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*95/100])/1e6, "p95-ms")
		})
	}
}

// BenchmarkDashboardFirstLoad measures opening the dashboard's overview
// in headless Chromium, from navigation to drawn (stats, timeline, map
// and latest events), on 100,000 generated event reports.
func BenchmarkDashboardFirstLoad(b *testing.B) {
	ts := benchServer(b, eventsDB(b, 100_000))
	ctx := browser(b)
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?"+strconv.Itoa(len(took))+"#/")); err != nil {
			b.Fatal(err)
		}
		v, err := chromedp.Run(ctx, chromedp.Poll[string](`(m => m && m.dataset.ready)(document.querySelector('main[data-ready]'))`,
			chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(5*time.Millisecond)))
		if err != nil || v != "overview" {
			b.Fatalf("overview: %q %v", v, err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*95/100])/1e6, "p95-ms")
}
