package pipeline_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

const (
	layerA news.Layer = "a"
	layerB news.Layer = "b"
)

// spec returns a stage that appends name to the document's text.
func spec(name string, requires, provides []news.Layer) pipeline.Spec {
	return pipeline.Spec{
		Name: name, Requires: requires, Provides: provides,
		New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
			return pipeline.StageFunc(func(_ context.Context, d *news.Document) error {
				d.Text += name
				for _, l := range provides {
					d.Layers.Add(l)
				}
				return nil
			}), nil
		},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		specs []pipeline.Spec
		err   string
	}{
		{"ordered", []pipeline.Spec{spec("x", nil, []news.Layer{layerA}), spec("y", []news.Layer{layerA}, []news.Layer{layerB})}, ""},
		{"missing layer", []pipeline.Spec{spec("y", []news.Layer{layerA}, nil)}, `stage y requires layer "a", which no earlier stage provides`},
		{"wrong order", []pipeline.Spec{spec("y", []news.Layer{layerA}, nil), spec("x", nil, []news.Layer{layerA})}, `stage y requires layer "a"`},
		{"duplicate", []pipeline.Spec{spec("x", nil, nil), spec("x", nil, nil)}, "stage x appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pipeline.New(tt.specs, nil, pipeline.Env{})
			if tt.err == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("New error = %v, want one containing %q", err, tt.err)
			}
		})
	}
}

func TestProcessRunsStagesInOrder(t *testing.T) {
	p, err := pipeline.New([]pipeline.Spec{spec("x", nil, []news.Layer{layerA}), spec("y", []news.Layer{layerA}, nil)}, nil, pipeline.Env{})
	if err != nil {
		t.Fatal(err)
	}
	d := &news.Document{}
	if err := p.Process(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	if d.Text != "xy" {
		t.Errorf("text = %q, want stages x then y", d.Text)
	}
	if st := p.Stats(); len(st) != 2 || st[0].Calls != 1 || st[1].Name != "y" {
		t.Errorf("stats = %+v", st)
	}
}

func TestSettingsAreDecoded(t *testing.T) {
	type cfg struct {
		Word string `json:"word"`
	}
	var got cfg
	s := pipeline.Spec{Name: "s", New: func(_ pipeline.Env, decode func(any) error) (pipeline.Stage, error) {
		got = cfg{Word: "default"}
		return pipeline.StageFunc(func(context.Context, *news.Document) error { return nil }), decode(&got)
	}}
	if _, err := pipeline.New([]pipeline.Spec{s}, nil, pipeline.Env{}); err != nil || got.Word != "default" {
		t.Fatalf("no settings: word %q, err %v; want the default kept", got.Word, err)
	}
	if _, err := pipeline.New([]pipeline.Spec{s}, pipeline.Settings{"s": map[string]any{"word": "set"}}, pipeline.Env{}); err != nil || got.Word != "set" {
		t.Fatalf("settings: word %q, err %v", got.Word, err)
	}
	if _, err := pipeline.New([]pipeline.Spec{s}, pipeline.Settings{"s": map[string]any{"word": 3}}, pipeline.Env{}); err == nil || !strings.Contains(err.Error(), "stage s") {
		t.Fatalf("bad settings: err %v, want one naming the stage", err)
	}
}

// Annotator decodes settings over the defaults, passes them to the
// constructor, runs what it returns on each document, and reports a
// constructor's error.
func TestAnnotator(t *testing.T) {
	type cfg struct {
		Word string `json:"word"`
	}
	build := func(c cfg) (func(*news.Document), error) {
		if c.Word == "" {
			return nil, errors.New("no word")
		}
		return func(d *news.Document) { d.Text += c.Word }, nil
	}
	s := pipeline.Spec{Name: "s", New: pipeline.Annotator(cfg{Word: "default"}, build)}
	for _, tt := range []struct {
		settings pipeline.Settings
		want     string
	}{
		{nil, "default"},
		{pipeline.Settings{"s": map[string]any{"word": "set"}}, "set"},
	} {
		p, err := pipeline.New([]pipeline.Spec{s}, tt.settings, pipeline.Env{})
		if err != nil {
			t.Fatal(err)
		}
		d := &news.Document{}
		if err := p.Process(context.Background(), d); err != nil || d.Text != tt.want {
			t.Errorf("settings %v: text %q, err %v; want %q", tt.settings, d.Text, err, tt.want)
		}
	}
	if _, err := pipeline.New([]pipeline.Spec{s}, pipeline.Settings{"s": map[string]any{"word": ""}}, pipeline.Env{}); err == nil || !strings.Contains(err.Error(), "no word") {
		t.Errorf("constructor error: %v, want it reported", err)
	}
}

func TestStageErrorNamesStageAndInput(t *testing.T) {
	boom := errors.New("boom")
	s := pipeline.Spec{Name: "bad", New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
		return pipeline.StageFunc(func(context.Context, *news.Document) error { return boom }), nil
	}}
	p, _ := pipeline.New([]pipeline.Spec{s}, nil, pipeline.Env{})
	err := p.Process(t.Context(), &news.Document{Input: "in.html"})
	var se *pipeline.StageError
	if !errors.As(err, &se) || se.Stage != "bad" || se.Input != "in.html" || !errors.Is(err, boom) {
		t.Fatalf("err = %v, want a StageError for stage bad, input in.html, wrapping boom", err)
	}
}

