package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// The cameo_class labels are not named by the set. Its sentences show
// they are CAMEO quad classes: 0 neutral statements (CAMEO roots 01-02),
// 1 verbal cooperation (03-05), 2 material cooperation (06-08), 3 verbal
// conflict (09-13, and 16: the set files sanctions, expulsions and
// suspended aid here), 4 material conflict (14-15, 17-20).
const quadClasses = 5

// QuadClass returns the class of a CAMEO root code ("01" to "20").
func QuadClass(root string) int {
	n, err := strconv.Atoi(root)
	switch {
	case err != nil || n <= 2:
		return 0
	case n <= 5:
		return 1
	case n <= 8:
		return 2
	case n <= 13 || n == 16:
		return 3
	}
	return 4
}

// TypeClasses gives each PLOVER type the quad classes of the CAMEO codes
// the mapping table sends to it. The table leaves out CAMEO 01 and 02,
// which PLOVER dropped as categories, but PLOVER's REQUEST is defined as
// "all requests, demands, and orders", so it takes in 02's appeals as well
// as 10's demands: REQUEST is class 0 or 3.
func (m CAMEOMap) TypeClasses() map[string][]int {
	out := map[string][]int{"REQUEST": {0}}
	for code, t := range m {
		t = PloverTypeOf(t)
		if c := QuadClass(code[:2]); !slices.Contains(out[t], c) {
			out[t] = append(out[t], c)
		}
	}
	for _, cs := range out {
		slices.Sort(cs)
	}
	return out
}

// A ClassItem is one cameo_class sentence: its quad class and its actor
// spans from cameo_ner (S tokens are the source, T the target, R
// reciprocal actors both).
type ClassItem struct {
	ID             string
	Text           string
	Class          int
	Source, Target []news.Span
}

// LoadConfliBERT reads conflibert-cameo-muc4's cameo_class/<split>.tsv and
// the actor tags of the same sentences from cameo_ner/<split>.txt.
func LoadConfliBERT(dir, split string) ([]ClassItem, error) {
	items, err := loadCAMEOClass(filepath.Join(dir, "cameo_class", split+".tsv"))
	if err != nil {
		return nil, err
	}
	sents, err := loadCoNLL(filepath.Join(dir, "cameo_ner", split+".txt"))
	if err != nil {
		return nil, err
	}
	if len(sents) != len(items) {
		return nil, fmt.Errorf("%s: %d labelled sentences but %d with actor tags", dir, len(items), len(sents))
	}
	for i := range items {
		items[i].Source, items[i].Target, err = alignTags(items[i].Text, sents[i])
		if err != nil {
			return nil, fmt.Errorf("%s sentence %d: %w", split, i+1, err)
		}
	}
	return items, nil
}

func loadCAMEOClass(path string) ([]ClassItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ClassItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text, label, ok := strings.Cut(sc.Text(), "\t")
		l, err := strconv.Atoi(strings.TrimSpace(label))
		if !ok || err != nil || l < 0 || l >= quadClasses {
			return nil, fmt.Errorf("%s:%d: want sentence<TAB>label 0-%d", path, n, quadClasses-1)
		}
		out = append(out, ClassItem{ID: fmt.Sprintf("%s:%d", filepath.Base(path), n), Text: strings.TrimSpace(text), Class: l})
	}
	return out, sc.Err()
}

// ClassScore is how often the quad class of the coder's main event agrees
// with the gold class.
type ClassScore struct {
	Items, Right int
	// Confusion[gold][coded]; a sentence with no event is coded class 0.
	Confusion                [quadClasses][quadClasses]int
	SourceRight, SourceTotal int // sentences coded in their gold class with a gold source: coded source overlaps it
	TargetRight, TargetTotal int
	Misses                   []string
}

// Accuracy is the share of sentences whose class agrees.
func (s ClassScore) Accuracy() float64 { return ratio(s.Right, s.Items) }

