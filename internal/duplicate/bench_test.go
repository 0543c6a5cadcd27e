package duplicate_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// corpus generates n texts of about 200 words from a 20,000-word
// vocabulary, deterministically; every tenth is an earlier text cut by a
// tenth, as a syndicated copy often is.
func corpusText(r *rand.Rand, vocab []string, earlier []string) string {
	if len(earlier) > 0 && r.IntN(10) == 0 {
		t := earlier[r.IntN(len(earlier))]
		return t[:len(t)*9/10]
	}
	var b strings.Builder
	for range 200 {
		b.WriteString(vocab[r.IntN(len(vocab))])
		b.WriteByte(' ')
	}
	return b.String()
}

// A generator makes the texts of corpusText in a fixed sequence, keeping
// a pool of recent ones to copy.
type generator struct {
	r      *rand.Rand
	vocab  []string
	recent []string
}

func newGenerator() *generator {
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	return &generator{r: rand.New(rand.NewPCG(7, 11)), vocab: vocab, recent: make([]string, 0, 256)}
}

func (g *generator) next() string {
	t := corpusText(g.r, g.vocab, g.recent)
	if len(g.recent) < cap(g.recent) {
		g.recent = append(g.recent, t)
	} else {
		g.recent[g.r.IntN(len(g.recent))] = t
	}
	return t
}

// signAll signs n generated texts on all cores, as the pipeline's workers
// do.
func signAll(n int) []news.Fingerprint {
	texts := make(chan struct {
		i    int
		text string
	}, 256)
	out := make([]news.Fingerprint, n)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range texts {
				out[t.i] = duplicate.Sign("", t.text)
			}
		}()
	}
	gen := newGenerator()
	for i := range n {
		t := gen.next()
		texts <- struct {
			i    int
			text string
		}{i, t}
	}
	close(texts)
	wg.Wait()
	return out
}

// BenchmarkMemoryAdd measures adding one document to an index that
// already holds n: the cost must not grow with n.
func BenchmarkMemoryAdd(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fps := signAll(n + 20_000)
			m := duplicate.NewMemory()
			ctx := context.Background()
			for i, fp := range fps[:n] {
				m.Add(ctx, duplicate.Entry{Doc: news.ID(fmt.Sprint(i)), Fingerprint: fp})
			}
			extra := fps[n:]
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				// Past the prepared documents, go round them again: they are
				// then copies, found like any other.
				m.Add(ctx, duplicate.Entry{Doc: news.ID(fmt.Sprint(n + i)), Fingerprint: extra[i%len(extra)]})
				i++
			}
		})
	}
}

// BenchmarkDetect runs copy detection over one million generated
// documents as ingest would: signing on every core, deciding in input
// order as the signatures come back, holding no more than the index. It
// reports the time and the heap at the end. Run it alone:
//
//	go test ./internal/duplicate -run XXX -bench Detect -benchtime 1x
func BenchmarkDetect(b *testing.B) {
	const n = 1_000_000
	for b.Loop() {
		start := time.Now()
		type job struct {
			i    int
			text string
			fp   news.Fingerprint
			done chan struct{}
		}
		work := make(chan *job, 512)
		order := make(chan *job, 512)
		for range runtime.GOMAXPROCS(0) {
			go func() {
				for j := range work {
					j.fp = duplicate.Sign("", j.text)
					close(j.done)
				}
			}()
		}
		go func() {
			gen := newGenerator()
			for i := range n {
				t := gen.next()
				j := &job{i: i, text: t, done: make(chan struct{})}
				order <- j
				work <- j
			}
			close(work)
			close(order)
		}()
		m := duplicate.NewMemory()
		ctx := context.Background()
		copies := 0
		for j := range order {
			<-j.done
			d, _ := m.Add(ctx, duplicate.Entry{Doc: news.ID(fmt.Sprint(j.i)), Fingerprint: j.fp})
			if d.Of != "" {
				copies++
			}
		}
		total := time.Since(start)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(total.Seconds(), "s-total")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap")
		b.ReportMetric(float64(copies), "copies")
	}
}
