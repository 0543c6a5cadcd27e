// Package report builds the situation report of a period: what happened
// (asserted events, the most widely reported first), how the period
// compares with the one before it by type, place and actor, the numbers
// claimed and where they disagree, what is planned, demanded or
// threatened but has not happened, and the documents behind every line.
// Build gathers it from a store; Markdown and HTML write it.
package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Options bound a report.
type Options struct {
	Key     int // key developments listed; 15 when zero
	Pending int // planned, demanded and threatened events listed; 10 when zero
	// MaxEvents bounds the events read to rank and count, per period;
	// 20,000 when zero. A report that reached it says so.
	MaxEvents int
}

// A Report is a period's situation report.
type Report struct {
	Since     string    `json:"since"` // the period, days inclusive
	Until     string    `json:"until"`
	PrevSince string    `json:"previous_since"` // the period before it, as long
	PrevUntil string    `json:"previous_until"`
	Generated time.Time `json:"generated"`
	// Events and PrevEvents count real-world events (incidents) in each.
	Events     int `json:"events"`
	PrevEvents int `json:"previous_events"`
	// Truncated is set when a period held more events than were read.
	Truncated bool      `json:"truncated"`
	Key       []Item    `json:"key"`     // asserted events, the most outlets first
	Pending   []Item    `json:"pending"` // planned, demanded, threatened, possible: not (yet) happened
	ByType    []Compare `json:"by_type"`
	ByPlace   []Compare `json:"by_place"` // by governorate (or country, when that is all that is known)
	Actors    []Compare `json:"actors"`   // by events as source or target
	Claims    []Claims  `json:"claims"`   // amounts claimed, by what they count
	Sources   []Source  `json:"sources"`  // the documents cited, numbered from 1
}

// An Item is one event in a report.
type Item struct {
	Incident string           `json:"incident"`
	Date     string           `json:"date"`
	Type     string           `json:"type"`
	Modality string           `json:"modality"`
	Summary  string           `json:"summary"`
	Sentence string           `json:"sentence"`
	Outlets  int              `json:"outlets"`
	Reports  int              `json:"reports"`
	Refs     []int            `json:"refs"` // numbers in Sources
	Place    *news.EventPlace `json:"place"`
}

// Compare is one row of a comparison with the period before.
type Compare struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Now    int    `json:"now"`
	Before int    `json:"before"`
}

