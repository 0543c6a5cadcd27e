package eval

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/boilerplate"
)

// A LabelledText is one file of the labelled boilerplate set: a text, the
// label of each of its lines, and the metadata a perfect cleaner would find.
// The format is described in internal/boilerplate/testdata/labelled/README.md.
type LabelledText struct {
	Name      string
	Text      string              // what the cleaner sees
	Labels    []boilerplate.Label // one per line of Text
	Published string              // from "# published:", "" if not given
	Authors   []string            // from "# authors:"
}

// ParseLabelled reads one labelled file.
func ParseLabelled(name, content string) (LabelledText, error) {
	lt := LabelledText{Name: name}
	var text []string
	header := true
	sc := bufio.NewScanner(strings.NewReader(content))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if header && strings.HasPrefix(line, "# ") {
			key, value, ok := strings.Cut(line[2:], ":")
			if !ok {
				return lt, fmt.Errorf("%s:%d: header line without a colon", name, n)
			}
			switch strings.TrimSpace(key) {
			case "published":
				lt.Published = strings.TrimSpace(value)
			case "authors":
				for _, a := range strings.Split(value, ";") {
					if a = strings.TrimSpace(a); a != "" {
						lt.Authors = append(lt.Authors, a)
					}
				}
			default:
				return lt, fmt.Errorf("%s:%d: unknown header %q", name, n, key)
			}
			continue
		}
		header = false
		if strings.TrimSpace(line) == "" {
			text = append(text, "")
			lt.Labels = append(lt.Labels, boilerplate.Blank)
			continue
		}
		if len(line) < 2 || line[1] != ' ' && len(line) > 1 {
			return lt, fmt.Errorf("%s:%d: line does not start with a label and a space", name, n)
		}
		var lab boilerplate.Label
		switch line[0] {
		case 'K':
			lab = boilerplate.Keep
		case 'T':
			lab = boilerplate.Title
		case 'B':
			lab = boilerplate.Boilerplate
		case 'L':
			lab = boilerplate.Link
		default:
			return lt, fmt.Errorf("%s:%d: unknown label %q", name, n, line[:1])
		}
		text = append(text, line[2:])
		lt.Labels = append(lt.Labels, lab)
	}
	if err := sc.Err(); err != nil {
		return lt, fmt.Errorf("%s: %w", name, err)
	}
	// Trailing empty lines carry nothing.
	for len(text) > 0 && text[len(text)-1] == "" {
		text, lt.Labels = text[:len(text)-1], lt.Labels[:len(lt.Labels)-1]
	}
	lt.Text = strings.Join(text, "\n")
	return lt, nil
}

// LoadLabelled reads every .txt file of a labelled set.
func LoadLabelled(fsys fs.FS, dir string) ([]LabelledText, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []LabelledText
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		lt, err := ParseLabelled(path.Base(n), string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, lt)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no labelled .txt files", dir)
	}
	return out, nil
}

// CleanerScore is how well the cleaner removed boilerplate from a labelled
// set. A removed line is one labelled B or L; the title line counts as
// removed from the text too, but is scored on its own.
type CleanerScore struct {
	Texts                   int
	Lines                   int // non-empty lines
	TP, FP, FN              int // removed lines: correctly, wrongly, missed
	Precision, Recall, F1   float64
	TitleCorrect            int // texts whose title (or absence of one) was found
	LinksFound, Links       int // L lines the cleaner kept as links, of all L lines
	DatesCorrect, Dates     int // published dates recovered, of those given
	AuthorsCorrect, Bylines int
	Errors                  []LineError // every misjudged line, for reports
}

// A LineError is one line the cleaner got wrong.
type LineError struct {
	Text      string // file name
	Line      int    // 1-based, in the text the cleaner saw
	Want, Got boilerplate.Label
	Content   string
}

// ScoreCleaner runs the cleaner on every labelled text. parseDate turns the
// cleaner's date stamp into YYYY-MM-DD, so the score covers the same date
// parsing extraction uses.
func ScoreCleaner(texts []LabelledText, parseDate func(string) string) CleanerScore {
	var s CleanerScore
	for _, lt := range texts {
		s.Texts++
		res := boilerplate.Clean(lt.Text)
		lines := boilerplate.Lines(lt.Text)
		wantTitle := ""
		for i, want := range lt.Labels {
			got := res.Labels[i]
			if want == boilerplate.Blank {
				continue
			}
			s.Lines++
			if want == boilerplate.Title {
				wantTitle = lines[i]
			}
			wantRemoved := want == boilerplate.Boilerplate || want == boilerplate.Link
			gotRemoved := got == boilerplate.Boilerplate || got == boilerplate.Link
			switch {
			case wantRemoved && gotRemoved:
				s.TP++
			case gotRemoved:
				s.FP++
			case wantRemoved:
				s.FN++
			}
			if want == boilerplate.Link {
				s.Links++
				if got == boilerplate.Link {
					s.LinksFound++
				}
			}
			if want != got {
				s.Errors = append(s.Errors, LineError{Text: lt.Name, Line: i + 1, Want: want, Got: got, Content: lines[i]})
			}
		}
		if strings.TrimSpace(wantTitle) == res.Title {
			s.TitleCorrect++
		}
		if lt.Published != "" {
			s.Dates++
			if res.Date != "" && parseDate(res.Date) == lt.Published {
				s.DatesCorrect++
			}
		}
		if len(lt.Authors) > 0 {
			s.Bylines++
			if strings.Join(lt.Authors, ";") == strings.Join(res.Authors, ";") {
				s.AuthorsCorrect++
			}
		}
	}
	s.Precision, s.Recall, s.F1 = prf(s.TP, s.FP, s.FN)
	return s
}

func prf(tp, fp, fn int) (p, r, f float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
