package server_test

import (
	"context"
	"encoding/json"
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
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/server"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/sqlite"
)

// The generated theatre: who, what, where. Sentences are built from
// these and read by the real pipeline, so the events stored are the
// events it codes.
var (
	genActors = []string{"US forces", "Iraqi forces", "Kataib Hezbollah", "Islamic State fighters", "Kurdish Peshmerga",
		"Turkish drones", "Iran-backed militias", "coalition aircraft", "Syrian Democratic Forces", "Iraqi police",
		"Popular Mobilization Forces", "Syrian government forces", "Russian aircraft", "Iraqi counter-terrorism forces"}
	genPlaces = []string{"Mosul", "Kirkuk", "Erbil", "Ain al-Asad air base", "Baghdad", "Fallujah", "Ramadi", "Tikrit",
		"Sinjar", "Deir ez-Zor", "Raqqa", "Al-Qaim", "Abu Kamal", "Hasakah", "Qamishli", "Basra", "Najaf", "Karbala",
		"Samarra", "Baqubah", "Tal Afar", "Hit", "Rutba", "Manbij", "Kobani", "Idlib", "Aleppo", "Homs", "Palmyra",
		"Anbar province", "Diyala province", "Nineveh province", "Kirkuk province", "Salahuddin province"}
	genClauses = []string{
		"%s struck %s positions near %s %s, killing %d fighters",
		"%s attacked %s in %s %s",
		"%s shelled villages held by %s south of %s %s",
		"%s arrested %d suspected members of %s in %s %s",
		"%s deployed %d troops to %s %s to confront %s",
		"%s threatened to strike %s in %s %s",
		"%s denied attacking %s near %s %s",
		"Rockets fired by %s hit a base used by %s in %s %s",
		"%s withdrew from %s %s after clashes with %s",
		"%s met leaders of %s in %s %s",
		"Hundreds of people protested against %s in %s %s, accusing %s of abuses",
		"%s may send advisers to help %s in %s %s",
	}
	genDays = []string{"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday", "overnight", "earlier this week"}
)

// genArticle writes one generated article of eight sentences as a JSONL
// line, published on day.
func genArticle(r *rand.Rand, i int, day time.Time) []byte {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var b strings.Builder
	for range 8 {
		c := pick(genClauses)
		a, t, p, d := pick(genActors), pick(genActors), pick(genPlaces), pick(genDays)
		var s string
		switch {
		case strings.HasPrefix(c, "%s struck"):
			s = fmt.Sprintf(c, a, t, p, d, 2+r.IntN(40))
		case strings.HasPrefix(c, "%s arrested"):
			s = fmt.Sprintf(c, a, 2+r.IntN(30), t, p, d)
		case strings.HasPrefix(c, "%s deployed"):
			s = fmt.Sprintf(c, a, 50+r.IntN(2000), p, d, t)
		case strings.HasPrefix(c, "%s withdrew"):
			s = fmt.Sprintf(c, a, p, d, t)
		case strings.HasPrefix(c, "Hundreds"):
			s = fmt.Sprintf(c, a, p, d, t)
		default:
			s = fmt.Sprintf(c, a, t, p, d)
		}
		b.WriteString(strings.ToUpper(s[:1]) + s[1:] + ", officials said. ")
	}
	line, _ := json.Marshal(map[string]string{
		"url":       fmt.Sprintf("https://gen.example/%d", i),
		"title":     fmt.Sprintf("Report %d from %s", i, pick(genPlaces)),
		"published": day.Add(time.Duration(r.IntN(86400)) * time.Second).Format(time.RFC3339),
		"source":    fmt.Sprintf("Outlet %d", r.IntN(40)),
		"text":      b.String(),
	})
	return append(line, '\n')
}

// eventsDB returns a database of generated articles holding at least
// events reports, built through the real pipeline and store, over ten
// years (2014-2024). It is built once and kept in $SITREP_BENCH_DIR (the
// system's temporary folder by default), since filling it takes minutes.
func eventsDB(b *testing.B, events int) string {
	b.Helper()
	dir := os.Getenv("SITREP_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("sitrep-bench-events-%d.db", events))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path+".part")
	if err != nil {
		b.Fatal(err)
	}
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	first := time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC)
	const days = 3650
	perDoc := 11 // events the pipeline codes in a generated article, about
	for i := 0; ; {
		s, err := st.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if s.Events >= events {
			b.Logf("built %s: %d documents, %d events, %d incidents in %v", path, s.Documents, s.Events, s.Incidents, time.Since(start).Round(time.Second))
			break
		}
		// A batch of 10,000 articles, spread in publication order.
		pr, pw := io.Pipe()
		go func(from int) {
			for j := from; j < from+10_000; j++ {
				day := first.AddDate(0, 0, min(j*days/max(events/perDoc, 1), days))
				if _, err := pw.Write(genArticle(r, j, day)); err != nil {
					return
				}
			}
			pw.Close()
		}(i)
		i += 10_000
		src := &source.Paths{Paths: []string{"-"}, Stdin: pr}
		if _, err := ingest.Run(ctx, ingest.Options{Source: src, Pipeline: p, Sink: st, Workers: 2, BatchSize: 256}, nil); err != nil {
			b.Fatal(err)
		}
	}
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
	st, err := sqlite.Open(context.Background(), path)
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
			return "/api/v1/events?limit=50&place=" + url.QueryEscape(genPlaces[r.IntN(len(genPlaces))])
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
