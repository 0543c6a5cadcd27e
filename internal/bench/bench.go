package bench

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// Options say what to measure.
type Options struct {
	Docs    int     // documents generated; 10,000 when zero
	Days    int     // the span they are published over; ten years when zero
	Format  string  // html, text or jsonl; html when empty
	Copies  float64 // share of syndicated copies; 0.2 when zero (negative: none)
	Seed    uint64
	Workers int // pipeline workers; 1 when zero
	// DB is where the store runs write: a SQLite file (a new one in a
	// temporary folder when empty), or a postgres:// URL, in which each
	// run makes a schema of its own.
	DB string
	// Keep keeps what the runs wrote: the SQLite file at DB, or the
	// PostgreSQL schemas.
	Keep bool
	// Pipeline makes a fresh pipeline for each run (each keeps its own
	// stage times).
	Pipeline func() (*pipeline.Pipeline, error)
	// Queue, a NATS server (nats://host:4222), adds the distributed runs:
	// the corpus is put on a stream of the run's own, and 1, then 2 ...
	// up to Procs worker processes, each held to one core, drain it into
	// a fresh store at DB.
	Queue string
	Procs int // 2 when zero
	// Worker starts one worker process on the queue at queueURL, writing
	// to db (sitrep worker, run by the command that runs the bench).
	Worker func(ctx context.Context, queueURL, db string) *exec.Cmd
}

// A Result is what one bench run measured.
type Result struct {
	Docs     int     `json:"docs"`
	Format   string  `json:"format"`
	PerDay   float64 `json:"per_day"` // documents published a day
	Workers  int     `json:"workers"`
	MB       float64 `json:"mb"`                 // the corpus's size
	Baseline *Rate   `json:"baseline,omitempty"` // go-trafilatura alone (HTML only)
	Pipeline Rate    `json:"pipeline"`           // every stage, nothing stored
	Store    Rate    `json:"store"`              // every stage, stored at DB
	Stages   []Share `json:"stages"`             // of the pipeline run
	// Queue are the distributed runs, by number of worker processes.
	Queue     []QueueRate `json:"queue,omitempty"`
	Enqueue   *Rate       `json:"enqueue,omitempty"` // putting the corpus on the queue
	Queries   []Query     `json:"queries"`
	PeakRSSMB float64     `json:"peak_rss_mb"` // of the whole run
	DB        string      `json:"db"`
	Database  string      `json:"database"` // sqlite or postgres
}

// A QueueRate is one distributed run: Procs worker processes draining
// the queue into one store.
type QueueRate struct {
	Procs      int     `json:"procs"`
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	Stored     int     `json:"stored"`
	// PeakRSSMB is the largest of the worker processes' peaks.
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// Scaling is this rate over the one-process rate.
	Scaling float64 `json:"scaling"`
}

// A Rate is one run's speed.
type Rate struct {
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	MBPerSec   float64 `json:"mb_per_sec"`
	Failed     int     `json:"failed"`
	PeakHeapMB float64 `json:"peak_heap_mb"` // Go heap in use, sampled
	Stored     int     `json:"stored,omitempty"`
}

// A Share is one stage's part of the pipeline's time.
type Share struct {
	Stage   string  `json:"stage"`
	Seconds float64 `json:"seconds"`
	Share   float64 `json:"share"`
}

// A Query is one store query's time: the median of its runs.
type Query struct {
	Name     string  `json:"name"`
	MedianMS float64 `json:"median_ms"`
}

