package incident

import (
	"slices"
	"time"
)

// ProfileSize bounds the reports an incident compares new ones with: an
// event reported ten thousand times costs a new report no more than one
// reported twenty times.
const ProfileSize = 16

// An Incident is one real-world event and the reports of it.
type Incident struct {
	ID string // its first report's Ref: stable as reports join
	// Profile holds the first reports that differ in what they say of
	// the event (place, actors, dates, numbers), at most ProfileSize;
	// Latest the reports of the last document that joined. A new report
	// is compared with both.
	Profile []Report
	Latest  []Report
	Size    int // reports joined
	// Apart are the Refs of reports an analyst split off it: they never
	// rejoin it.
	Apart []string

	// Reports and Why (why each joined; "" for the first) are kept by
	// Group, in memory; a store keeps its own.
	Reports []Report `json:"-"`
	Why     []string `json:"-"`

	// reach caches what the compared reports' dates allow (reach).
	reach struct {
		ok bool
		r  reachOf
	}
}

// reachOf is what an incident's compared reports' dates allow a new
// report: it must start before until (the earliest end, plus
// DayTolerance) and end, plus DayTolerance, after at (the latest start,
// an undated report's less UndatedLead). A report that starts a day after
// the first or ends a day before the second is dated apart from one of
// them (dates), so the incident can take it neither as an agreement nor
// as a retelling. apart says whether reports were split off it.
type reachOf struct {
	until, at time.Time
	apart     bool
}

// reachOf returns in's reachOf, computed once until a report joins.
func (in *Incident) reachOf() reachOf {
	if !in.reach.ok {
		var minUntil, maxAt time.Time
		first := true
		in.each(func(m *Report) bool {
			at := m.From
			if m.Undated {
				at = at.Add(-UndatedLead)
			}
			if first || m.Until.Before(minUntil) {
				minUntil = m.Until
			}
			if first || at.After(maxAt) {
				maxAt = at
			}
			first = false
			return true
		})
		in.reach.r = reachOf{until: minUntil.Add(DayTolerance), at: maxAt}
		in.reach.ok = true
	}
	in.reach.r.apart = len(in.Apart) > 0
	return in.reach.r
}

// New starts an incident with r.
func New(r Report) *Incident {
	return &Incident{ID: r.Ref(), Profile: []Report{r}, Latest: []Report{r}, Size: 1, Reports: []Report{r}, Why: []string{""}}
}

// Join adds r to in.
func (in *Incident) Join(r Report, why string) {
	in.reach.ok = false
	in.Size++
	in.Reports = append(in.Reports, r)
	in.Why = append(in.Why, why)
	if last := in.Latest; len(last) > 0 && last[len(last)-1].Doc == r.Doc {
		in.Latest = append(in.Latest, r)
	} else {
		in.Latest = []Report{r}
	}
	if len(in.Profile) < ProfileSize && !slices.ContainsFunc(in.Profile, func(p Report) bool { return sameSay(p, r) }) {
		in.Profile = append(in.Profile, r)
	}
}

// sameSay reports whether a and b say the same of their event.
func sameSay(a, b Report) bool {
	samePlace := a.Place == nil && b.Place == nil ||
		a.Place != nil && b.Place != nil && a.Place.Name == b.Place.Name && a.Place.Precision == b.Place.Precision
	num := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return samePlace && slices.Equal(a.Sources, b.Sources) && slices.Equal(a.Targets, b.Targets) &&
		a.From.Equal(b.From) && a.Until.Equal(b.Until) && a.Undated == b.Undated && a.Modality == b.Modality &&
		num(a.Fatalities, b.Fatalities) && num(a.Injured, b.Injured) && num(a.Size, b.Size)
}

// each calls fn with the reports a new one is compared with, the
// profile's then the latest document's not in it, until fn returns false.
func (in *Incident) each(fn func(r *Report) bool) {
	for i := range in.Profile {
		if !fn(&in.Profile[i]) {
			return
		}
	}
	for i := range in.Latest {
		r := &in.Latest[i]
		if slices.ContainsFunc(in.Profile, func(p Report) bool { return p.Doc == r.Doc && p.Index == r.Index }) {
			continue
		}
		if !fn(r) {
			return
		}
	}
}

// Sources returns the number of outlets among the reports Group kept (a
// document without an outlet counts as one of its own).
func (in *Incident) Sources() int {
	seen := map[string]bool{}
	for _, r := range in.Reports {
		k := r.Outlet
		if k == "" {
			k = "doc:" + string(r.Doc)
		}
		seen[k] = true
	}
	return len(seen)
}

// First returns the earliest published of the reports Group kept (the
// first joined when none is dated).
func (in *Incident) First() Report {
	best := in.Reports[0]
	for _, r := range in.Reports[1:] {
		if !r.Published.IsZero() && (best.Published.IsZero() || r.Published.Before(best.Published)) {
			best = r
		}
	}
	return best
}

