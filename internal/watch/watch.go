// Package watch runs sitrep watch: it polls sources all day, stores what
// they bring, checks new events against the analyst's rules, and tells
// notifiers, remembering in the store where every source stopped, which
// alerts were raised and which deliveries are still owed, so that a
// restart neither misses nor repeats (docs/watch.md).
//
// The loop: each source is polled on its own schedule and what it yields
// goes through the pipeline into the store; then, every Config.Every, the
// reports stored since the last check are matched against the event
// rules, spike rules count their periods, and owed deliveries are tried.
package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/fetch"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// A Ledger is what watch keeps in the store. The SQLite store implements
// it (migration 0016).
type Ledger interface {
	// WatchState returns the value kept under key, nil when none;
	// SetWatchState keeps one.
	WatchState(ctx context.Context, key string) ([]byte, error)
	SetWatchState(ctx context.Context, key string, value []byte) error
	// NewReports returns up to limit event reports stored after position
	// after, in the order stored, and the last one's position; ReportsEnd
	// returns the position of the last report stored.
	NewReports(ctx context.Context, after int64, limit int) ([]store.Ref, int64, error)
	ReportsEnd(ctx context.Context) (int64, error)
	// Raise records an alert for rule and subject at weight: when it is
	// new, or heavier than when last raised, it makes the next version,
	// builds its payload and queues a delivery to each notifier, at once;
	// it returns the version, or 0 when nothing changed.
	Raise(ctx context.Context, rule, subject string, weight int, notifiers []string, payload func(version int) ([]byte, error)) (int, error)
	// Due returns deliveries whose time has come; Delivered forgets one;
	// Retry keeps one for another try at next.
	Due(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error)
	Delivered(ctx context.Context, id int64) error
	Retry(ctx context.Context, id int64, next time.Time, reason string) error
}

// A Store is a store with a ledger.
type Store interface {
	store.Store
	Ledger
}

// Options are a Watcher's parts beside its config.
type Options struct {
	Logger *slog.Logger // stderr, text, when nil
	Stdout io.Writer    // where stdout notifiers write; os.Stdout when nil
	Now    func() time.Time
	// Workers runs the pipeline on this many documents at once; 1 when 0.
	Workers int
}

// A Watcher watches what its config says.
type Watcher struct {
	cfg       *Config
	st        Store
	pipe      *pipeline.Pipeline
	log       *slog.Logger
	now       func() time.Time
	workers   int
	pollers   map[string]source.Poller
	notifiers map[string]Notifier

	mu      sync.Mutex // one check of rules and deliveries at a time
	pending chan struct{}
}

// New returns a watcher of cfg over st, processing with p.
func New(cfg *Config, st Store, p *pipeline.Pipeline, o Options) *Watcher {
	w := &Watcher{cfg: cfg, st: st, pipe: p, log: o.Logger, now: o.Now, workers: max(o.Workers, 1),
		pollers: map[string]source.Poller{}, notifiers: map[string]Notifier{}, pending: make(chan struct{}, 1)}
	if w.log == nil {
		w.log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if w.now == nil {
		w.now = time.Now
	}
	stdout := o.Stdout
	if stdout == nil {
		stdout = os.Stdout
	}
	f := cfg.Fetch
	client := fetch.New(fetch.Options{UserAgent: f.UserAgent, Timeout: time.Duration(f.Timeout), MaxBytes: int64(f.MaxBytes),
		PerHost: time.Duration(f.PerHost), AllowPrivate: f.AllowPrivate, IgnoreRobots: f.IgnoreRobots})
	for _, s := range cfg.Sources {
		switch s.Kind() {
		case "feed":
			w.pollers[s.Name] = &source.Feed{URL: s.Feed, Name: s.Outlet, Client: client, ItemsOnly: s.ItemsOnly, Now: w.now}
		case "folder":
			w.pollers[s.Name] = &source.Folder{Path: s.Folder, Source: s.Outlet}
		case "warc":
			w.pollers[s.Name] = &source.WARC{Path: s.WARC}
		case "jsonl":
			w.pollers[s.Name] = &source.JSONLStream{Path: s.JSONL, Source: s.Outlet}
		}
	}
	for _, n := range cfg.Notifiers {
		w.notifiers[n.Name] = newNotifier(n, stdout)
	}
	return w
}

// Run watches until ctx ends, then returns nil: what was stored and
// raised is kept, and deliveries still owed are made at the next start.
func (w *Watcher) Run(ctx context.Context) error {
	if err := w.start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	var wg sync.WaitGroup
	for _, s := range w.cfg.Sources {
		wg.Go(func() {
			for {
				if n, err := w.Poll(ctx, s.Name); err != nil && ctx.Err() == nil {
					w.log.Warn("poll failed", "source", s.Name, "err", err)
				} else if n > 0 {
					w.wake()
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Duration(s.Every)):
				}
			}
		})
	}
	tick := time.NewTicker(time.Duration(w.cfg.Every))
	defer tick.Stop()
	for {
		if err := w.Check(ctx); err != nil && ctx.Err() == nil {
			w.log.Warn("check failed", "err", err)
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-tick.C:
		case <-w.pending:
		}
	}
}

