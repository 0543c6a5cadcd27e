package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// memSource yields n documents made by doc, fresh each time so that the
// store adds them all.
type memSource struct {
	n   int
	doc func(i int) *news.Document
}

func (m memSource) Read(ctx context.Context, yield func(*news.Document, error) error) error {
	for i := range m.n {
		if err := yield(m.doc(i), nil); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// benchIngest runs the whole pipeline into a fresh SQLite store and
// reports documents per second.
func benchIngest(b *testing.B, workers int, doc func(i int) *news.Document) {
	st, err := database.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ReportAllocs()
	b.ResetTimer()
	rep, err := ingest.Run(b.Context(), ingest.Options{
		Source:   memSource{n: b.N, doc: doc},
		Pipeline: newPipeline(b), Sink: st, Workers: workers, BatchSize: 64,
	}, nil)
	if err != nil {
		b.Fatal(err)
	}
	if rep.Stored != b.N {
		b.Fatalf("stored %d of %d (%v)", rep.Stored, b.N, rep.Failures[:min(3, len(rep.Failures))])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkIngestHTML ingests the scrapinghub benchmark's pages, over and
// over under new URLs, into SQLite: the per-core rate is the -cpu 1 run.
func BenchmarkIngestHTML(b *testing.B) {
	dir, ok := eval.SharedData(string(eval.Scrapinghub))
	if !ok {
		b.Skip("../shared/data/scrapinghub-article-extraction not found")
	}
	pages, err := eval.LoadPages(eval.Scrapinghub, dir)
	if err != nil {
		b.Fatal(err)
	}
	benchIngest(b, runtime.GOMAXPROCS(0), func(i int) *news.Document {
		p := pages[i%len(pages)]
		return news.NewDocument(p.ID, news.FormatHTML, fmt.Sprintf("%s?copy=%d", p.URL, i), p.HTML)
	})
}

// BenchmarkIngestText ingests generated plain-text articles into SQLite.
func BenchmarkIngestText(b *testing.B) {
	benchIngest(b, runtime.GOMAXPROCS(0), func(i int) *news.Document {
		text := fmt.Sprintf("Rockets hit base near Kirkuk, report %d\nBy Hana Suleiman\nDecember 28, 2019\n\n"+
			"KIRKUK - More than 30 rockets struck the K1 base near Kirkuk on Friday, killing a US civilian contractor and wounding several US and Iraqi personnel, officials said.\n\n"+
			"No group claimed the attack, the %dth on bases hosting US forces since late October. US officials blamed Kataib Hezbollah.\n\n"+
			"Related stories\nUS strikes Kataib Hezbollah in Iraq and Syria - Tigris Wire - December 29, 2019\n© 2019 Gulf Monitor", i, i)
		return news.NewDocument("bench.txt", news.FormatText, "", []byte(text))
	})
}
