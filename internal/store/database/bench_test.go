package database_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

// fingerprinted returns n generated documents of 120 words, every tenth a
// cut copy of an earlier one, fingerprinted as the pipeline does, 1,000 to
// a day of publication (a theatre's daily news): stories are looked for
// among the days around a document, so the date matters.
func fingerprinted(n, from int) []*news.Document {
	r := rand.New(rand.NewPCG(uint64(from), 3))
	var recent []string
	docs := make([]*news.Document, n)
	for i := range docs {
		var text string
		if len(recent) > 0 && r.IntN(10) == 0 {
			t := recent[r.IntN(len(recent))]
			text = t[:len(t)*9/10]
		} else {
			var b strings.Builder
			for range 120 {
				fmt.Fprintf(&b, "w%d ", r.IntN(20000))
			}
			text = b.String()
			if len(recent) < 256 {
				recent = append(recent, text)
			} else {
				recent[r.IntN(len(recent))] = text
			}
		}
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (from+i)/1000)
		docs[i] = storetest.Fingerprinted(fmt.Sprintf("https://gen.example/%d", from+i), "", text, day.Format(time.DateOnly))
	}
	return docs
}

// BenchmarkPutCopies measures storing a document, its copy decision
// included, into a store that already holds n fingerprinted documents:
// the look-ups must not grow with n.
func BenchmarkPutCopies(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchPut(b, n, true) })
		// The same documents without fingerprints: what finding copies adds.
		b.Run(fmt.Sprint(n)+"-without-copies", func(b *testing.B) { benchPut(b, n, false) })
	}
}

// BenchmarkPutCopiesMillion is BenchmarkPutCopies in a store of a million
// documents: its filling takes most of an hour, so it runs only when
// asked for by name.
func BenchmarkPutCopiesMillion(b *testing.B) { benchPut(b, 1_000_000, true) }

func benchPut(b *testing.B, n int, copies bool) {
	strip := func(docs []*news.Document) []*news.Document {
		if !copies {
			for _, d := range docs {
				d.Layers = slices.DeleteFunc(d.Layers, func(l news.Layer) bool { return l == news.LayerFingerprint })
			}
		}
		return docs
	}
	{
		{
			ctx := context.Background()
			s, err := database.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			prefill(b, s, n, strip)
			more := strip(fingerprinted(64*200, n))
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				batch := more[i%len(more) : i%len(more)+64]
				i += 64
				if _, err := s.Put(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*64), "µs/doc")
		}
	}
}

// prefill stores n generated documents (a function of its own, so that
// profiles can leave it out).
func prefill(b *testing.B, s *database.Store, n int, strip func([]*news.Document) []*news.Document) {
	for from := 0; from < n; from += 1000 {
		if _, err := s.Put(context.Background(), strip(fingerprinted(1000, from))); err != nil {
			b.Fatal(err)
		}
	}
}
