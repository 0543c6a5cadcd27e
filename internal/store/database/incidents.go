package database

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sitrep-dev/sitrep/internal/incident"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// incidents puts a batch's events in incidents, within one Put's
// transaction: incidents read or changed are held in memory and written
// at the end.
type incidents struct {
	tx *sql.Tx
	// cache holds the committed incidents decoded before (nil: none). An
	// incident of the cache is shared until the batch changes it, which
	// it does to a copy (own).
	cache  *incidentCache
	held   map[string]*incident.Incident // by ID
	own    map[string]bool               // held incidents the batch started or copied
	byType map[string]*incident.Pool     // held, by event type: the batch's candidates
	dirty  map[string]bool
	stmts  map[int]*sql.Stmt // candidate queries, by number of types
	// queried are the periods read from the database, by type: a batch's
	// documents are mostly of the same days, and what was read once is
	// held.
	queried map[string][][2]time.Time
}

func newIncidents(tx *sql.Tx, cache *incidentCache) *incidents {
	if cache == nil {
		cache = newIncidentCache()
	}
	return &incidents{tx: tx, cache: cache, held: map[string]*incident.Incident{}, own: map[string]bool{}, byType: map[string]*incident.Pool{},
		dirty: map[string]bool{}, stmts: map[int]*sql.Stmt{}, queried: map[string][][2]time.Time{}}
}

// incidentCache keeps, between batches, the committed incidents decoded
// from the database, by ID. A batch still asks the database which
// incidents its reports could join, and in the same order, but decodes
// only those it has not seen: without the cache each batch decoded every
// incident of its types within two weeks of its reports, in a theatre of
// a few hundred reports a day tens of thousands, at 20 ms a document. It
// is used under Store.mu. When the database's count of incident writes is
// ahead of the one it holds (another process, or a split, changed
// incidents), it forgets the incidents written since, which each row
// dates by that count. Past cacheIncidents, the incidents the last two
// batches did not ask for go: the news moves on, and so do the days a
// batch's reports are of.
type incidentCache struct {
	version int64 // writes.n of 'incidents' it matches; -1 for none
	held    map[string]*cachedIncident
	batch   int64 // batches folded in, to date what was asked for
}

type cachedIncident struct {
	inc   *incident.Incident
	asked int64 // the last batch that asked for it
}

// cacheIncidents bounds the cache: two weeks of a theatre of a few
// hundred reports a day, about 60 MB (some 3 KB each, measured).
const cacheIncidents = 20_000

func newIncidentCache() *incidentCache {
	return &incidentCache{version: -1, held: map[string]*cachedIncident{}}
}

// get returns the cached incident id, noting that the batch asked for it.
func (c *incidentCache) get(id string) *incident.Incident {
	e := c.held[id]
	if e == nil {
		return nil
	}
	e.asked = c.batch
	return e.inc
}

func (c *incidentCache) put(id string, inc *incident.Incident) {
	c.held[id] = &cachedIncident{inc: inc, asked: c.batch}
}

// fresh brings the cache up to date: it forgets the incidents written
// since it was, by another process or a split.
func (in *incidents) fresh(ctx context.Context) error {
	c := in.cache
	var n int64
	if err := in.tx.QueryRowContext(ctx, `SELECT n FROM writes WHERE name = 'incidents'`).Scan(&n); err != nil {
		return err
	}
	switch {
	case n == c.version:
		return nil
	case c.version < 0 || n < c.version:
		c.held = map[string]*cachedIncident{}
	default:
		rs, err := in.tx.QueryContext(ctx, `SELECT id FROM incidents WHERE written > ?`, c.version)
		if err := eachString(rs, err, func(id string) { delete(c.held, id) }); err != nil {
			return err
		}
	}
	c.version = n
	return nil
}

// committed folds a committed batch into the cache: the incidents it
// started or changed, and the count of writes it made.
func (in *incidents) committed() {
	c := in.cache
	if len(in.dirty) > 0 {
		c.version++
	}
	for id := range in.dirty {
		inc := in.held[id]
		inc.Reports, inc.Why = nil, nil // the store keeps its own
		c.put(id, inc)
	}
	if len(c.held) > cacheIncidents {
		for id, e := range c.held {
			if e.asked < c.batch-1 {
				delete(c.held, id)
			}
		}
	}
	c.batch++
}

