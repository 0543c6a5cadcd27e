package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/quantity"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// A QuantityDoc is one re3d document with its gold Quantity entities.
type QuantityDoc struct {
	ID, Folder string
	Text       string
	Gold       []news.Span // byte spans of the gold amounts
}

// LoadRe3d reads re3d's documents.json and entities.json in every
// sub-folder of dir, keeping the Quantity entities. re3d's offsets count
// characters; they are turned into byte spans here.
func LoadRe3d(dir string) ([]QuantityDoc, error) {
	folders, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []QuantityDoc
	for _, f := range folders {
		if !f.IsDir() {
			continue
		}
		sub := filepath.Join(dir, f.Name())
		docs := map[string]*QuantityDoc{}
		var order []string
		err := readLines(filepath.Join(sub, "documents.json"), func(line []byte) error {
			var d struct {
				ID   string `json:"_id"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(line, &d); err != nil {
				return err
			}
			docs[d.ID] = &QuantityDoc{ID: d.ID, Folder: f.Name(), Text: d.Text}
			order = append(order, d.ID)
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = readLines(filepath.Join(sub, "entities.json"), func(line []byte) error {
			var e struct {
				Doc        string `json:"documentId"`
				Begin, End int
				Type       string `json:"type"`
			}
			if err := json.Unmarshal(line, &e); err != nil {
				return err
			}
			d := docs[e.Doc]
			if e.Type != "Quantity" || d == nil {
				return nil
			}
			sp, ok := byteSpan(d.Text, e.Begin, e.End)
			if !ok {
				return fmt.Errorf("entity %d-%d is off document %s", e.Begin, e.End, e.Doc)
			}
			d.Gold = append(d.Gold, sp)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, id := range order {
			out = append(out, *docs[id])
		}
	}
	return out, nil
}

func readLines(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4<<20), 4<<20)
	for n := 1; sc.Scan(); n++ {
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// byteSpan turns character offsets (code points) into a byte span.
func byteSpan(text string, begin, end int) (news.Span, bool) {
	sp := news.Span{Start: -1, End: -1}
	n := 0
	for i := range text {
		if n == begin {
			sp.Start = i
		}
		if n == end {
			sp.End = i
		}
		n++
	}
	if n == begin {
		sp.Start = len(text)
	}
	if n == end {
		sp.End = len(text)
	}
	return sp, sp.Start >= 0 && sp.End >= sp.Start
}

// QuantityScore is how the amounts found compare with the gold ones.
type QuantityScore struct {
	Docs, Gold, Found       int
	GoldMatched, FoundRight int // gold amounts overlapped by a found one; found ones overlapping a gold one
	ValueRight, ValueTotal  int // of matched pairs whose gold text reads as a number: same value
	Precision, Recall, F1   float64
	Misses, Extra           []string
}

// ScoreQuantities finds the amounts in each document (sentences, then the
// quantity stage) and matches them to the gold spans by overlap. A gold
// amount whose text the parser reads as a number also checks the value.
func ScoreQuantities(docs []QuantityDoc) QuantityScore {
	var s QuantityScore
	for _, d := range docs {
		s.Docs++
		doc := &news.Document{Text: d.Text}
		doc.Layers.Add(news.LayerText)
		sentence.Split(doc)
		quantity.Find(doc)
		s.Gold += len(d.Gold)
		s.Found += len(doc.Quantities)
		used := make([]bool, len(doc.Quantities))
		for _, g := range d.Gold {
			hit := -1
			for i, q := range doc.Quantities {
				if q.Span.Start < g.End && g.Start < q.Span.End {
					hit = i
					break
				}
			}
			if hit < 0 {
				if len(s.Misses) < 300 {
					s.Misses = append(s.Misses, fmt.Sprintf("%s/%s: %q", d.Folder, d.ID, around(d.Text, g)))
				}
				continue
			}
			s.GoldMatched++
			used[hit] = true
			if want, ok := quantity.Parse(d.Text[g.Start:g.End]); ok {
				s.ValueTotal++
				if want.Value == doc.Quantities[hit].Value {
					s.ValueRight++
				}
			}
		}
		for i, q := range doc.Quantities {
			if used[i] {
				s.FoundRight++
				continue
			}
			// A found amount can overlap a gold one that another found
			// amount matched first.
			for _, g := range d.Gold {
				if q.Span.Start < g.End && g.Start < q.Span.End {
					s.FoundRight++
					used[i] = true
					break
				}
			}
			if !used[i] && len(s.Extra) < 300 {
				s.Extra = append(s.Extra, fmt.Sprintf("%s/%s: %q", d.Folder, d.ID, around(d.Text, q.Span)))
			}
		}
	}
	s.Precision, s.Recall = ratio(s.FoundRight, s.Found), ratio(s.GoldMatched, s.Gold)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	sort.Strings(s.Misses)
	return s
}

// around shows a span with a few words around it, the span in [brackets].
func around(text string, sp news.Span) string {
	from, to := max(0, sp.Start-30), min(len(text), sp.End+30)
	for from > 0 && !utf8RuneStart(text[from]) {
		from--
	}
	for to < len(text) && !utf8RuneStart(text[to]) {
		to++
	}
	return text[from:sp.Start] + "[" + text[sp.Start:sp.End] + "]" + text[sp.End:to]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
