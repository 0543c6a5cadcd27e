// Package pipeline runs documents through an ordered list of stages.
//
// A stage declares the annotation layers it requires and provides; New
// refuses a pipeline in which a stage requires a layer no earlier stage
// provides. Run hands each document to one of N workers, and each worker runs
// every stage on it in order, so stages themselves never start goroutines.
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// A Stage adds one or more annotation layers to a document.
//
// Process annotates doc in place and must not keep doc after it returns.
// The pipeline calls Process from several goroutines at once, each with a
// different document, so implementations must be safe for concurrent use.
// Process returns an error only when the document could not be handled at
// all (it is then dropped and reported); trouble with part of a document
// belongs in doc.Problems.
type Stage interface {
	Process(ctx context.Context, doc *news.Document) error
}

// StageFunc adapts an ordinary function to the Stage interface.
type StageFunc func(ctx context.Context, doc *news.Document) error

// Process calls f(ctx, doc).
func (f StageFunc) Process(ctx context.Context, doc *news.Document) error { return f(ctx, doc) }

// Annotator returns a Spec.New for a stage that annotates each document in
// place and cannot fail: it decodes the stage's settings over def and
// hands them to build, which returns the function to run on each
// document.
func Annotator[C any](def C, build func(C) (func(*news.Document), error)) func(Env, func(any) error) (Stage, error) {
	return func(_ Env, decode func(any) error) (Stage, error) {
		cfg := def
		if err := decode(&cfg); err != nil {
			return nil, err
		}
		f, err := build(cfg)
		if err != nil {
			return nil, err
		}
		return StageFunc(func(_ context.Context, doc *news.Document) error {
			f(doc)
			return nil
		}), nil
	}
}

// A Spec tells the pipeline how to build a stage and what it reads and writes.
type Spec struct {
	Name     string       // used in settings, logs and reports, e.g. "extract"
	Requires []news.Layer // layers an earlier stage must provide
	Provides []news.Layer
	// New builds the stage. decode fills its argument with the stage's
	// settings and leaves it untouched when there are none, so a stage
	// starts from its defaults and decodes over them.
	New func(env Env, decode func(into any) error) (Stage, error)
}

// Env is what a stage may take from its surroundings.
type Env struct {
	Logger *slog.Logger // tagged with "stage", Spec.Name
}

// Settings holds each stage's settings by stage name, in any form that
// encodes to JSON: a struct, or a map decoded from a configuration file.
type Settings map[string]any

// A Pipeline is an ordered list of built stages. It is safe for concurrent
// use; statistics are shared by all callers.
type Pipeline struct {
	names  []string
	stages []Stage
	stats  []stageStats
	strict bool
}

// Option changes how a pipeline runs.
type Option func(*Pipeline)

// Strict makes the pipeline validate each document after every stage and
// fail it when the document's invariants no longer hold. Tests use it.
func Strict() Option { return func(p *Pipeline) { p.strict = true } }

// New builds a pipeline from specs in order. It fails, naming the stage and
// the layer, when a stage requires a layer that no earlier stage provides,
// or when a stage cannot be built from its settings.
func New(specs []Spec, settings Settings, env Env, opts ...Option) (*Pipeline, error) {
	if err := Check(specs); err != nil {
		return nil, err
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Pipeline{}
	for _, o := range opts {
		o(p)
	}
	for _, s := range specs {
		raw, ok := settings[s.Name]
		decode := func(into any) error {
			if !ok {
				return nil
			}
			b, err := json.Marshal(raw)
			if err != nil {
				return fmt.Errorf("stage %s: settings: %w", s.Name, err)
			}
			if err := json.Unmarshal(b, into); err != nil {
				return fmt.Errorf("stage %s: settings: %w", s.Name, err)
			}
			return nil
		}
		stageEnv := env
		stageEnv.Logger = env.Logger.With("stage", s.Name)
		st, err := s.New(stageEnv, decode)
		if err != nil {
			return nil, fmt.Errorf("stage %s: %w", s.Name, err)
		}
		p.names = append(p.names, s.Name)
		p.stages = append(p.stages, st)
	}
	p.stats = make([]stageStats, len(p.stages))
	return p, nil
}

// Check reports the first stage in specs that requires a layer no earlier
// stage provides, or that repeats a stage name.
func Check(specs []Spec) error {
	have := map[news.Layer]bool{}
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.Name] {
			return fmt.Errorf("stage %s appears twice", s.Name)
		}
		seen[s.Name] = true
		for _, l := range s.Requires {
			if !have[l] {
				return fmt.Errorf("stage %s requires layer %q, which no earlier stage provides", s.Name, l)
			}
		}
		for _, l := range s.Provides {
			have[l] = true
		}
	}
	return nil
}

// A StageError is a document a stage could not handle.
type StageError struct {
	Stage string
	Input string // the document's input, for reports
	Err   error
}

func (e *StageError) Error() string { return fmt.Sprintf("%s: %s: %v", e.Input, e.Stage, e.Err) }
func (e *StageError) Unwrap() error { return e.Err }

// process runs one stage, turning a panic into an error on this document:
// one broken page must not stop a batch.
func process(ctx context.Context, st Stage, doc *news.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return st.Process(ctx, doc)
}

// Process runs every stage on doc, in order. It returns a *StageError when
// a stage fails the document, or ctx.Err() when ctx is cancelled.
func (p *Pipeline) Process(ctx context.Context, doc *news.Document) error {
	for i, st := range p.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := time.Now()
		err := process(ctx, st, doc)
		p.stats[i].observe(time.Since(start), err != nil)
		if err == nil && p.strict {
			err = doc.Validate()
		}
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return err
			}
			return &StageError{Stage: p.names[i], Input: doc.Input, Err: err}
		}
	}
	return nil
}

// A Result is a document that went through the pipeline, or the error that
// stopped it.
type Result struct {
	Doc *news.Document
	Err error // nil, or a *StageError
}

// Run takes documents from in until it is closed or ctx is cancelled,
// processes them with workers goroutines (at least one), and sends each
// result to out. Results may arrive in a different order from in. Run does
// not close out; it returns when every document it took has been sent, with
// ctx.Err() if it stopped early.
func (p *Pipeline) Run(ctx context.Context, workers int, in <-chan *news.Document, out chan<- Result) error {
	if workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var doc *news.Document
				var ok bool
				select {
				case <-ctx.Done():
					return
				case doc, ok = <-in:
					if !ok {
						return
					}
				}
				err := p.Process(ctx, doc)
				if ctx.Err() != nil && err != nil && errors.Is(err, ctx.Err()) {
					return
				}
				select {
				case out <- Result{Doc: doc, Err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// StageStats is how one stage has fared since the pipeline was built.
type StageStats struct {
	Name   string
	Calls  int
	Failed int
	Time   time.Duration // total time spent in Process
}

// Stats returns each stage's statistics, in pipeline order.
func (p *Pipeline) Stats() []StageStats {
	out := make([]StageStats, len(p.stages))
	for i := range p.stats {
		s := &p.stats[i]
		s.mu.Lock()
		out[i] = StageStats{Name: p.names[i], Calls: s.calls, Failed: s.failed, Time: s.time}
		s.mu.Unlock()
	}
	return out
}

// Names returns the stage names in order.
func (p *Pipeline) Names() []string { return append([]string(nil), p.names...) }

type stageStats struct {
	mu     sync.Mutex
	calls  int
	failed int
	time   time.Duration
}

func (s *stageStats) observe(d time.Duration, failed bool) {
	s.mu.Lock()
	s.calls++
	s.time += d
	if failed {
		s.failed++
	}
	s.mu.Unlock()
}