// bumpIncidents counts one more write of incidents, for every process's
// cache (incidentCache), and returns the count, which dates the rows
// written.
const bumpIncidents = `UPDATE writes SET n = n + 1 WHERE name = 'incidents' RETURNING n`

// clone returns a copy of inc that Join may change without changing inc.
func clone(inc *incident.Incident) *incident.Incident {
	c := *inc
	c.Profile, c.Latest, c.Apart = slices.Clone(inc.Profile), slices.Clone(inc.Latest), slices.Clone(inc.Apart)
	c.Reports, c.Why = nil, nil
	return &c
}

// candidateSlack is how far before a report's period an incident it can
// join may start: the longest period merged, an undated report's lead and
// the tolerance.
const candidateSlack = incident.MaxPeriod + incident.UndatedLead + 2*incident.DayTolerance

// assign puts each of d's events in an incident and returns, by event,
// the incident's ID and why the event joined it ("" for a first report).
func (in *incidents) assign(ctx context.Context, d *news.Document) (ids, whys []string, err error) {
	reports := incident.Reports(d)
	ids, whys = make([]string, len(reports)), make([]string, len(reports))
	if err := in.load(ctx, reports); err != nil {
		return nil, nil, err
	}
	for i, r := range reports {
		ids[i] = r.Ref()
		if !r.Mergeable() {
			continue
		}
		p := in.pool(r.Type)
		if b, why := p.Best(r); b >= 0 {
			inc := p.At(b)
			if !in.own[inc.ID] {
				// The cache's is committed and shared: change a copy.
				inc = clone(inc)
				p.Replace(b, inc)
				in.held[inc.ID], in.own[inc.ID] = inc, true
			}
			p.Join(b, r, why)
			ids[i], whys[i] = inc.ID, why
			in.dirty[inc.ID] = true
			continue
		}
		n := incident.New(r)
		in.held[n.ID], in.dirty[n.ID], in.own[n.ID] = n, true, true
		p.Add(n)
	}
	return ids, whys, nil
}

// pool returns the candidates of type t.
func (in *incidents) pool(t string) *incident.Pool {
	p := in.byType[t]
	if p == nil {
		p = &incident.Pool{}
		in.byType[t] = p
	}
	return p
}

// load reads the stored incidents the reports could join: of their types,
// starting within reach of their periods. Reports close in time share a
// query.
func (in *incidents) load(ctx context.Context, reports []incident.Report) error {
	var ms []incident.Report
	for _, r := range reports {
		if r.Mergeable() {
			ms = append(ms, r)
		}
	}
	slices.SortFunc(ms, func(a, b incident.Report) int { return a.From.Compare(b.From) })
	for len(ms) > 0 {
		from, until := ms[0].From, ms[0].Until
		types := map[string]bool{}
		n := 0
		for ; n < len(ms) && ms[n].From.Sub(until) <= candidateSlack; n++ {
			types[ms[n].Type] = true
			if ms[n].Until.After(until) {
				until = ms[n].Until
			}
		}
		ms = ms[n:]
		from, until = from.Add(-candidateSlack), until.Add(2*incident.DayTolerance)
		for t := range types {
			if slices.ContainsFunc(in.queried[t], func(p [2]time.Time) bool { return !from.Before(p[0]) && !until.After(p[1]) }) {
				delete(types, t)
			}
		}
		if len(types) == 0 {
			continue
		}
		if err := in.query(ctx, types, from, until); err != nil {
			return err
		}
		for t := range types {
			in.queried[t] = append(in.queried[t], [2]time.Time{from, until})
		}
	}
	return nil
}

