// Package incident decides when events coded from different documents, or
// twice in one, are one real-world event: the airstrike that a wire story,
// its rewrites and next week's background paragraph all report. Each
// report of an event stays as it was coded; an incident groups them, so a
// merge can be explained (Why) and undone.
//
// Two reports are one incident when nothing they say disagrees and enough
// agrees: the same PLOVER type and kind of report (what happened, or the
// same plan, demand or threat), periods on the same or adjacent days (an
// undated report may tell of what happened a few days before it was
// published), places within reach of each other, actors that can be the
// same on each side, and compatible numbers; and besides type and date,
// at least one of place, actors or the very sentence agrees, or both are
// in one document (a report tells of its event again as "the attack").
package incident

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// Tolerances, chosen before measuring from what reports of one event
// differ by: a day either side of its date, and the distance from a
// city's centre to its outskirts and bases (Baghdad airport is 16 km
// from Baghdad's centre).
const (
	DayTolerance = 24 * time.Hour
	// UndatedLead is how long before its publication an event that no
	// expression dates may have happened.
	UndatedLead = 3 * 24 * time.Hour
	// MaxPeriod is the longest period a report may be dated to and still
	// be merged: "in 2014" or "last month" does not say which attack.
	MaxPeriod = 8 * 24 * time.Hour
	PointKm   = 40  // places named to a town or site
	RegionKm  = 150 // a governorate-level place and another
)

// A Report is one event as one document reports it.
type Report struct {
	Doc       news.ID
	Index     int    // the event's position in the document's events
	Outlet    string // the document's source
	Published time.Time
	Type      string
	Modality  news.Modality
	Negated   bool
	// Sources and Targets are actor codes, "USAMIL", "IMGISI".
	Sources, Targets []string
	// From and Until (exclusive) are the period the event is dated to;
	// Undated says no expression dates it, so the period is the
	// publication day.
	From, Until time.Time
	Undated     bool
	Place       *news.EventPlace // nil when unplaced
	Fatalities  *float64
	Injured     *float64
	Size        *float64
	// Said is a hash of the event's sentence and trigger: the same words
	// in two documents (a syndicated copy, a quoted statement) tell of
	// the same event.
	Said uint64
	// Trigger is the event's trigger in lower case, and CopyOf the
	// document the report's document copies (duplicate_of), if any: a
	// copy tells the same events in the same words, give or take an edit.
	Trigger string
	CopyOf  news.ID
}

// Ref returns the report's reference: "<document ID>:<index>".
func (r Report) Ref() string { return fmt.Sprintf("%s:%d", r.Doc, r.Index) }

// Reports returns the reports of a document's events, in order.
func Reports(d *news.Document) []Report {
	recs := d.Record().Events
	out := make([]Report, len(recs))
	var published time.Time
	if !d.Published.IsZero() {
		published = d.Published.Time
	}
	for i, rec := range recs {
		from, until, undated := Period(d, i)
		out[i] = FromRecord(d.ID, i, d.Source, published, rec, from, until, undated)
		out[i].CopyOf = d.DuplicateOf
	}
	return out
}

// FromRecord returns the report of a stored event: the i-th of document
// doc, from outlet, published then, dated to [from, until) (undated: the
// publication day).
func FromRecord(doc news.ID, i int, outlet string, published time.Time, rec news.EventRecord, from, until time.Time, undated bool) Report {
	r := Report{Doc: doc, Index: i, Outlet: outlet, Published: published, Type: rec.Type, Modality: rec.Modality,
		Negated: rec.Negated, Place: rec.Place, Fatalities: rec.Fatalities, Injured: rec.Injured, Size: rec.Size,
		From: from, Until: until, Undated: undated, Said: said(rec.Sentence, rec.Trigger), Trigger: strings.ToLower(rec.Trigger)}
	for _, a := range rec.Sources {
		r.Sources = append(r.Sources, a.Code)
	}
	for _, a := range rec.Targets {
		r.Targets = append(r.Targets, a.Code)
	}
	return r
}

