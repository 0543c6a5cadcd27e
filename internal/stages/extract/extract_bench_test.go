package extract_test

import (
	"bytes"
	"context"
	"net/url"
	"testing"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
)

// BenchmarkExtractHTML measures extraction alone over the scrapinghub pages,
// one page per iteration.
func BenchmarkExtractHTML(b *testing.B) {
	dir, ok := eval.SharedData(string(eval.Scrapinghub))
	if !ok {
		b.Skip("../shared/data/scrapinghub-article-extraction not found")
	}
	pages, err := eval.LoadPages(eval.Scrapinghub, dir)
	if err != nil {
		b.Fatal(err)
	}
	ex, err := extract.New(extract.Config{})
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	for _, p := range pages {
		bytes += int64(len(p.HTML))
	}
	b.SetBytes(bytes / int64(len(pages)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pages[i%len(pages)]
		i++
		doc := news.NewDocument(p.ID, news.FormatHTML, p.URL, p.HTML)
		if err := ex.Process(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkTrafilaturaAlone is the baseline for BenchmarkExtractHTML:
// go-trafilatura on the same pages with its default options, parsing
// included, and nothing of sitrep's around it.
func BenchmarkTrafilaturaAlone(b *testing.B) {
	dir, ok := eval.SharedData(string(eval.Scrapinghub))
	if !ok {
		b.Skip("../shared/data/scrapinghub-article-extraction not found")
	}
	pages, err := eval.LoadPages(eval.Scrapinghub, dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pages[i%len(pages)]
		i++
		root, err := html.Parse(bytes.NewReader(p.HTML))
		if err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(p.URL)
		if _, err := trafilatura.ExtractDocument(root, trafilatura.Options{OriginalURL: u}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "docs/s")
}
