package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
)

func articles(seed uint64, n int, copies float64) []Article {
	g := NewGenerator(seed, n, copies)
	var out []Article
	for a, ok := g.Next(); ok; a, ok = g.Next() {
		out = append(out, a)
	}
	return out
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b, c := articles(7, 200, 0.2), articles(7, 200, 0.2), articles(8, 200, 0.2)
	if len(a) != 200 {
		t.Fatalf("%d articles, want 200", len(a))
	}
	same := func(x, y []Article) bool {
		for i := range x {
			if x[i].URL != y[i].URL || x[i].Title != y[i].Title || strings.Join(x[i].Paragraphs, "") != strings.Join(y[i].Paragraphs, "") {
				return false
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("one seed gave two corpora")
	}
	if same(a, c) {
		t.Error("two seeds gave one corpus")
	}
	copies := 0
	for i, x := range a {
		if i > 0 && x.Published.Before(a[i-1].Published.Add(-7*24*3600e9)) {
			t.Errorf("article %d published %v, well before article %d (%v)", i, x.Published, i-1, a[i-1].Published)
		}
		if x.CopyOf != "" {
			copies++
		}
	}
	if copies < 20 || copies > 60 {
		t.Errorf("%d copies in 200 at a share of 0.2", copies)
	}
	if n := articles(7, 200, -1); func() int {
		k := 0
		for _, x := range n {
			if x.CopyOf != "" {
				k++
			}
		}
		return k
	}() != 0 {
		t.Error("copies made at a share of -1")
	}
}

func TestFormats(t *testing.T) {
	g := NewGenerator(1, 3, 0)
	a, _ := g.Next()
	if page := string(g.HTML(a)); !strings.Contains(page, "<article><h1>") || !strings.Contains(page, a.Paragraphs[0][:20]) {
		t.Errorf("html: %s", page)
	}
	if text := string(g.Text(a)); !strings.HasPrefix(text, a.Title+"\nBy ") {
		t.Errorf("text: %s", text)
	}
	var rec map[string]string
	if err := json.Unmarshal(g.JSONL(a), &rec); err != nil || rec["url"] != a.URL || rec["text"] == "" {
		t.Errorf("jsonl: %v %v", rec, err)
	}
	for _, f := range Formats {
		c := &Corpus{Seed: 1, N: 25, Format: f, Copies: 0.2}
		n := 0
		err := c.Read(context.Background(), func(d *news.Document, err error) error {
			if err != nil {
				t.Errorf("%s: %v", f, err)
			}
			n++
			return nil
		})
		if err != nil || n != 25 || c.Bytes() == 0 {
			t.Errorf("%s: %d documents, %d bytes, %v", f, n, c.Bytes(), err)
		}
	}
}

func TestRun(t *testing.T) {
	r, err := Run(t.Context(), Options{Docs: 40, Format: "html", Workers: 2,
		Pipeline: func() (*pipeline.Pipeline, error) { return pipeline.New(stages.Builtin, nil, pipeline.Env{}) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Baseline == nil || r.Baseline.DocsPerSec <= 0 || r.Pipeline.DocsPerSec <= 0 || r.Store.Stored != 40 || r.MB <= 0 {
		t.Errorf("rates: %+v %+v %+v", r.Baseline, r.Pipeline, r.Store)
	}
	var share float64
	for _, s := range r.Stages {
		share += s.Share
	}
	if len(r.Stages) != len(stages.Builtin) || share < 0.99 || share > 1.01 {
		t.Errorf("stages: %+v", r.Stages)
	}
	if len(r.Queries) != 5 || r.PeakRSSMB <= 0 {
		t.Errorf("queries %+v, peak RSS %v", r.Queries, r.PeakRSSMB)
	}
	var out bytes.Buffer
	if err := Print(&out, r); err != nil || !strings.Contains(out.String(), "whole pipeline / go-trafilatura alone") {
		t.Errorf("print: %v\n%s", err, out.String())
	}
	if _, err := Run(t.Context(), Options{Format: "pdf"}); err == nil {
		t.Error("format pdf accepted")
	}
}

// BenchmarkCorpus measures making the corpus alone, which the rates
// above include.
func BenchmarkCorpus(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c := &Corpus{Seed: 1, N: 1000, Format: "html", Copies: 0.2}
		c.Read(context.Background(), func(*news.Document, error) error { return nil })
	}
}

// Over keeps the articles and moves their dates: the same texts, more
// of them a day.
func TestGeneratorOver(t *testing.T) {
	ten, week := NewGenerator(5, 700, 0.2), NewGenerator(5, 700, 0.2).Over(7)
	var last Article
	for {
		a, ok := ten.Next()
		b, _ := week.Next()
		if !ok {
			break
		}
		if a.URL != b.URL || a.Title != b.Title {
			t.Fatalf("article %s became %s", a.URL, b.URL)
		}
		last = b
	}
	start := time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC)
	if d := last.Published.Sub(start); d > 8*24*time.Hour || d < 6*24*time.Hour {
		t.Errorf("the last of 700 articles over 7 days is published %v after the first day", d)
	}
}