// MacroF1 averages the per-class F1 over the five classes.
func (s ClassScore) MacroF1() float64 {
	sum := 0.0
	for c := range quadClasses {
		tp, fp, fn := s.Confusion[c][c], 0, 0
		for o := range quadClasses {
			if o != c {
				fp += s.Confusion[o][c]
				fn += s.Confusion[c][o]
			}
		}
		_, _, f := prf(tp, fp, fn)
		sum += f
	}
	return sum / quadClasses
}

// SourceAccuracy and TargetAccuracy are the shares of gold actors, in
// sentences coded in the right class, that a coded actor overlaps.
func (s ClassScore) SourceAccuracy() float64 { return ratio(s.SourceRight, s.SourceTotal) }

// TargetAccuracy: see SourceAccuracy.
func (s ClassScore) TargetAccuracy() float64 { return ratio(s.TargetRight, s.TargetTotal) }

// ScoreClasses codes every sentence and compares the quad class of its
// main event (MainEvent, by the type a PLOVER coder would give it) with the gold class.
// A type that spans classes is right for any of them.
func ScoreClasses(c *Coder, items []ClassItem, classes map[string][]int) ClassScore {
	var s ClassScore
	for _, it := range items {
		s.Items++
		doc := c.Code(it.Text, time.Time{})
		best := MainEvent(doc.Events)
		coded := 0
		if best >= 0 {
			cs := classes[doc.Events[best].PLOVERType()]
			switch {
			case slices.Contains(cs, it.Class):
				coded = it.Class
			case len(cs) > 0:
				coded = cs[len(cs)-1]
			}
		}
		s.Confusion[it.Class][coded]++
		if coded != it.Class {
			if len(s.Misses) < 400 {
				s.Misses = append(s.Misses, fmt.Sprintf("%s want %d got %d: %s", it.ID, it.Class, coded, it.Text))
			}
			continue
		}
		s.Right++
		if best < 0 {
			continue
		}
		es := doc.Events[best : best+1]
		if len(it.Source) > 0 {
			s.SourceTotal++
			if anySpan(doc, es, it.Source, true) {
				s.SourceRight++
			}
		}
		if len(it.Target) > 0 {
			s.TargetTotal++
			if anySpan(doc, es, it.Target, false) {
				s.TargetRight++
			}
		}
	}
	return s
}

type taggedToken struct{ text, tag string }

// loadCoNLL reads "token tag" lines, a blank line between sentences.
func loadCoNLL(path string) ([][]taggedToken, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]taggedToken
	var cur []taggedToken
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			return nil, fmt.Errorf("%s:%d: want token and tag", path, n)
		}
		cur = append(cur, taggedToken{line[:i], line[i+1:]})
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out, sc.Err()
}

// alignTags finds each token in text, in order, and returns the byte spans
// of the source and target runs.
func alignTags(text string, toks []taggedToken) (src, tgt []news.Span, err error) {
	at := 0
	var open *news.Span
	var role byte
	flush := func() {
		if open == nil {
			return
		}
		if role == 'S' || role == 'R' {
			src = append(src, *open)
		}
		if role == 'T' || role == 'R' {
			tgt = append(tgt, *open)
		}
		open = nil
	}
	for _, t := range toks {
		i := strings.Index(text[at:], t.text)
		if i < 0 {
			return nil, nil, fmt.Errorf("token %q not found in the sentence", t.text)
		}
		sp := news.Span{Start: at + i, End: at + i + len(t.text)}
		at = sp.End
		switch {
		case strings.HasPrefix(t.tag, "B-"):
			flush()
			open, role = &news.Span{Start: sp.Start, End: sp.End}, t.tag[2]
		case strings.HasPrefix(t.tag, "I-") && open != nil && t.tag[2] == role:
			open.End = sp.End
		default:
			flush()
		}
	}
	flush()
	return src, tgt, nil
}
