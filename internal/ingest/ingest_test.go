package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// jsonl returns n distinct JSONL documents, with a malformed line every
// badEvery lines (0: none).
func jsonl(n, badEvery int) string {
	var b strings.Builder
	for i := range n {
		if badEvery > 0 && i%badEvery == badEvery-1 {
			b.WriteString("{not json\n")
			continue
		}
		fmt.Fprintf(&b, `{"url":"https://x.example/%d","title":"Report %d","published":"2020-01-%02d","text":"Report %d: rockets struck near Camp Taji north of Baghdad, officials said."}`+"\n", i, i, i%28+1, i)
	}
	return b.String()
}

func newPipeline(t testing.TB) *pipeline.Pipeline {
	t.Helper()
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{}, pipeline.Strict())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEmitKeepsInputOrder(t *testing.T) {
	var got []string
	rep, err := ingest.Run(t.Context(), ingest.Options{
		Source:   &source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(jsonl(300, 7))},
		Pipeline: newPipeline(t),
		Workers:  4,
		Emit: func(d *news.Document) error {
			got = append(got, d.Title)
			return nil
		},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failures) != 300/7 || len(got) != 300-300/7 {
		t.Fatalf("%d emitted, %d failures", len(got), len(rep.Failures))
	}
	n := 0
	for i := range 300 {
		if i%7 == 6 {
			continue
		}
		if got[n] != fmt.Sprintf("Report %d", i) {
			t.Fatalf("position %d: %q, want Report %d", n, got[n], i)
		}
		n++
	}
	if rep.Failures[0].Input != "-:7" || !strings.Contains(rep.Failures[0].Reason, "invalid JSON") {
		t.Errorf("first failure %+v", rep.Failures[0])
	}
}

func TestStoreIsIdempotent(t *testing.T) {
	st, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for round, want := range []struct{ stored, existing int }{{500, 0}, {0, 500}} {
		rep, err := ingest.Run(t.Context(), ingest.Options{
			Source:   &source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(jsonl(500, 0))},
			Pipeline: newPipeline(t), Sink: st, Workers: 2, BatchSize: 32,
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Stored != want.stored || rep.Existing != want.existing {
			t.Errorf("round %d: stored %d existing %d, want %d %d", round, rep.Stored, rep.Existing, want.stored, want.existing)
		}
	}
}

// failingSink fails every Put after the first n, as a full disk would.
type failingSink struct {
	mu   sync.Mutex
	n    int
	puts int
	docs map[news.ID]bool
}

func (s *failingSink) Put(_ context.Context, docs []*news.Document) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts++
	if s.puts > s.n {
		return nil, errors.New("disk full")
	}
	added := make([]bool, len(docs))
	for i, d := range docs {
		added[i] = !s.docs[d.ID]
		s.docs[d.ID] = true
	}
	return added, nil
}

func TestStoreFailureStopsTheBatchAndKeepsCommits(t *testing.T) {
	sink := &failingSink{n: 3, docs: map[news.ID]bool{}}
	rep, err := ingest.Run(t.Context(), ingest.Options{
		Source:   &source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(jsonl(2000, 0))},
		Pipeline: newPipeline(t), Sink: sink, Workers: 2, BatchSize: 10,
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the store's error", err)
	}
	if rep.Stored != 30 || len(sink.docs) != 30 {
		t.Errorf("stored %d (sink has %d), want the 3 batches committed before the failure", rep.Stored, len(sink.docs))
	}
}

// TestCancelCommitsProcessedWork interrupts a batch and runs it again: the
// second run stores exactly what the first did not.
func TestCancelCommitsProcessedWork(t *testing.T) {
	st, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(t.Context())
	var prog ingest.Progress
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for prog.Stored.Load() < 100 && ctx.Err() == nil {
			// Let the first batches commit, then interrupt.
			runtime.Gosched()
		}
		cancel()
	}()
	rep1, err := ingest.Run(ctx, ingest.Options{
		Source:   &source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(jsonl(3000, 0))},
		Pipeline: newPipeline(t), Sink: st, Workers: 2, BatchSize: 20,
	}, &prog)
	<-stopped
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: err %v, want context.Canceled", err)
	}
	if rep1.Stored < 100 || rep1.Stored >= 3000 {
		t.Fatalf("first run stored %d", rep1.Stored)
	}
	rep2, err := ingest.Run(t.Context(), ingest.Options{
		Source:   &source.Paths{Paths: []string{"-"}, Stdin: strings.NewReader(jsonl(3000, 0))},
		Pipeline: newPipeline(t), Sink: st, Workers: 2, BatchSize: 20,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep1.Stored+rep2.Stored != 3000 || rep2.Existing != rep1.Stored {
		t.Errorf("first run stored %d, second stored %d and found %d; want 3000 in all, none twice", rep1.Stored, rep2.Stored, rep2.Existing)
	}
	stats, _ := st.Stats(t.Context())
	if stats.Documents != 3000 {
		t.Errorf("%d documents in the store, want 3000", stats.Documents)
	}
}

// countingSink accepts everything and, once enough has been written,
// checks that documents written earlier can be collected: ingest must not
// hold on to what it has committed.
type countingSink struct {
	put       int
	collected *int64
	mu        *sync.Mutex
	checkedAt int
	freed     bool
}

func (s *countingSink) Put(_ context.Context, docs []*news.Document) ([]bool, error) {
	s.put += len(docs)
	if s.put >= s.checkedAt && !s.freed {
		for range 50 {
			runtime.GC()
			s.mu.Lock()
			n := *s.collected
			s.mu.Unlock()
			if n > 0 {
				s.freed = true
				break
			}
			runtime.Gosched()
		}
	}
	added := make([]bool, len(docs))
	for i := range added {
		added[i] = true
	}
	return added, nil
}

// docsSource yields n documents, each with a finalizer that counts it
// collected.
type docsSource struct {
	n         int
	collected *int64
	mu        *sync.Mutex
}

func (s docsSource) Read(ctx context.Context, yield func(*news.Document, error) error) error {
	for i := range s.n {
		d := news.NewDocument(fmt.Sprintf("doc%d", i), news.FormatText, "", []byte(fmt.Sprintf("Report %d\n\nRockets struck near Camp Taji north of Baghdad on Monday, officials said.", i)))
		runtime.SetFinalizer(d, func(*news.Document) {
			s.mu.Lock()
			*s.collected++
			s.mu.Unlock()
		})
		if err := yield(d, nil); err != nil {
			return err
		}
	}
	return nil
}

// TestCommittedDocumentsAreReleased guards the memory of long ingests: a
// document stored is a document forgotten.
func TestCommittedDocumentsAreReleased(t *testing.T) {
	var collected int64
	var mu sync.Mutex
	sink := &countingSink{collected: &collected, mu: &mu, checkedAt: 1500}
	_, err := ingest.Run(t.Context(), ingest.Options{
		Source:   docsSource{n: 2000, collected: &collected, mu: &mu},
		Pipeline: newPipeline(t), Sink: sink, Workers: 2, BatchSize: 64,
	}, &ingest.Progress{})
	if err != nil {
		t.Fatal(err)
	}
	if !sink.freed {
		t.Errorf("after 1,500 documents were committed none had been collected: ingest keeps them alive")
	}
}