func (in *incidents) query(ctx context.Context, types map[string]bool, from, until time.Time) error {
	st := in.stmts[len(types)]
	if st == nil {
		var err error
		st, err = in.tx.PrepareContext(ctx, `SELECT id FROM incidents
			WHERE type IN (`+placeholders(len(types))+`) AND day_from BETWEEN ? AND ?`)
		if err != nil {
			return err
		}
		in.stmts[len(types)] = st
	}
	args := make([]any, 0, len(types)+2)
	for t := range types {
		args = append(args, t)
	}
	args = append(args, from.UTC().Format(time.DateOnly), until.UTC().Format(time.DateOnly))
	rs, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	// In the order the database gives them, as candidates are compared
	// in order; bodies are read only for those the cache lacks.
	var ids, missing []string
	for rs.Next() {
		var id string
		if err := rs.Scan(&id); err != nil {
			rs.Close()
			return err
		}
		if in.held[id] != nil {
			continue
		}
		ids = append(ids, id)
		if in.cache.get(id) == nil {
			missing = append(missing, id)
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	if err := in.read(ctx, missing); err != nil {
		return err
	}
	for _, id := range ids {
		inc := in.cache.get(id)
		in.held[id] = inc
		in.pool(inc.Profile[0].Type).Add(inc)
	}
	return nil
}

// read decodes the stored incidents ids into the cache.
func (in *incidents) read(ctx context.Context, ids []string) error {
	for len(ids) > 0 {
		part := ids[:min(len(ids), rowsPerInsert)]
		ids = ids[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rs, err := in.tx.QueryContext(ctx, `SELECT id, body FROM incidents WHERE id IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return err
		}
		for rs.Next() {
			var id, body string
			if err := rs.Scan(&id, &body); err != nil {
				rs.Close()
				return err
			}
			var inc incident.Incident
			if err := json.Unmarshal([]byte(body), &inc); err != nil {
				rs.Close()
				return fmt.Errorf("incident %s: %w", id, err)
			}
			in.cache.put(id, &inc)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	return nil
}

// write stores the incidents the batch started or changed.
func (in *incidents) write(ctx context.Context) error {
	for _, st := range in.stmts {
		st.Close()
	}
	ids := make([]string, 0, len(in.dirty))
	for id := range in.dirty {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	var written int64
	if err := in.tx.QueryRowContext(ctx, bumpIncidents).Scan(&written); err != nil {
		return err
	}
	r := rows{head: `INSERT INTO incidents (id, type, day_from, day_until, body, written) VALUES `,
		tail: ` ON CONFLICT (id) DO UPDATE SET day_from = excluded.day_from, day_until = excluded.day_until,
			body = excluded.body, written = excluded.written`, cols: 6}
	for _, id := range ids {
		inc := in.held[id]
		from, until := span(inc)
		body, err := json.Marshal(inc)
		if err != nil {
			return err
		}
		r.add(id, inc.Profile[0].Type, from, until, string(body), written)
	}
	return r.write(ctx, in.tx)
}

// span returns the days an incident's compared reports' periods cover.
func span(inc *incident.Incident) (from, until string) {
	f, u := inc.Profile[0].From, inc.Profile[0].Until
	for _, r := range append(inc.Profile[1:len(inc.Profile):len(inc.Profile)], inc.Latest...) {
		if r.From.Before(f) {
			f = r.From
		}
		if r.Until.After(u) {
			u = r.Until
		}
	}
	return f.UTC().Format(time.DateOnly), u.UTC().Format(time.DateOnly)
}

// Split implements store.Store.
func (s *Store) Split(ctx context.Context, ref string) (string, error) {
	doc, idx, err := store.ParseRef(ref)
	if err != nil {
		return "", err
	}
	ref = fmt.Sprintf("%s:%d", doc, idx)
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var id sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT incident FROM events WHERE doc_id = ? AND idx = ?`, string(doc), idx).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("event %s: %w", ref, store.ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	var body string
	err = tx.QueryRowContext(ctx, `SELECT body FROM incidents WHERE id = ?`, id.String).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("event %s was merged with no other report", ref)
	}
	if err != nil {
		return "", err
	}
	var old incident.Incident
	if err := json.Unmarshal([]byte(body), &old); err != nil {
		return "", fmt.Errorf("incident %s: %w", id.String, err)
	}
	members, err := incidentReports(ctx, tx, id.String)
	if err != nil {
		return "", err
	}
	at := slices.IndexFunc(members, func(r incident.Report) bool { return r.Ref() == ref })
	if at < 0 || len(members) < 2 {
		return "", fmt.Errorf("event %s was merged with no other report", ref)
	}
	alone := members[at]
	members = slices.Delete(members, at, at+1)
	// The rest are one incident as before, compared anew; it keeps its
	// name unless that was the report split off, and the report never
	// rejoins it.
	rest := incident.New(members[0])
	for _, r := range members[1:] {
		rest.Join(r, "")
	}
	rest.Apart = append(old.Apart, ref)
	if old.ID == ref {
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id = ?`, old.ID); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET incident = ? WHERE incident = ?`, rest.ID, old.ID); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET merge_why = NULL WHERE doc_id = ? AND idx = ?`,
			string(members[0].Doc), members[0].Index); err != nil {
			return "", err
		}
	} else {
		rest.ID = old.ID
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET incident = ?, merge_why = NULL WHERE doc_id = ? AND idx = ?`,
		ref, string(doc), idx); err != nil {
		return "", err
	}
	// One more real-world event: the report split off, or, when it was
	// the first report, the one that now leads the rest.
	lead, leadIdx := string(doc), idx
	if old.ID == ref {
		lead, leadIdx = string(members[0].Doc), members[0].Index
	}
	for _, q := range []string{
		`INSERT INTO event_days (day, type, modality, incidents)
		SELECT coalesce(event_from, published_day), type, modality, 1 FROM events
		WHERE doc_id = ? AND idx = ? AND coalesce(event_from, published_day) IS NOT NULL
		ON CONFLICT (day, type, modality) DO UPDATE SET incidents = event_days.incidents + 1`,
		`INSERT INTO event_months (month, type, modality, incidents)
		SELECT substr(coalesce(event_from, published_day), 1, 8) || '01', type, modality, 1 FROM events
		WHERE doc_id = ? AND idx = ? AND coalesce(event_from, published_day) IS NOT NULL
		ON CONFLICT (month, type, modality) DO UPDATE SET incidents = event_months.incidents + 1`,
	} {
		if _, err := tx.ExecContext(ctx, q, lead, leadIdx); err != nil {
			return "", err
		}
	}
	held := newIncidents(tx, nil)
	held.held[rest.ID], held.dirty[rest.ID] = rest, true
	held.held[ref], held.dirty[ref] = incident.New(alone), true
	if err := held.write(ctx); err != nil {
		return "", err
	}
	return old.ID, tx.Commit()
}

// incidentReports reads the reports of an incident from its events, in
// the order they were stored.
func incidentReports(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id string) ([]incident.Report, error) {
	rs, err := q.QueryContext(ctx, `SELECT e.doc_id, e.idx, e.record, coalesce(e.event_from, ''), coalesce(e.event_until, ''),
			coalesce(d.source, ''), coalesce(d.published, ''), coalesce(d.duplicate_of, '')
		FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident = ? ORDER BY d.seq, e.idx`, id)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []incident.Report
	for rs.Next() {
		var doc, rec, from, until, outlet, published, copyOf string
		var idx int
		if err := rs.Scan(&doc, &idx, &rec, &from, &until, &outlet, &published, &copyOf); err != nil {
			return nil, err
		}
		var ev news.EventRecord
		if err := json.Unmarshal([]byte(rec), &ev); err != nil {
			return nil, fmt.Errorf("document %s: event: %w", doc, err)
		}
		var at time.Time
		if p, err := news.ParseDate(published); err == nil && published != "" {
			at = p.Time
		}
		f, _ := time.Parse(time.DateOnly, from)
		u, _ := time.Parse(time.DateOnly, until)
		p := ev.DatePrecision
		undated := p == nil || *p == news.PrecisionReported || *p == news.PrecisionVague
		r := incident.FromRecord(news.ID(doc), idx, outlet, at, ev, f, u, undated)
		r.CopyOf = news.ID(copyOf)
		out = append(out, r)
	}
	return out, rs.Err()
}
