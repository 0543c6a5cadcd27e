// Package eval scores sitrep's stages against evaluation sets: external
// benchmarks in ../shared/data (read where they lie, never copied) and the
// team's own labelled sets. Each scorer implements the benchmark's own
// metric, as its README describes it.
package eval

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// A Page is one HTML page of an extraction benchmark.
type Page struct {
	ID   string
	URL  string
	HTML []byte
	// Gold: the whole article body (scrapinghub), or segments that must and
	// must not appear in the extracted text (trafilatura).
	Body    string
	With    []string
	Without []string
}

// A Benchmark names an extraction set and how it is scored.
type Benchmark string

// The extraction benchmarks sitrep knows.
const (
	Scrapinghub Benchmark = "scrapinghub-article-extraction"
	Trafilatura Benchmark = "trafilatura-eval-english"
)

// DetectBenchmark tells which benchmark a folder holds from its files.
func DetectBenchmark(dir string) (Benchmark, error) {
	if _, err := os.Stat(filepath.Join(dir, "ground-truth.json")); err == nil {
		return Scrapinghub, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "evaldata.english-subset.json")); err == nil {
		return Trafilatura, nil
	}
	return "", fmt.Errorf("%s: neither ground-truth.json (scrapinghub) nor evaldata.english-subset.json (trafilatura) found", dir)
}

// LoadPages reads every page of the benchmark in dir, sorted by ID.
func LoadPages(b Benchmark, dir string) ([]Page, error) {
	var pages []Page
	switch b {
	case Scrapinghub:
		var truth map[string]struct {
			ArticleBody string `json:"articleBody"`
			URL         string `json:"url"`
		}
		if err := readJSON(filepath.Join(dir, "ground-truth.json"), &truth); err != nil {
			return nil, err
		}
		for id, t := range truth {
			raw, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
			if err != nil {
				return nil, err
			}
			pages = append(pages, Page{ID: id, URL: t.URL, HTML: raw, Body: t.ArticleBody})
		}
	case Trafilatura:
		var items map[string]struct {
			File    string   `json:"file"`
			With    []string `json:"with"`
			Without []string `json:"without"`
		}
		if err := readJSON(filepath.Join(dir, "evaldata.english-subset.json"), &items); err != nil {
			return nil, err
		}
		for u, it := range items {
			raw, err := readGzip(filepath.Join(dir, "html", it.File+".gz"))
			if err != nil {
				return nil, err
			}
			pages = append(pages, Page{ID: it.File, URL: u, HTML: raw, With: it.With, Without: it.Without})
		}
	default:
		return nil, fmt.Errorf("unknown benchmark %q", b)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].ID < pages[j].ID })
	return pages, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// An Extractor turns one page into its main text. A page it cannot handle
// returns an error and scores as an empty extraction.
type Extractor func(p Page) (string, error)

// ExtractionScore is an extraction benchmark's result.
type ExtractionScore struct {
	Benchmark             Benchmark
	Pages                 int
	Failed                int // pages the extractor returned an error for
	Precision, Recall, F1 float64
	Accuracy              float64       // scrapinghub: exact token match; trafilatura: correct segments
	Elapsed               time.Duration // extraction time alone, one page at a time
}

// PagesPerSecond is the single-threaded extraction rate.
func (s ExtractionScore) PagesPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Pages) / s.Elapsed.Seconds()
}

// ScoreExtraction runs extract on every page, one at a time, and scores
// the results with the benchmark's metric.
func ScoreExtraction(b Benchmark, pages []Page, extract Extractor) ExtractionScore {
	outputs := make([]string, len(pages))
	s := ExtractionScore{Benchmark: b, Pages: len(pages)}
	start := time.Now()
	for i, p := range pages {
		text, err := extract(p)
		if err != nil {
			s.Failed++
			continue
		}
		outputs[i] = text
	}
	s.Elapsed = time.Since(start)
	switch b {
	case Scrapinghub:
		s.Precision, s.Recall, s.F1, s.Accuracy = ShingleScore(pages, outputs)
	case Trafilatura:
		s.Precision, s.Recall, s.F1, s.Accuracy = SegmentScore(pages, outputs)
	}
	return s
}