// Best returns which of the candidates r joins, and why: among those it
// conflicts with no compared report of and was not split from, the one
// with the most compared reports whose place or actors agree with r's;
// failing that, when r is only told again in its document ("the
// strikes"), the one holding the document's first report of that type,
// which is the event the story is about. -1 when none.
func Best(r Report, cands []*Incident) (int, string) { return best(r, cands, nil) }

// best is Best; reach, when not nil, holds each candidate's reachOf,
// read without following the pointer to the incident.
func best(r Report, cands []*Incident, reach []reachOf) (int, string) {
	best, bestN, why := -1, 0, ""
	retoldBest, retoldFirst, retoldWhy := -1, 0, ""
	ref := r.Ref()
	at := r.From
	if r.Undated {
		at = at.Add(-UndatedLead)
	}
	end := r.Until.Add(DayTolerance)
	for i, in := range cands {
		// Dated apart from one of its compared reports: a conflict, as
		// compare would find, found without comparing.
		var rc reachOf
		if reach != nil {
			rc = reach[i]
		} else {
			rc = in.reachOf()
		}
		if !at.Before(rc.until) || !rc.at.Before(end) {
			continue
		}
		if rc.apart && slices.Contains(in.Apart, ref) {
			continue
		}
		// Deciding first, explaining only the reports that decide.
		n := 0
		var first, earliest *Report
		in.each(func(m *Report) bool {
			v, _ := compare(&r, m, false)
			switch v {
			case conflict:
				n, earliest = -1, nil
				return false
			case agreement:
				if n == 0 {
					first = m
				}
				n++
			case retold:
				if earliest == nil || m.Index < earliest.Index {
					earliest = m
				}
			}
			return true
		})
		if n > bestN {
			best, bestN = i, n
			_, why = compare(&r, first, true)
		}
		if earliest != nil && (retoldBest < 0 || earliest.Index < retoldFirst) {
			retoldBest, retoldFirst = i, earliest.Index
			_, retoldWhy = compare(&r, earliest, true)
		}
	}
	if best < 0 {
		return retoldBest, retoldWhy
	}
	return best, why
}

// A Pool holds the incidents of one event type that new reports are
// compared with, in the order they are compared (which decides ties). It
// keeps what each one's dates allow beside it, so that the many a report
// is dated apart from cost a comparison of times in one array, not a
// visit to each incident: in a theatre of a few hundred reports a day a
// report has thousands of candidates. Incidents in a pool change only
// through it. The zero Pool is empty and ready.
type Pool struct {
	incs  []*Incident
	reach []reachOf
}

// Len returns the number of incidents in p.
func (p *Pool) Len() int { return len(p.incs) }

// At returns the i'th incident of p.
func (p *Pool) At(i int) *Incident { return p.incs[i] }

// Add appends in to p.
func (p *Pool) Add(in *Incident) {
	p.incs = append(p.incs, in)
	p.reach = append(p.reach, in.reachOf())
}

// Replace puts in in the place of p's i'th incident: a copy of it that
// the caller may change.
func (p *Pool) Replace(i int, in *Incident) {
	p.incs[i], p.reach[i] = in, in.reachOf()
}

// Join adds r to p's i'th incident.
func (p *Pool) Join(i int, r Report, why string) {
	p.incs[i].Join(r, why)
	p.reach[i] = p.incs[i].reachOf()
}

// Best is Best over p's incidents.
func (p *Pool) Best(r Report) (int, string) { return best(r, p.incs, p.reach) }

// Memory groups reports into incidents as they come, in memory: for a
// batch (sitrep extract) or an evaluation. It is not safe for concurrent
// use.
type Memory struct {
	all    []*Incident
	byType map[string]*Pool
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{byType: map[string]*Pool{}} }

// Add puts r in an incident and returns the incident's ID and why r
// joined it ("" when it starts it). A report that cannot merge is an
// incident of its own.
func (m *Memory) Add(r Report) (id, why string) {
	var p *Pool
	if r.Mergeable() {
		if p = m.byType[r.Type]; p == nil {
			p = &Pool{}
			m.byType[r.Type] = p
		}
		if i, why := p.Best(r); i >= 0 {
			p.Join(i, r, why)
			return p.At(i).ID, why
		}
	}
	in := New(r)
	if p != nil {
		p.Add(in)
	}
	m.all = append(m.all, in)
	return in.ID, ""
}

// Incidents returns the incidents so far, in the order they started.
func (m *Memory) Incidents() []*Incident { return m.all }

// Group puts reports, in the order given (that of publication, as they
// arrive), into incidents.
func Group(reports []Report) []*Incident {
	m := NewMemory()
	for _, r := range reports {
		m.Add(r)
	}
	return m.Incidents()
}