// Once polls every source once, checks the rules and makes the
// deliveries owed: a run for cron, and for tests.
func (w *Watcher) Once(ctx context.Context) error {
	if err := w.start(ctx); err != nil {
		return err
	}
	var errs []error
	for _, s := range w.cfg.Sources {
		if _, err := w.Poll(ctx, s.Name); err != nil {
			errs = append(errs, fmt.Errorf("source %s: %w", s.Name, err))
		}
	}
	if err := w.Check(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (w *Watcher) wake() {
	select {
	case w.pending <- struct{}{}:
	default:
	}
}

// eventsKey is the ledger key of the last report checked against rules.
const eventsKey = "events"

// start begins a watch of a store it has not watched at its end: the
// analyst is told of what happens from now on, not of years of backlog.
func (w *Watcher) start(ctx context.Context) error {
	v, err := w.st.WatchState(ctx, eventsKey)
	if err != nil || v != nil {
		return err
	}
	end, err := w.st.ReportsEnd(ctx)
	if err != nil {
		return err
	}
	if end > 0 {
		w.log.Info("first watch of this store: rules apply to events stored from now on", "reports_before", end)
	}
	return w.st.SetWatchState(ctx, eventsKey, []byte(strconv.FormatInt(end, 10)))
}

// Poll reads what is new at one source into the store and keeps where it
// stopped; it returns how many documents were added.
func (w *Watcher) Poll(ctx context.Context, name string) (int, error) {
	p := w.pollers[name]
	if p == nil {
		return 0, fmt.Errorf("no source named %q", name)
	}
	key := "source:" + name
	state, err := w.st.WatchState(ctx, key)
	if err != nil {
		return 0, err
	}
	var next []byte
	var pollErr error
	src := sourceFunc(func(ctx context.Context, yield func(*news.Document, error) error) error {
		next, pollErr = p.Poll(ctx, state, yield)
		if pollErr != nil && ctx.Err() == nil {
			return nil // the poll failed as a whole: nothing to keep, the batch is fine
		}
		return pollErr
	})
	start := w.now()
	rep, err := ingest.Run(ctx, ingest.Options{Source: src, Pipeline: w.pipe, Sink: w.st, Workers: w.workers, BatchSize: 64}, nil)
	for _, f := range rep.Failures {
		w.log.Warn("input failed", "source", name, "input", f.Input, "reason", f.Reason)
	}
	if err != nil {
		return rep.Stored, err
	}
	if pollErr != nil {
		return rep.Stored, pollErr
	}
	// Only now that what it yielded is committed: a crash before this
	// reads it again, and the store adds nothing twice.
	if err := w.st.SetWatchState(ctx, key, next); err != nil {
		return rep.Stored, err
	}
	if rep.Read > 0 || len(rep.Failures) > 0 {
		w.log.Info("polled", "source", name, "read", rep.Read, "stored", rep.Stored, "existing", rep.Existing,
			"failed", len(rep.Failures), "took", w.now().Sub(start).Round(time.Millisecond))
	}
	return rep.Stored, nil
}

type sourceFunc func(ctx context.Context, yield func(*news.Document, error) error) error

func (f sourceFunc) Read(ctx context.Context, yield func(*news.Document, error) error) error {
	return f(ctx, yield)
}

// Check matches the reports stored since the last check against the
// event rules, counts the spike rules' periods, and delivers what is due.
func (w *Watcher) Check(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return errors.Join(w.checkEvents(ctx), w.checkSpikes(ctx), w.deliver(ctx))
}

// checkEvents runs the event rules over new reports, a batch at a time,
// keeping its place after each batch.
func (w *Watcher) checkEvents(ctx context.Context) error {
	var rules []*RuleConfig
	for i := range w.cfg.Rules {
		if w.cfg.Rules[i].When != "" {
			rules = append(rules, &w.cfg.Rules[i])
		}
	}
	v, err := w.st.WatchState(ctx, eventsKey)
	if err != nil {
		return err
	}
	at, _ := strconv.ParseInt(string(v), 10, 64)
	for {
		refs, last, err := w.st.NewReports(ctx, at, 500)
		if err != nil || len(refs) == 0 {
			return err
		}
		if len(rules) > 0 {
			if err := w.match(ctx, refs, rules); err != nil {
				return err
			}
		}
		// Raising is idempotent (an alert is raised again only heavier),
		// so a crash before this line repeats nothing.
		if err := w.st.SetWatchState(ctx, eventsKey, []byte(strconv.FormatInt(last, 10))); err != nil {
			return err
		}
		at = last
	}
}

// match checks each report in refs against rules and raises alerts.
func (w *Watcher) match(ctx context.Context, refs []store.Ref, rules []*RuleConfig) error {
	byDoc := map[news.ID][]int{}
	var docs []news.ID
	for _, r := range refs {
		if byDoc[r.Doc] == nil {
			docs = append(docs, r.Doc)
		}
		byDoc[r.Doc] = append(byDoc[r.Doc], r.Index)
	}
	stories := map[news.ID]*store.StoryHit{} // by document, read once
	for _, doc := range docs {
		hits, err := w.st.Events(ctx, store.EventQuery{Doc: doc, Reports: true, Limit: 10_000})
		if err != nil {
			return fmt.Errorf("document %s: %w", doc, err)
		}
		// One sentence coded twice as one type ("rockets ... hit") is one
		// event, whether or not the two reports merged: one alert.
		said := map[string]string{}
		for _, h := range hits {
			if !slices.Contains(byDoc[doc], h.Index) {
				continue
			}
			for _, r := range rules {
				if !r.rule.Match(&h) {
					continue
				}
				key := r.Name + "\x00" + h.Event.Type + "\x00" + h.Event.Sentence
				if inc, ok := said[key]; ok && inc != h.Incident {
					continue
				}
				said[key] = h.Incident
				if err := w.raise(ctx, r, h, stories); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// raise raises rule r's alert for the report h: of its incident, or of
// its document's story (stories caches the stories read, by document).
func (w *Watcher) raise(ctx context.Context, r *RuleConfig, h store.EventHit, stories map[news.ID]*store.StoryHit) error {
	rec := h.Record()
	a := Alert{Rule: r.Name, Kind: "event", Subject: h.Incident, Summary: rec.Summary(), Event: &rec}
	weight := max(h.Sources, 1)
	if r.Per == "story" {
		sh, ok := stories[h.Doc]
		if !ok {
			d, err := w.st.Get(ctx, string(h.Doc))
			if err != nil {
				return fmt.Errorf("document %s: %w", h.Doc, err)
			}
			if d.Story != "" {
				hits, err := w.st.Stories(ctx, store.StoryQuery{ID: d.Story, Limit: 1})
				if err != nil {
					return fmt.Errorf("story %s: %w", d.Story, err)
				}
				if len(hits) == 1 {
					sh = &hits[0]
				}
			}
			stories[h.Doc] = sh
		}
		if sh != nil { // else a document in no story: its event stands alone
			a.Kind, a.Subject, weight = "story", sh.ID, max(sh.Sources, 1)
			a.Story = &Story{ID: sh.ID, Title: sh.Title, Documents: sh.Size, Outlets: sh.Sources}
			a.Summary = fmt.Sprintf("%s; in the story %q, %d document%s from %d outlet%s", rec.Summary(), sh.Title,
				sh.Size, plural(sh.Size), sh.Sources, plural(sh.Sources))
		}
	}
	a.ID = r.Name + "/" + a.Subject
	version, err := w.st.Raise(ctx, r.Name, a.Subject, weight, r.Notify, func(version int) ([]byte, error) {
		a.Version, a.Raised = version, w.now().UTC()
		return json.Marshal(a)
	})
	if err != nil {
		return err
	}
	if version > 0 {
		w.log.Info("alert", "rule", r.Name, a.Kind, a.Subject, "version", version, "sources", weight)
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// checkSpikes counts each spike rule's periods: when the current one is
// above its baseline's mean plus Sigma deviations, and at least Min, the
// period is alerted on, and again as its count grows.
func (w *Watcher) checkSpikes(ctx context.Context) error {
	for i := range w.cfg.Rules {
		r := &w.cfg.Rules[i]
		if r.Spike == "" {
			continue
		}
		q, err := r.rule.Query()
		if err != nil {
			return err
		}
		now := w.now().UTC()
		days := 1
		cur := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if r.Period == "week" {
			days = 7
			cur = cur.AddDate(0, 0, -((int(cur.Weekday()) + 6) % 7)) // Monday
		}
		q.Since, q.Until = cur.AddDate(0, 0, -days*r.Baseline), now
		counts, err := w.st.Timeline(ctx, store.TimelineQuery{EventQuery: q, Interval: r.Period})
		if err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
		by := map[string]int{}
		for _, c := range counts {
			by[c.Period] += c.Events
		}
		base := make([]int, r.Baseline)
		var sum float64
		for j := range base {
			base[j] = by[cur.AddDate(0, 0, -days*(r.Baseline-j)).Format(time.DateOnly)]
			sum += float64(base[j])
		}
		mean := sum / float64(len(base))
		var ss float64
		for _, n := range base {
			ss += (float64(n) - mean) * (float64(n) - mean)
		}
		sd := math.Sqrt(ss / float64(len(base)))
		count := by[cur.Format(time.DateOnly)]
		threshold := mean + r.Sigma*sd
		if count < r.Min || float64(count) <= threshold {
			continue
		}
		sp := &Spike{Query: r.Spike, Period: r.Period, Start: cur.Format(time.DateOnly), Count: count,
			Mean: round2(mean), SD: round2(sd), Threshold: round2(threshold), Baseline: base}
		version, err := w.st.Raise(ctx, r.Name, sp.Start, count, r.Notify, func(version int) ([]byte, error) {
			return json.Marshal(Alert{ID: r.Name + "/" + sp.Start, Rule: r.Name, Kind: "spike", Subject: sp.Start, Version: version,
				Raised: now, Spike: sp, Summary: fmt.Sprintf("%d events (%s) in the %s from %s, against %.1f a %s before (threshold %.1f)",
					count, r.Spike, r.Period, sp.Start, mean, r.Period, threshold)})
		})
		if err != nil {
			return err
		}
		if version > 0 {
			w.log.Info("alert", "rule", r.Name, "period", sp.Start, "version", version, "count", count)
		}
	}
	return nil
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// deliver makes the deliveries that are due; one that fails waits
// longer each time (retryAfter) and stays in the store until it goes.
func (w *Watcher) deliver(ctx context.Context) error {
	for {
		due, err := w.st.Due(ctx, w.now(), 100)
		if err != nil || len(due) == 0 {
			return err
		}
		for _, d := range due {
			n := w.notifiers[d.Notifier]
			var nerr error
			if n == nil {
				nerr = fmt.Errorf("no notifier is named %q in the config any more", d.Notifier)
			} else {
				dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				nerr = n.Notify(dctx, d)
				cancel()
			}
			if ctx.Err() != nil {
				return nil // stopping: the delivery stays owed
			}
			if nerr == nil {
				if err := w.st.Delivered(ctx, d.ID); err != nil {
					return err
				}
				continue
			}
			wait := retryAfter(d.Attempts)
			w.log.Warn("delivery failed", "notifier", d.Notifier, "alert", d.Rule+"/"+d.Subject, "version", d.Version,
				"attempt", d.Attempts+1, "retry_in", wait, "err", nerr)
			if err := w.st.Retry(ctx, d.ID, w.now().Add(wait), nerr.Error()); err != nil {
				return err
			}
		}
	}
}