// A stage that panics on one document fails that document, not the run.
func TestPanicIsTheDocumentsError(t *testing.T) {
	s := pipeline.Spec{Name: "panics", New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
		return pipeline.StageFunc(func(_ context.Context, d *news.Document) error {
			if d.Input == "bad" {
				var xs []int
				_ = xs[3]
			}
			return nil
		}), nil
	}}
	p, _ := pipeline.New([]pipeline.Spec{s}, nil, pipeline.Env{})
	err := p.Process(t.Context(), &news.Document{Input: "bad"})
	var se *pipeline.StageError
	if !errors.As(err, &se) || se.Stage != "panics" || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("err = %v, want a StageError naming the panic", err)
	}
	if err := p.Process(t.Context(), &news.Document{Input: "good"}); err != nil {
		t.Fatalf("the next document failed too: %v", err)
	}
}

func TestStrictValidates(t *testing.T) {
	s := pipeline.Spec{Name: "breaks", Provides: []news.Layer{news.LayerText}, New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
		return pipeline.StageFunc(func(_ context.Context, d *news.Document) error {
			d.Text = "\xff"
			d.Layers.Add(news.LayerText)
			return nil
		}), nil
	}}
	p, _ := pipeline.New([]pipeline.Spec{s}, nil, pipeline.Env{}, pipeline.Strict())
	if err := p.Process(t.Context(), &news.Document{}); err == nil {
		t.Error("strict pipeline accepted a document with invalid text")
	}
}

func TestRunProcessesEveryDocument(t *testing.T) {
	var calls atomic.Int64
	s := pipeline.Spec{Name: "count", New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
		return pipeline.StageFunc(func(_ context.Context, d *news.Document) error {
			calls.Add(1)
			if d.Input == "fail" {
				return errors.New("no")
			}
			return nil
		}), nil
	}}
	p, _ := pipeline.New([]pipeline.Spec{s}, nil, pipeline.Env{})
	in := make(chan *news.Document)
	out := make(chan pipeline.Result, 200)
	go func() {
		for i := range 100 {
			input := "ok"
			if i%10 == 0 {
				input = "fail"
			}
			in <- &news.Document{Input: input}
		}
		close(in)
	}()
	if err := p.Run(t.Context(), 4, in, out); err != nil {
		t.Fatal(err)
	}
	close(out)
	var ok, failed int
	for r := range out {
		if r.Err != nil {
			failed++
		} else {
			ok++
		}
	}
	if ok != 90 || failed != 10 || calls.Load() != 100 {
		t.Errorf("ok %d failed %d calls %d; want 90, 10, 100", ok, failed, calls.Load())
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	p, _ := pipeline.New([]pipeline.Spec{spec("x", nil, nil)}, nil, pipeline.Env{})
	ctx, cancel := context.WithCancel(t.Context())
	in := make(chan *news.Document) // never closed
	out := make(chan pipeline.Result)
	done := make(chan error)
	go func() { done <- p.Run(ctx, 2, in, out) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
}