// Period returns the period a document's i-th event is dated to: its
// date expression's, else the publication day (undated); zero when
// neither is known.
func Period(d *news.Document, i int) (from, until time.Time, undated bool) {
	for _, t := range d.Times {
		if slices.Contains(t.Events, i) && !t.Start.IsZero() && !t.End.IsZero() {
			return t.Start, t.End, false
		}
	}
	if d.Published.IsZero() {
		return time.Time{}, time.Time{}, true
	}
	day := news.Day(d.Published.Time).Time
	return day, day.AddDate(0, 0, 1), true
}

// copies reports whether a's and b's documents are copies of one text.
func copies(a, b *Report) bool {
	return a.Doc != b.Doc && (a.CopyOf == b.Doc || b.CopyOf == a.Doc || a.CopyOf != "" && a.CopyOf == b.CopyOf)
}

// said hashes a sentence and a trigger, in lower case with runs of space
// made one.
func said(sentence, trigger string) uint64 {
	if sentence == "" {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(strings.Join(strings.Fields(sentence), " "))))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(trigger)))
	return h.Sum64()
}

// Mergeable reports whether r can be one incident with any other report:
// it is dated, to a short enough period, and not negated.
func (r Report) Mergeable() bool {
	return !r.Negated && !r.From.IsZero() && r.Until.Sub(r.From) <= MaxPeriod
}

// kind is what a report says of its event: that it happened (asserted,
// and background: told as past), or the plan, demand or threat it is.
func kind(m news.Modality) news.Modality {
	if m == news.Background {
		return news.Asserted
	}
	return m
}

// Match says whether a and b report one event, and why: each agreement
// that decided it, or the first disagreement.
func Match(a, b Report) (bool, string) {
	v, why := compare(&a, &b, true)
	return v == agreement || v == retold, why
}

// compare says whether a and b agree (are one event), conflict (cannot
// be), or neither.
//
// Explaining costs more than deciding: without explain, the reason is
// left out.
func compare(a, b *Report, explain bool) (verdict, string) {
	if a.Type != b.Type {
		return conflict, "other types"
	}
	if kind(a.Modality) != kind(b.Modality) {
		if !explain {
			return conflict, ""
		}
		return conflict, "one happened, the other is " + string(b.Modality)
	}
	if !a.Mergeable() || !b.Mergeable() {
		return conflict, "negated, undated or dated too loosely"
	}
	var why []string
	note := func(s string) {
		if explain {
			why = append(why, s)
		}
	}
	if explain {
		note("both " + a.Type)
	}
	days, ok := dates(a, b, explain)
	if !ok {
		return conflict, "dates apart"
	}
	note(days)
	agree := 0
	place, verdict := places(a.Place, b.Place, explain)
	switch verdict {
	case conflict:
		return conflict, place
	case agreement:
		agree++
		note(place)
	}
	for _, side := range []struct {
		name     string
		a, b     []string
		attacker bool
	}{{"source", a.Sources, b.Sources, true}, {"target", a.Targets, b.Targets, false}} {
		what, verdict := actors(side.a, side.b, side.attacker)
		switch verdict {
		case conflict:
			if !explain {
				return conflict, ""
			}
			return conflict, side.name + "s differ"
		case agreement:
			agree++
			if explain {
				note(side.name + " " + what)
			}
		}
	}
	switch {
	case a.Said != 0 && a.Said == b.Said && a.Doc != b.Doc:
		agree++
		note("the same sentence")
	case a.Trigger != "" && a.Trigger == b.Trigger && copies(a, b):
		agree++
		note("the same trigger in a copy")
	}
	for _, n := range []struct {
		name string
		a, b *float64
	}{{"killed", a.Fatalities, b.Fatalities}, {"injured", a.Injured, b.Injured}, {"size", a.Size, b.Size}} {
		if n.a == nil || n.b == nil {
			continue
		}
		lo, hi := math.Min(*n.a, *n.b), math.Max(*n.a, *n.b)
		// Tolls rise as a day goes on ("at least 10", then "43"): only
		// numbers far apart say two events.
		if hi-lo > 5 && hi > 3*lo {
			if !explain {
				return conflict, ""
			}
			return conflict, n.name + " " + number(*n.a) + " and " + number(*n.b)
		}
		if explain {
			note(n.name + " " + number(*n.a) + " and " + number(*n.b))
		}
	}
	if agree == 0 {
		// "The attack", "the strikes": a story tells of its events
		// again without repeating where and who. In one document, a
		// report that names neither, of the same type at the same time
		// with nothing differing, is the same event.
		if a.Doc == b.Doc && (bare(a) || bare(b)) {
			note("told again in the same document")
			return retold, strings.Join(why, "; ")
		}
		return unknown, "nothing but type and date agree"
	}
	return agreement, strings.Join(why, "; ")
}