// Claims are the amounts of one unit claimed in the period.
type Claims struct {
	Unit string `json:"unit"`
	// Disagree is set when the largest claim is more than half as large
	// again as the smallest (as the dashboard's Numbers view marks them).
	Disagree bool    `json:"disagree"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	Claims   []Claim `json:"claims"`
}

// A Claim is one amount and who claims it.
type Claim struct {
	Value       float64 `json:"value"`
	Approximate bool    `json:"approximate"`
	// Increment is set for an amount added to another ("3,000 more
	// troops"): a change, not a level, so no disagreement with one.
	Increment bool   `json:"increment"`
	Text      string `json:"text"`
	Claimant  string `json:"claimant"`
	Date      string `json:"date"`
	Sentence  string `json:"sentence"`
	Ref       int    `json:"ref"`
}

// A Source is a document the report cites.
type Source struct {
	N         int     `json:"n"`
	Document  news.ID `json:"document"`
	Title     string  `json:"title"`
	Outlet    string  `json:"outlet"`
	Published string  `json:"published"`
	URL       string  `json:"url"`
}

// pending are the modalities of what is said to come, not what happened.
var pending = []news.Modality{news.Planned, news.Demanded, news.Threatened, news.Possible}

// Build gathers the report of the days since to until (inclusive) from st.
func Build(ctx context.Context, st store.Store, since, until time.Time, o Options) (*Report, error) {
	since, until = day(since), day(until)
	if until.Before(since) {
		return nil, fmt.Errorf("the period ends (%s) before it starts (%s)", until.Format(time.DateOnly), since.Format(time.DateOnly))
	}
	o.Key, o.Pending, o.MaxEvents = cmp.Or(o.Key, 15), cmp.Or(o.Pending, 10), cmp.Or(o.MaxEvents, 20_000)
	days := int(until.Sub(since).Hours()/24) + 1
	prevUntil := since.AddDate(0, 0, -1)
	prevSince := prevUntil.AddDate(0, 0, 1-days)
	r := &Report{Since: since.Format(time.DateOnly), Until: until.Format(time.DateOnly),
		PrevSince: prevSince.Format(time.DateOnly), PrevUntil: prevUntil.Format(time.DateOnly), Generated: time.Now().UTC()}
	b := &builder{r: r, cited: map[string]int{}}

	// What happened, and what is only said to come, ranked by outlets:
	// ranked from counts alone, and only the events listed read whole.
	now, truncated, err := readAll(ctx, st, store.EventQuery{Since: since, Until: until, Brief: true, Counted: true}, o.MaxEvents)
	if err != nil {
		return nil, err
	}
	before, truncatedBefore, err := readAll(ctx, st, store.EventQuery{Since: prevSince, Until: prevUntil, Brief: true}, o.MaxEvents)
	if err != nil {
		return nil, err
	}
	r.Truncated = truncated || truncatedBefore
	r.Events, r.PrevEvents = len(now), len(before)
	var key []store.EventHit
	for _, h := range now {
		if h.Event.Modality == news.Asserted && !h.Event.Negated {
			key = append(key, h)
		}
	}
	if r.Key, err = b.items(ctx, st, key, o.Key); err != nil {
		return nil, err
	}
	// What is said to come is dated when it is to happen ("next month"):
	// it belongs to the period that reported it.
	var later []store.EventHit
	for _, m := range pending {
		hits, more, err := readAll(ctx, st, store.EventQuery{Modality: m, ReportedSince: since, ReportedUntil: until,
			Brief: true, Counted: true}, o.MaxEvents)
		if err != nil {
			return nil, err
		}
		r.Truncated = r.Truncated || more
		for _, h := range hits {
			if !h.Event.Negated {
				later = append(later, h)
			}
		}
	}
	if r.Pending, err = b.items(ctx, st, later, o.Pending); err != nil {
		return nil, err
	}

	// How the period compares with the one before.
	r.ByType = compare(now, before, func(h store.EventHit) (string, string) { return h.Event.Type, h.Event.Type })
	r.ByPlace = compare(now, before, placeOf)
	r.Actors = compareActors(now, before)

	// The numbers claimed.
	qs, err := st.Quantities(ctx, store.QuantityQuery{Since: since, Until: until, Limit: 2000})
	if err != nil {
		return nil, err
	}
	r.Claims = b.claims(qs)
	return r, nil
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// readAll reads the incidents q selects, at most max of them.
func readAll(ctx context.Context, st store.Store, q store.EventQuery, max int) ([]store.EventHit, bool, error) {
	var out []store.EventHit
	for {
		q.Limit = min(2000, max-len(out))
		hits, err := st.Events(ctx, q)
		if err != nil {
			return nil, false, err
		}
		out = append(out, hits...)
		if len(hits) < q.Limit {
			return out, false, nil
		}
		if len(out) >= max {
			return out, true, nil
		}
		q.After = hits[len(hits)-1].Cursor
	}
}

// builder numbers the documents cited as the report cites them.
type builder struct {
	r     *Report
	cited map[string]int
}

func (b *builder) cite(doc news.ID, title, outlet string, published news.Date, url string) int {
	if n, ok := b.cited[string(doc)]; ok {
		return n
	}
	n := len(b.r.Sources) + 1
	b.cited[string(doc)] = n
	p := ""
	if !published.IsZero() {
		p = published.Time.UTC().Format(time.DateOnly)
	}
	b.r.Sources = append(b.r.Sources, Source{N: n, Document: doc, Title: title, Outlet: outlet, Published: p, URL: url})
	return n
}

// items ranks hits by outlets, then reports, then date, and keeps the
// first n, each read whole with its evidence, citing up to five of the
// documents that report it.
func (b *builder) items(ctx context.Context, st store.Store, hits []store.EventHit, n int) ([]Item, error) {
	slices.SortStableFunc(hits, func(x, y store.EventHit) int {
		return cmp.Or(y.Sources-x.Sources, y.Reports-x.Reports, strings.Compare(dateOf(y), dateOf(x)))
	})
	var out []Item
	for _, h := range hits[:min(n, len(hits))] {
		full, err := st.Events(ctx, store.EventQuery{Incident: h.Incident, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(full) == 1 {
			h = full[0]
		}
		rec := h.Record()
		it := Item{Incident: h.Incident, Date: dateOf(h), Type: h.Event.Type, Modality: string(h.Event.Modality),
			Summary: rec.Summary(), Sentence: h.Event.Sentence, Outlets: h.Sources, Reports: h.Reports, Place: h.Event.Place}
		for _, e := range h.Evidence {
			if len(it.Refs) == 5 {
				break
			}
			if n := b.cite(e.Doc, e.Title, e.Source, e.Published, e.URL); !slices.Contains(it.Refs, n) {
				it.Refs = append(it.Refs, n) // a document's several reports of it are one source
			}
		}
		if len(it.Refs) == 0 {
			it.Refs = append(it.Refs, b.cite(h.Doc, h.Title, h.Source, h.Published, h.URL))
		}
		out = append(out, it)
	}
	return out, nil
}

// dateOf is the day an event is dated, else its report's publication day.
func dateOf(h store.EventHit) string {
	if h.Event.Date != nil {
		return *h.Event.Date
	}
	if !h.Published.IsZero() {
		return h.Published.Time.UTC().Format(time.DateOnly)
	}
	return ""
}

// placeOf is where an event happened, by governorate where known.
func placeOf(h store.EventHit) (string, string) {
	p := h.Event.Place
	if p == nil {
		return "", ""
	}
	if p.Admin1 != nil && *p.Admin1 != "" {
		return p.Country + "/" + *p.Admin1, *p.Admin1 + ", " + p.Country
	}
	return p.Country, p.Country
}

// compare counts now and before by key, the largest now first; rows
// that count none now but did before come last.
func compare(now, before []store.EventHit, key func(store.EventHit) (string, string)) []Compare {
	rows := map[string]*Compare{}
	add := func(hs []store.EventHit, now bool) {
		for _, h := range hs {
			k, label := key(h)
			if k == "" {
				continue
			}
			c := rows[k]
			if c == nil {
				c = &Compare{Key: k, Label: label}
				rows[k] = c
			}
			if now {
				c.Now++
			} else {
				c.Before++
			}
		}
	}
	add(now, true)
	add(before, false)
	return sorted(rows, 12)
}

func sorted(rows map[string]*Compare, n int) []Compare {
	var out []Compare
	for _, c := range rows {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Compare) int { return cmp.Or(b.Now-a.Now, b.Before-a.Before, strings.Compare(a.Key, b.Key)) })
	return out[:min(n, len(out))]
}

// compareActors counts the events each actor takes part in, as source
// or target, now and before.
func compareActors(now, before []store.EventHit) []Compare {
	rows := map[string]*Compare{}
	add := func(hs []store.EventHit, isNow bool) {
		for _, h := range hs {
			seen := map[string]bool{}
			for _, a := range slices.Concat(h.Event.Sources, h.Event.Targets) {
				if a.Code == "" || seen[a.Code] {
					continue
				}
				seen[a.Code] = true
				c := rows[a.Code]
				if c == nil {
					c = &Compare{Key: a.Code, Label: cmp.Or(a.Name, a.Text) + " [" + a.Code + "]"}
					rows[a.Code] = c
				}
				if isNow {
					c.Now++
				} else {
					c.Before++
				}
			}
		}
	}
	add(now, true)
	add(before, false)
	return sorted(rows, 10)
}

// counted are the units of the numbers a desk follows: forces, people,
// casualties, weapons and attacks. Durations, distances and money are
// amounts too, but not claims to weigh against each other.
var counted = map[string]bool{
	"troops": true, "soldiers": true, "fighters": true, "militants": true, "forces": true, "personnel": true,
	"advisers": true, "contractors": true, "marines": true, "people": true, "civilians": true, "protesters": true,
	"demonstrators": true, "refugees": true, "displaced": true, "killed": true, "dead": true, "wounded": true,
	"injured": true, "casualties": true, "deaths": true, "arrested": true, "detainees": true, "prisoners": true,
	"rockets": true, "missiles": true, "drones": true, "strikes": true, "airstrikes": true, "attacks": true,
}

// claims groups the amounts by unit: of the units a desk follows, or
// amounts that measure an event (its size or casualties), the ones
// claimed most often, at most six, each with its claims in order of
// publication. A claim repeated word for word by copies counts once.
func (b *builder) claims(qs []store.QuantityHit) []Claims {
	by := map[string][]store.QuantityHit{}
	seen := map[string]bool{}
	for _, q := range qs {
		u := q.Quantity.Unit
		if u == "" || q.Quantity.Value <= 0 || !counted[strings.ToLower(u)] && q.Quantity.Role == nil {
			continue
		}
		key := fmt.Sprint(u, q.Quantity.Value, q.Quantity.Sentence)
		if seen[key] {
			continue
		}
		seen[key] = true
		by[u] = append(by[u], q)
	}
	var units []string
	for u, hs := range by {
		if len(hs) >= 2 {
			units = append(units, u)
		}
	}
	slices.SortFunc(units, func(a, b string) int { return cmp.Or(len(by[b])-len(by[a]), strings.Compare(a, b)) })
	var out []Claims
	for _, u := range units[:min(6, len(units))] {
		hs := by[u]
		slices.SortStableFunc(hs, func(x, y store.QuantityHit) int { return x.Published.Time.Compare(y.Published.Time) })
		c := Claims{Unit: u}
		levels := 0
		for _, h := range hs[:min(12, len(hs))] {
			q := h.Quantity
			inc := increment(q.Text)
			if !inc {
				if levels == 0 {
					c.Low, c.High = q.Value, q.Value
				}
				c.Low, c.High = min(c.Low, q.Value), max(c.High, q.Value)
				levels++
			}
			cl := Claim{Value: q.Value, Approximate: q.Approximate, Increment: inc, Text: q.Text, Sentence: q.Sentence,
				Claimant: cmp.Or(deref(q.Claimant), h.Source), Ref: b.cite(h.Doc, h.Title, h.Source, h.Published, h.URL)}
			if !h.Published.IsZero() {
				cl.Date = h.Published.Time.UTC().Format(time.DateOnly)
			}
			c.Claims = append(c.Claims, cl)
		}
		c.Disagree = levels > 1 && c.Low > 0 && c.High/c.Low > 1.5
		out = append(out, c)
	}
	return out
}

// increment reports whether an amount's text adds it to another: "3,000
// more troops", "an additional 500", "another 200".
func increment(text string) bool {
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ".,;:()") {
		case "more", "additional", "extra", "another", "further":
			return true
		}
	}
	return false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Span fills in a period left open: it ends on the day of the store's
// latest document (today for an empty store) and lasts a week.
func Span(ctx context.Context, st store.Store, since, until time.Time) (time.Time, time.Time, error) {
	if until.IsZero() {
		s, err := st.Stats(ctx)
		if err != nil {
			return since, until, err
		}
		until = cmp.Or(s.Last, time.Now())
	}
	if since.IsZero() {
		since = day(until).AddDate(0, 0, -6)
	}
	return day(since), day(until), nil
}
