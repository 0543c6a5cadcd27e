// Package date finds temporal expressions in news text ("on Monday",
// "last week", "Jan. 3", "in the third quarter of 2019", "two years ago",
// "the 1990s"), resolves each against the publication date the way news
// means it, and dates each event by the expression nearest its trigger in
// its sentence, or by the publication date.
//
// A bare weekday is the most recent such day on or before publication,
// or the next one when the sentence speaks of the future ("will meet on
// Thursday"); a month or a day without a year is the one nearest the
// publication date in the same direction. Values use TimeML's notation,
// so the resolver can be scored on TempEval-3. The rules are in
// docs/dates.md.
package date

import (
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// Spec registers the stage. It runs after the event coder, to date events.
var Spec = pipeline.Spec{
	Name:     "date",
	Requires: []news.Layer{news.LayerSentences, news.LayerEvents},
	Provides: []news.Layer{news.LayerTimes},
	New:      pipeline.Annotator(struct{}{}, func(struct{}) (func(*news.Document), error) { return Find, nil }),
}

// Find sets doc.Times to the temporal expressions of its sentences,
// resolved against doc.Published, and ties each event to the expression
// that dates it.
func Find(doc *news.Document) {
	doc.Times = doc.Times[:0]
	r := reader{doc: doc, dct: doc.Published.Time}
	// Datelines first ("NAIROBI, Aug. 7 (Xinhua) --"): they date the
	// report, not its events.
	for _, dl := range doc.Datelines {
		r.sentence(-1, dl)
	}
	for si, s := range doc.Sentences {
		r.sentence(si, s)
	}
	attach(doc)
	doc.Layers.Add(news.LayerTimes)
}

// Resolve finds the temporal expressions of text as if published at dct
// (zero if unknown), for tests and evaluation.
func Resolve(text string, dct time.Time) []news.Timex {
	doc := &news.Document{Text: text}
	doc.Tokens = token.Scan(nil, text, 0)
	if len(doc.Tokens) == 0 {
		return nil
	}
	doc.Sentences = []news.Sentence{{Span: news.Span{Start: 0, End: len(text)}, First: 0, Last: len(doc.Tokens)}}
	r := reader{doc: doc, dct: dct}
	r.sentence(0, doc.Sentences[0])
	return doc.Times
}

type reader struct {
	doc   *news.Document
	dct   time.Time // the publication date; zero if unknown
	s     news.Sentence
	si    int
	norms []string // lower case, trailing dots removed
	// shifted holds the indexes in doc.Times of expressions read as a
	// shift from the reference period ("a year earlier").
	shifted map[int]bool
}

func (r *reader) n(i int) string {
	if i < r.s.First || i >= r.s.Last {
		return ""
	}
	return r.norms[i-r.s.First]
}

func (r *reader) w(i int) string {
	if i < r.s.First || i >= r.s.Last {
		return ""
	}
	t := r.doc.Tokens[i].Span
	return r.doc.Text[t.Start:t.End]
}

func (r *reader) isNumber(i int) bool {
	return i >= r.s.First && i < r.s.Last && r.doc.Tokens[i].Kind == news.Number
}

// joined reports that token i follows token i-1 with no space between.
func (r *reader) joined(i int) bool {
	return i > r.s.First && i < r.s.Last && r.doc.Tokens[i-1].Span.End == r.doc.Tokens[i].Span.Start
}

func (r *reader) sentence(si int, s news.Sentence) {
	r.s, r.si = s, si
	r.norms = r.norms[:0]
	for i := s.First; i < s.Last; i++ {
		r.norms = append(r.norms, strings.TrimSuffix(strings.ToLower(token.Norm(r.w(i))), "."))
	}
	for i := s.First; i < s.Last; {
		t, end, ok := r.at(i)
		if !ok {
			i++
			continue
		}
		t.Sentence, t.First, t.Last = si, i, end
		t.Span = news.Span{Start: r.doc.Tokens[i].Span.Start, End: r.doc.Tokens[end-1].Span.End}
		r.doc.Times = append(r.doc.Times, t)
		i = end
	}
}

// attach dates each event by the resolved expression nearest its trigger
// in its sentence (vague ones, "now" or "recently", only when there is no
// other).
func attach(doc *news.Document) {
	times := make([][]int, len(doc.Sentences)) // each sentence's expressions; a dateline's (-1) dates no event
	for ti, t := range doc.Times {
		if t.Sentence >= 0 && t.Sentence < len(times) {
			times[t.Sentence] = append(times[t.Sentence], ti)
		}
	}
	for ei, e := range doc.Events {
		if e.Sentence < 0 || e.Sentence >= len(times) {
			continue
		}
		best, dist := -1, 0
		for _, ti := range times[e.Sentence] {
			t := doc.Times[ti]
			if t.Value == "" {
				continue
			}
			d := t.Span.Gap(e.Trigger)
			if otherClause(doc, e.Trigger, t.Span) {
				continue // "warned that they would act after December 31": the date is the threat's content
			}
			if t.Precision == news.PrecisionVague {
				if adjective(doc, t) {
					continue // "future operations", "his current post" date nothing
				}
				d += 1 << 20
			}
			if best < 0 || d < dist {
				best, dist = ti, d
			}
		}
		if best < 0 {
			continue
		}
		t := &doc.Times[best]
		t.Events = append(t.Events, ei)
		// An event the text dates years before publication is background,
		// however it is reported ("Islamic State fighters seized Mosul in
		// June 2014", in a 2024 story).
		e := &doc.Events[ei]
		if !t.End.IsZero() && !doc.Published.IsZero() && e.Modality == news.Asserted && !e.Negated &&
			t.End.Before(doc.Published.Time.AddDate(-BackgroundYears, 0, 0)) {
			e.Modality = news.Background
		}
	}
}

// otherClause reports a word between an event's trigger and a date that
// starts another clause: a complement ("said that", "warned that"), a
// relative clause ("which", "who") or a time clause ("after", "since",
// "when"). The date then belongs to that clause, not to the event.
func otherClause(doc *news.Document, trigger, date news.Span) bool {
	from, to := trigger.End, date.Start
	if date.End <= trigger.Start {
		from, to = date.End, trigger.Start
	}
	if from >= to {
		return false
	}
	first := sort.Search(len(doc.Tokens), func(i int) bool { return doc.Tokens[i].Span.Start >= from })
	for _, tok := range doc.Tokens[first:] {
		if tok.Span.End > to {
			break
		}
		switch strings.ToLower(doc.Text[tok.Span.Start:tok.Span.End]) {
		case ";", "that", "which", "who", "whose", "whom", "after", "before", "since", "until", "when", "while",
			"whereas", "said", "says", "told":
			return true
		}
	}
	return false
}

// adjective reports a one-word expression used on the noun after it
// ("future talks", "the current round").
func adjective(doc *news.Document, t news.Timex) bool {
	if t.Last-t.First != 1 || t.Last >= len(doc.Tokens) {
		return false
	}
	next := doc.Tokens[t.Last]
	w := doc.Text[next.Span.Start:next.Span.End]
	return next.Kind == news.Word && w == strings.ToLower(w)
}

// BackgroundYears is how long before publication an event must be dated to
// be background. The event coder uses the same span for years it reads
// itself.
const BackgroundYears = 2