// Run generates the corpus and measures, in order: extraction alone
// (HTML), the whole pipeline, the pipeline into the store, and queries.
func Run(ctx context.Context, o Options) (*Result, error) {
	o.Docs, o.Format, o.Workers = cmp.Or(o.Docs, 10_000), cmp.Or(o.Format, "html"), max(o.Workers, 1)
	if !slices.Contains(Formats, o.Format) {
		return nil, fmt.Errorf("format %q: want html, text or jsonl", o.Format)
	}
	if o.Copies == 0 {
		o.Copies = 0.2
	}
	o.Days = cmp.Or(o.Days, DefaultDays)
	corpus := func() *Corpus {
		return &Corpus{Seed: o.Seed, N: o.Docs, Format: o.Format, Copies: max(o.Copies, 0), Days: o.Days}
	}
	r := &Result{Docs: o.Docs, Format: o.Format, Workers: o.Workers, PerDay: float64(o.Docs) / float64(o.Days)}

	if o.Format == "html" {
		rate, err := baseline(ctx, corpus(), o.Workers)
		if err != nil {
			return nil, err
		}
		r.Baseline = &rate
	}
	p, err := o.Pipeline()
	if err != nil {
		return nil, err
	}
	c := corpus()
	r.Pipeline, err = timed(c, func() (ingest.Report, error) {
		return ingest.Run(ctx, ingest.Options{Source: c, Pipeline: p, Workers: o.Workers, BatchSize: 64}, nil)
	})
	if err != nil {
		return nil, err
	}
	r.MB = float64(c.Bytes()) / 1e6
	var total time.Duration
	stats := p.Stats()
	for _, s := range stats {
		total += s.Time
	}
	for _, s := range stats {
		r.Stages = append(r.Stages, Share{Stage: s.Name, Seconds: s.Time.Seconds(), Share: s.Time.Seconds() / max(total.Seconds(), 1e-9)})
	}

	db, done, err := o.freshDB(ctx, "sitrep_bench_")
	if err != nil {
		return nil, err
	}
	defer done()
	r.DB, r.Database = database.Redact(db), "sqlite"
	if database.IsPostgres(db) {
		r.Database = "postgres"
	}
	st, err := database.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if p, err = o.Pipeline(); err != nil {
		return nil, err
	}
	c = corpus()
	r.Store, err = timed(c, func() (ingest.Report, error) {
		return ingest.Run(ctx, ingest.Options{Source: c, Pipeline: p, Sink: st, Workers: o.Workers, BatchSize: 256}, nil)
	})
	if err != nil {
		return nil, err
	}
	if r.Queries, err = queries(ctx, st); err != nil {
		return nil, err
	}
	if o.Queue != "" {
		if err := o.distributed(ctx, r, corpus); err != nil {
			return nil, err
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.PeakRSSMB = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	if !o.Keep {
		r.DB = ""
	}
	return r, nil
}

// freshDB returns an empty store's path for one run, in a temporary
// folder, at DB, or in a schema of its own at DB, and what removes it
// after the run (nothing, with Keep).
func (o Options) freshDB(ctx context.Context, prefix string) (string, func(), error) {
	switch {
	case database.IsPostgres(o.DB):
		u, drop, err := database.Scratch(ctx, o.DB, prefix)
		if err != nil || o.Keep {
			return u, func() {}, err
		}
		return u, func() { drop() }, nil
	case o.DB != "" && o.Keep:
		return o.DB, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "sitrep-bench")
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }, nil
}

// timed runs one batch and measures it.
func timed(c *Corpus, run func() (ingest.Report, error)) (Rate, error) {
	var rep ingest.Report
	rate, err := measure(c, func() (err error) { rep, err = run(); return err })
	rate.DocsPerSec, rate.Failed, rate.Stored = float64(rep.Read)/rate.Seconds, len(rep.Failures), rep.Stored
	return rate, err
}

// measure times run, sampling the heap as it goes, and rates it by c's
// documents and bytes.
func measure(c *Corpus, run func() error) (Rate, error) {
	stop := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Go(func() { peak = sampleHeap(stop) })
	start := time.Now()
	err := run()
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		return Rate{}, err
	}
	return Rate{Seconds: took.Seconds(), DocsPerSec: float64(c.N) / took.Seconds(), MBPerSec: float64(c.Bytes()) / 1e6 / took.Seconds(),
		PeakHeapMB: float64(peak) / 1e6}, nil
}

// baseline runs go-trafilatura alone, with its default options, on each
// page, workers pages at once: what extraction costs before sitrep does
// anything.
func baseline(ctx context.Context, c *Corpus, workers int) (Rate, error) {
	var failed atomic.Int64
	rate, err := measure(c, func() error {
		in := make(chan []byte, workers*2)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for raw := range in {
					if _, err := trafilatura.Extract(bytes.NewReader(raw), trafilatura.Options{}); err != nil {
						failed.Add(1)
					}
				}
			})
		}
		err := c.Read(ctx, func(d *news.Document, err error) error {
			if err == nil {
				in <- d.Raw
			}
			return nil
		})
		close(in)
		wg.Wait()
		return err
	})
	rate.Failed = int(failed.Load())
	return rate, err
}

