// Package quantity reads the amounts news states ("up to 275 troops",
// "3,000 to 5,000 militants", "dozens of civilians", "a crowd of 200,000",
// "killing at least 43") and ties the ones that measure an event to it:
// how many took part, were killed, were wounded.
//
// Numbers may be digits with separators or in another script, number
// words, or vague words; bounds ("up to", "more than", "at least",
// "about") and ranges set Low and High; the unit is the noun counted or
// the measure. Years, dates, times, ordinals and model names ("F-16") are
// not amounts. The rules are in docs/quantities.md.
package quantity

import (
	"math"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// Spec registers the stage. It runs after the event coder, so that it can
// tie amounts to events.
var Spec = pipeline.Spec{
	Name:     "quantity",
	Requires: []news.Layer{news.LayerSentences, news.LayerEvents},
	Provides: []news.Layer{news.LayerQuantities},
	New:      pipeline.Annotator(struct{}{}, func(struct{}) (func(*news.Document), error) { return Find, nil }),
}

// Find sets doc.Quantities to the amounts its sentences state, each tied
// to the event it measures, if any.
func Find(doc *news.Document) {
	doc.Quantities = doc.Quantities[:0]
	r := reader{doc: doc}
	for si, s := range doc.Sentences {
		r.sentence(si, s)
	}
	attach(doc)
	for i := range doc.Quantities {
		q := &doc.Quantities[i]
		q.Claimant = event.Claimant(doc, q.Sentence, q.First, q.Last)
	}
	doc.Layers.Add(news.LayerQuantities)
}

// Parse reads the first amount in text, as Find would in a sentence.
func Parse(text string) (news.Quantity, bool) {
	doc := &news.Document{Text: text}
	doc.Tokens = token.Scan(nil, text, 0)
	if len(doc.Tokens) == 0 {
		return news.Quantity{}, false
	}
	s := news.Sentence{Span: news.Span{Start: 0, End: len(text)}, First: 0, Last: len(doc.Tokens)}
	doc.Sentences = []news.Sentence{s}
	r := reader{doc: doc}
	r.sentence(0, s)
	if len(doc.Quantities) == 0 {
		return news.Quantity{}, false
	}
	return doc.Quantities[0], true
}

type reader struct {
	doc   *news.Document
	s     news.Sentence
	si    int
	norms []string // lower-case forms of the sentence's tokens
}

// n returns the lower-case form of token i, or "" outside the sentence.
func (r *reader) n(i int) string {
	if i < r.s.First || i >= r.s.Last {
		return ""
	}
	return r.norms[i-r.s.First]
}

// w returns token i as written.
func (r *reader) w(i int) string {
	if i < r.s.First || i >= r.s.Last {
		return ""
	}
	t := r.doc.Tokens[i].Span
	return r.doc.Text[t.Start:t.End]
}

// joined reports that token i follows token i-1 with no space between.
func (r *reader) joined(i int) bool {
	return i > r.s.First && i < r.s.Last && r.doc.Tokens[i-1].Span.End == r.doc.Tokens[i].Span.Start
}

func (r *reader) isNumber(i int) bool {
	return i >= r.s.First && i < r.s.Last && r.doc.Tokens[i].Kind == news.Number
}

func (r *reader) sentence(si int, s news.Sentence) {
	r.s, r.si = s, si
	r.norms = r.norms[:0]
	for i := s.First; i < s.Last; i++ {
		r.norms = append(r.norms, strings.ToLower(token.Norm(r.w(i))))
	}
	for i := s.First; i < s.Last; {
		q, next, ok := r.at(i)
		if !ok {
			i++
			continue
		}
		r.doc.Quantities = append(r.doc.Quantities, q)
		i = next
	}
}

// at reads a quantity starting at token i: an optional bound, an amount,
// an optional range end and the unit.
func (r *reader) at(i int) (news.Quantity, int, bool) {
	// Most words start no amount; skip them before trying every form.
	if w := r.n(i); !r.isNumber(i) && !boundStarts[w] && !amountStarts[w] && currencySign(r.w(i)) == "" {
		if _, ok := units[w]; !ok {
			return news.Quantity{}, 0, false
		}
	}
	b, j := r.boundAt(i)
	currency := ""
	if c := currencySign(r.w(j)); c != "" && r.isNumber(j+1) {
		currency, j = c, j+1
	}
	a, ok := r.amount(j, currency != "")
	if !ok || r.notAmount(j, a) {
		return news.Quantity{}, 0, false
	}
	q := news.Quantity{Sentence: r.si, First: i, Value: a.value, Low: a.value, High: a.value,
		Approximate: a.vague, Event: -1}
	if a.vague {
		q.High = math.Inf(1)
	}
	end := a.end
	// A range: "3,000 to 5,000", "3,000-5,000", "between 3,000 and 5,000".
	if w := r.n(end); w == "to" || w == "-" || w == "–" || w == "and" && b.kind == between {
		if hi, ok := r.amount(end+1, currency != ""); ok && hi.value > a.value && !hi.vague {
			q.High = hi.value
			end = hi.end
		}
	}
	switch b.kind {
	case atLeast:
		q.High = math.Inf(1)
	case atMost:
		q.Low = math.Inf(-1)
	case approx:
		q.Approximate = true
		q.Low, q.High = math.Inf(-1), math.Inf(1)
	case nearly:
		q.Approximate = true
		q.Low = math.Inf(-1)
	}
	// After the amount: "or more", "60-plus", "or so".
	switch {
	case r.n(end) == "or" && r.n(end+1) == "more":
		q.High, end = math.Inf(1), end+2
	case r.n(end) == "-" && r.n(end+1) == "plus" || r.n(end) == "plus" && r.joined(end):
		q.High = math.Inf(1)
		end += 1 + boolInt(r.n(end) == "-")
		if u, e := r.compoundHead(end); u != "" { // "the 60-plus nation coalition"
			q.Unit, q.Last = u, e
			q.Span = news.Span{Start: r.doc.Tokens[i].Span.Start, End: r.doc.Tokens[e-1].Span.End}
			return q, e, true
		}
	case r.n(end) == "or" && r.n(end+1) == "so":
		q.Approximate, q.Low, q.High, end = true, math.Inf(-1), math.Inf(1), end+2
	}
	unit, uend := a.unit, end
	if unit == "" {
		unit, uend = r.unitAfter(end, a.vague)
	}
	if currency != "" {
		unit = currency
		if uend == end && (r.n(end) == "m" || r.n(end) == "bn") {
			uend = end + 1
		}
	}
	if unit == "" {
		unit = r.unitBefore(i)
	}
	if unit == "" && a.bare {
		// "one", "two" with nothing counted are pronouns more often than
		// amounts ("one of the attackers"); before a plain noun they count
		// it ("one strike", "one jet").
		w := r.w(end)
		u := r.n(end)
		if !r.isWord(end) || phraseEnd[u] || pronouns[u] || w == "" || w[0] < 'a' || w[0] > 'z' || u == "other" ||
			strings.HasSuffix(u, "ed") || strings.HasSuffix(u, "ing") {
			return news.Quantity{}, 0, false
		}
		unit, uend = r.n(end), end+1
	}
	end = max(end, uend)
	q.Unit, q.Last = unit, end
	q.Span = news.Span{Start: r.doc.Tokens[i].Span.Start, End: r.doc.Tokens[end-1].Span.End}
	return q, end, true
}

var pronouns = set("he she it they we you i him them us me his her their our your my")

type boundKind int

const (
	noBound boundKind = iota
	atLeast           // "more than", "at least", "over"
	atMost            // "up to", "fewer than", "as many as"
	approx            // "about", "around", "some"
	nearly            // "nearly", "almost": approximate, and no more than
	between           // "between N and M"
)

type bound struct {
	kind boundKind
}

// Bound phrases, longest first where one starts another.
var bounds = []struct {
	words []string
	kind  boundKind
}{
	{[]string{"no", "fewer", "than"}, atLeast}, {[]string{"no", "less", "than"}, atLeast},
	{[]string{"in", "excess", "of"}, atLeast}, {[]string{"more", "than"}, atLeast}, {[]string{"at", "least"}, atLeast},
	{[]string{"well", "over"}, atLeast}, {[]string{"just", "over"}, atLeast}, {[]string{"upwards", "of"}, atLeast},
	{[]string{"over"}, atLeast}, {[]string{"above"}, atLeast}, {[]string{"exceeding"}, atLeast},
	{[]string{"as", "many", "as"}, atMost}, {[]string{"no", "more", "than"}, atMost}, {[]string{"up", "to"}, atMost},
	{[]string{"fewer", "than"}, atMost}, {[]string{"less", "than"}, atMost}, {[]string{"at", "most"}, atMost},
	{[]string{"just", "under"}, atMost}, {[]string{"under"}, atMost}, {[]string{"below"}, atMost},
	{[]string{"an", "estimated"}, approx}, {[]string{"close", "to"}, approx}, {[]string{"about"}, approx},
	{[]string{"around"}, approx}, {[]string{"approximately"}, approx}, {[]string{"roughly"}, approx},
	{[]string{"some"}, approx}, {[]string{"estimated"}, approx}, {[]string{"circa"}, approx},
	{[]string{"nearly"}, nearly}, {[]string{"almost"}, nearly},
	{[]string{"between"}, between},
}

// boundStarts are the first words of the bound phrases.
var boundStarts = func() map[string]bool {
	m := map[string]bool{}
	for _, b := range bounds {
		m[b.words[0]] = true
	}
	return m
}()

// amountStarts are the words besides number words that can open an amount.
var amountStarts = set("tens hundreds a an half several dozens scores thousands millions dozen")

// boundAt reads a bound phrase at token i and returns the token after it
// (i when there is none).
func (r *reader) boundAt(i int) (bound, int) {
	for _, b := range bounds {
		ok := true
		for k, w := range b.words {
			if r.n(i+k) != w {
				ok = false
				break
			}
		}
		if ok {
			return bound{kind: b.kind}, i + len(b.words)
		}
	}
	return bound{}, i
}

func currencySign(w string) string {
	switch w {
	case "$":
		return "usd"
	case "€":
		return "eur"
	case "£":
		return "gbp"
	}
	return ""
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