func number(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// dates says whether the reports' periods meet within the tolerance.
func dates(a, b *Report, explain bool) (string, bool) {
	af, bf := a.From, b.From
	if a.Undated {
		af = af.Add(-UndatedLead)
	}
	if b.Undated {
		bf = bf.Add(-UndatedLead)
	}
	// Periods end exclusive: a day's tolerance lets Friday meet Saturday
	// ("late on Friday" is Saturday somewhere), not Sunday.
	if !af.Before(b.Until.Add(DayTolerance)) || !bf.Before(a.Until.Add(DayTolerance)) {
		return "", false
	}
	if !explain {
		return "", true
	}
	switch {
	case a.Undated && b.Undated:
		return "reported " + day(a.From) + " and " + day(b.From), true
	case a.Undated || b.Undated:
		d := a
		if a.Undated {
			d = b
		}
		return "dated " + day(d.From) + ", reported within days", true
	case a.From.Equal(b.From):
		return "dated " + day(a.From), true
	}
	return "dated " + day(a.From) + " and " + day(b.From), true
}

// bare reports whether r names neither a place finer than a country nor
// an actor narrower than one: "the attack".
func bare(r *Report) bool {
	if r.Place != nil && r.Place.Precision != "country" {
		return false
	}
	for _, c := range append(r.Sources[:len(r.Sources):len(r.Sources)], r.Targets...) {
		if len(c) > 3 && actordict.Country(c) != "" {
			return false
		}
	}
	return true
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

type verdict int

const (
	unknown verdict = iota
	agreement
	// retold is an agreement of type and date alone, within one
	// document.
	retold
	conflict
)

// places compares two events' places: near enough for their precision
// agrees, far apart conflicts, and a country-level place (the document's
// focus, often) says little.
func places(a, b *news.EventPlace, explain bool) (string, verdict) {
	if a == nil || b == nil {
		return "", unknown
	}
	if a.Country != "" && b.Country != "" && a.Country != b.Country {
		if !explain {
			return "", conflict
		}
		return "places in " + a.Country + " and " + b.Country, conflict
	}
	if a.Precision == "country" || b.Precision == "country" {
		return "", unknown
	}
	km := gazetteer.Distance(a.Lat, a.Lon, b.Lat, b.Lon)
	limit := float64(PointKm)
	if a.Precision == "governorate" || b.Precision == "governorate" {
		limit = RegionKm
	}
	if km > limit {
		if !explain {
			return "", conflict
		}
		return fmt.Sprintf("%s and %s %.0f km apart", a.Name, b.Name, km), conflict
	}
	if !explain {
		return "", agreement
	}
	if a.Name == b.Name {
		return "at " + a.Name, agreement
	}
	return fmt.Sprintf("at %s and %s, %.0f km apart", a.Name, b.Name, km), agreement
}

// actors compares one side's actor codes. Two codes are compatible when
// one narrows the other (USA, USAMIL), and agree when they are the same
// actor, named at least as narrowly as a country's sector: "the US" and
// "Iraq" say little, since most of a theatre's events involve them.
// Attackers whose codes are all incompatible conflict (a US strike is not
// Iran's); targets never do, since one event hits several (a US
// contractor, Iraqi troops).
func actors(a, b []string, attacker bool) (string, verdict) {
	known := func(l []string) bool {
		for _, c := range l {
			if actordict.Country(c) != "" {
				return true
			}
		}
		return false
	}
	compatible := false
	for _, x := range a {
		for _, y := range b {
			if actordict.Country(x) == "" || actordict.Country(y) == "" {
				continue
			}
			short, long := x, y
			if len(short) > len(long) {
				short, long = long, short
			}
			if !strings.HasPrefix(long, short) {
				continue
			}
			compatible = true
			if len(short) > 3 {
				return long, agreement
			}
		}
	}
	if attacker && !compatible && known(a) && known(b) {
		return "", conflict
	}
	return "", unknown
}