// queries times the dashboard's queries on what was stored.
func queries(ctx context.Context, st store.Store) ([]Query, error) {
	s, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	mid := s.First.Add(s.Last.Sub(s.First) / 2)
	qs := []struct {
		name string
		run  func() error
	}{
		{"events, first page", func() error { _, err := st.Events(ctx, store.EventQuery{Limit: 50}); return err }},
		{"events of a type in a month", func() error {
			_, err := st.Events(ctx, store.EventQuery{Limit: 50, Type: "ASSAULT", Since: mid, Until: mid.AddDate(0, 1, 0)})
			return err
		}},
		{"events at a place", func() error { _, err := st.Events(ctx, store.EventQuery{Limit: 50, Place: "Mosul"}); return err }},
		{"timeline by month", func() error { _, err := st.Timeline(ctx, store.TimelineQuery{Interval: "month"}); return err }},
		{"search", func() error { _, err := st.Search(ctx, store.Query{Text: "rockets base", Limit: 20}); return err }},
	}
	var out []Query
	for _, q := range qs {
		var took []time.Duration
		for range 11 {
			start := time.Now()
			if err := q.run(); err != nil {
				return nil, fmt.Errorf("%s: %w", q.name, err)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		out = append(out, Query{Name: q.name, MedianMS: float64(took[len(took)/2].Microseconds()) / 1000})
	}
	return out, nil
}

// Print writes r as a table for people.
func Print(w io.Writer, r *Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%d %s documents (%.1f MB, %.1f a day), %d worker(s)\n\n", r.Docs, r.Format, r.MB, r.PerDay, r.Workers)
	fmt.Fprintf(tw, "run\tdocs/s\tMB/s\tseconds\tpeak heap MB\tfailed\n")
	row := func(name string, x Rate) {
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\t%.1f\t%.0f\t%d\n", name, x.DocsPerSec, x.MBPerSec, x.Seconds, x.PeakHeapMB, x.Failed)
	}
	if r.Baseline != nil {
		row("go-trafilatura alone", *r.Baseline)
	}
	row("whole pipeline", r.Pipeline)
	row("pipeline into "+map[string]string{"postgres": "PostgreSQL"}[r.Database]+map[string]string{"sqlite": "SQLite"}[r.Database], r.Store)
	if r.Enqueue != nil {
		row("onto the queue", *r.Enqueue)
	}
	if r.Baseline != nil && r.Baseline.DocsPerSec > 0 {
		fmt.Fprintf(tw, "\nwhole pipeline / go-trafilatura alone: %.2f\n", r.Pipeline.DocsPerSec/r.Baseline.DocsPerSec)
	}
	fmt.Fprintf(tw, "\nstage\tshare\tseconds\n")
	for _, s := range r.Stages {
		fmt.Fprintf(tw, "%s\t%.0f%%\t%.1f\n", s.Stage, 100*s.Share, s.Seconds)
	}
	if len(r.Queue) > 0 {
		fmt.Fprintf(tw, "\nworker processes (1 core each)\tdocs/s\tseconds\tstored\tpeak RSS MB\tover one\n")
		for _, q := range r.Queue {
			fmt.Fprintf(tw, "%d\t%.0f\t%.1f\t%d\t%.0f\t%.2f\n", q.Procs, q.DocsPerSec, q.Seconds, q.Stored, q.PeakRSSMB, q.Scaling)
		}
	}
	fmt.Fprintf(tw, "\nquery\tmedian ms\n")
	for _, q := range r.Queries {
		fmt.Fprintf(tw, "%s\t%.1f\n", q.Name, q.MedianMS)
	}
	fmt.Fprintf(tw, "\npeak RSS: %.0f MB\n", r.PeakRSSMB)
	return tw.Flush()
}

// sampleHeap returns the most Go heap in use seen, every 50 ms, until
// stop closes.
func sampleHeap(stop <-chan struct{}) uint64 {
	var peak uint64
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}