// Scrapinghub's metric: 4-token shingles, per-document precision and
// recall, averaged over documents.

var wordPattern = regexp.MustCompile(`[\p{L}\p{N}_]+`) // Python's Unicode \w

func shingles(text string) map[string]int {
	tokens := wordPattern.FindAllString(text, -1)
	out := map[string]int{}
	if len(tokens) < 4 {
		out[strings.Join(tokens, "\x00")]++
		return out
	}
	for i := 0; i+4 <= len(tokens); i++ {
		out[strings.Join(tokens[i:i+4], "\x00")]++
	}
	return out
}

// ShingleScore scores outputs against the pages' bodies with the
// scrapinghub benchmark's metric.
func ShingleScore(pages []Page, outputs []string) (p, r, f1, accuracy float64) {
	var sumP, sumR float64
	var n, exact int
	for i, pg := range pages {
		truth, pred := shingles(pg.Body), shingles(outputs[i])
		var tp, fp, fn int
		for k, c := range pred {
			m := min(c, truth[k])
			tp += m
			fp += c - m
		}
		for k, c := range truth {
			fn += max(0, c-pred[k])
		}
		var dp, dr float64
		switch {
		case fp == 0 && fn == 0:
			dp, dr = 1, 1
		case tp == 0:
			dp, dr = 0, 0
		default:
			dp, dr = float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
		}
		sumP += dp
		sumR += dr
		n++
		if strings.Join(wordPattern.FindAllString(pg.Body, -1), " ") == strings.Join(wordPattern.FindAllString(outputs[i], -1), " ") {
			exact++
		}
	}
	if n == 0 {
		return 0, 0, 0, 0
	}
	p, r = sumP/float64(n), sumR/float64(n)
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1, float64(exact) / float64(n)
}

// SegmentScore scores outputs with the trafilatura evaluation's metric:
// each "with" segment found is a true positive, each "without" segment
// found a false positive, over all segments of all pages.
func SegmentScore(pages []Page, outputs []string) (p, r, f1, accuracy float64) {
	var tp, fp, fn, tn int
	for i, pg := range pages {
		out := normalizeSpace(outputs[i])
		for _, s := range pg.With {
			if strings.Contains(out, normalizeSpace(s)) {
				tp++
			} else {
				fn++
			}
		}
		for _, s := range pg.Without {
			if strings.Contains(out, normalizeSpace(s)) {
				fp++
			} else {
				tn++
			}
		}
	}
	p, r, f1 = prf(tp, fp, fn)
	if all := tp + fp + fn + tn; all > 0 {
		accuracy = float64(tp+tn) / float64(all)
	}
	return p, r, f1, accuracy
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// LoadReference reads a reference output of the scrapinghub benchmark
// (reference-outputs/<name>.json.gz), keyed by page ID, so that the
// metric can be checked against the published scores.
func LoadReference(dir, name string) (map[string]string, error) {
	raw, err := readGzip(filepath.Join(dir, "reference-outputs", name+".json.gz"))
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Output map[string]struct {
			ArticleBody string `json:"articleBody"`
		} `json:"output"`
	}
	var plain map[string]json.RawMessage
	if err := json.Unmarshal(raw, &plain); err != nil {
		return nil, err
	}
	out := map[string]string{}
	if _, ok := plain["output"]; ok {
		if err := json.Unmarshal(raw, &wrapped); err != nil {
			return nil, err
		}
		for k, v := range wrapped.Output {
			out[k] = v.ArticleBody
		}
		return out, nil
	}
	for k, v := range plain {
		var item struct {
			ArticleBody string `json:"articleBody"`
		}
		if err := json.Unmarshal(v, &item); err != nil {
			return nil, errors.New(name + ": unexpected reference format")
		}
		out[k] = item.ArticleBody
	}
	return out, nil
}
