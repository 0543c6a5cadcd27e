package database

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/incident"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// annotations gathers the rows of a batch's events, actors and
// quantities and writes them with multi-row inserts: one statement per
// row cost more in statement overhead than the rows themselves.
type annotations struct {
	event, actor, quantity, days, months rows
	// newDays counts the batch's new incidents by day, type and modality.
	newDays map[[3]string]int
	places  map[string]bool          // the batch's events' places (placeKey)
	recs    map[news.ID]eventRecords // by document, from free
	place   rows
}

func newAnnotations(d dialect) *annotations {
	return &annotations{
		event: rows{head: `INSERT INTO events
		(doc_id, idx, type, mode, modality, negated, source_codes, target_codes, actor_names, published_day, confidence, record,
		 lat, lon, event_from, event_until, incident, merge_why, place, long_period, multi_day) VALUES `, cols: 21},
		days: rows{head: `INSERT INTO event_days (day, type, modality, incidents) VALUES `, cols: 4,
			tail: ` ON CONFLICT (day, type, modality) DO UPDATE SET incidents = event_days.incidents + excluded.incidents`},
		months: rows{head: `INSERT INTO event_months (month, type, modality, incidents) VALUES `, cols: 4,
			tail: ` ON CONFLICT (month, type, modality) DO UPDATE SET incidents = event_months.incidents + excluded.incidents`},
		newDays: map[[3]string]int{},
		places:  map[string]bool{},
		recs:    map[news.ID]eventRecords{},
		place:   rows{head: `INSERT INTO event_places (place) VALUES `, tail: ` ON CONFLICT DO NOTHING`, cols: 1},
		actor: rows{head: `INSERT INTO actors (doc_id, name, code, mentions) VALUES `, cols: 4,
			tail: ` ON CONFLICT (doc_id, name, code) DO UPDATE SET mentions = actors.mentions + excluded.mentions`},
		quantity: rows{head: `INSERT INTO quantities
		(doc_id, idx, value, unit, role, event_type, published_day, record) VALUES `, cols: 8,
			// Written ahead of the writers' lock, a document another
			// process has in hand may be there: Put then finds it stored.
			tail: ` ON CONFLICT DO NOTHING`},
	}
}

// eventRecords are a document's events in their output shape, and each
// encoded.
type eventRecords struct {
	list []news.EventRecord
	json []string
}

// free gathers a new document's rows that no decision of Put's changes
// (its actors and quantities) and encodes its events' records: all that
// can be done before the writers' lock.
func (a *annotations) free(d *news.Document, day any) error {
	r := d.Record()
	recs := eventRecords{list: r.Events, json: make([]string, len(r.Events))}
	for i, e := range r.Events {
		rec, err := json.Marshal(e)
		if err != nil {
			return err
		}
		recs.json[i] = string(rec)
	}
	a.recs[d.ID] = recs
	// One row per name and code: PostgreSQL will not update a row twice
	// in one statement.
	type nameCode struct{ name, code string }
	mentions := map[nameCode]int{}
	var order []nameCode
	for _, ac := range r.Actors {
		k := nameCode{ac.Name, ac.Code}
		if _, ok := mentions[k]; !ok {
			order = append(order, k)
		}
		mentions[k] += ac.Mentions
	}
	for _, k := range order {
		a.actor.add(string(d.ID), k.name, k.code, mentions[k])
	}
	for i, q := range r.Quantities {
		rec, err := json.Marshal(q)
		if err != nil {
			return err
		}
		var eventType any
		if q.Event != nil && *q.Event < len(r.Events) {
			eventType = r.Events[*q.Event].Type
		}
		a.quantity.add(string(d.ID), i, q.Value, q.Unit, q.Role, eventType, day, string(rec))
	}
	return nil
}

// add gathers a new document's events, after free; incidents and whys
// are, by event, its incident and why it joined.
func (a *annotations) add(d *news.Document, day any, incidents, whys []string) {
	recs := a.recs[d.ID]
	for i, e := range recs.list {
		var lat, lon, place any
		if e.Place != nil {
			lat, lon, place = e.Place.Lat, e.Place.Lon, placeKey(e.Place)
			a.places[place.(string)] = true
		}
		from, until := eventPeriod(d, i)
		long, multi := periodSpan(from, until)
		a.event.add(string(d.ID), i, e.Type, e.Mode, string(e.Modality), e.Negated,
			codes(e.Sources), codes(e.Targets), names(e.Sources, e.Targets), day, e.Confidence, recs.json[i], lat, lon,
			from, until, incidents[i], nullable(whys[i]), place, long, multi)
		// A report that starts an incident counts one more real-world
		// event on its day.
		if incidents[i] == fmt.Sprintf("%s:%d", d.ID, i) {
			if at := cmp.Or(from, day); at != nil {
				a.newDays[[3]string{at.(string), e.Type, string(e.Modality)}]++
			}
		}
	}
}

// placeKey is what the place filter searches: " name | admin1 |
// country ", lower case.
func placeKey(p *news.EventPlace) string {
	admin1 := ""
	if p.Admin1 != nil {
		admin1 = *p.Admin1
	}
	return strings.ToLower(" " + p.Name + " | " + admin1 + " | " + p.Country + " ")
}

// writeFree inserts the rows free gathered.
func (a *annotations) writeFree(ctx context.Context, tx *sql.Tx) error {
	for _, r := range []*rows{&a.actor, &a.quantity} {
		if err := r.write(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// write inserts the rows add gathered.
func (a *annotations) write(ctx context.Context, tx *sql.Tx) error {
	keys := make([][3]string, 0, len(a.newDays))
	for k := range a.newDays {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [3]string) int { return cmp.Compare(x[0]+x[1]+x[2], y[0]+y[1]+y[2]) })
	months := map[[3]string]int{}
	for _, k := range keys {
		a.days.add(k[0], k[1], k[2], a.newDays[k])
		months[[3]string{k[0][:8] + "01", k[1], k[2]}] += a.newDays[k]
	}
	for _, k := range slices.SortedFunc(maps.Keys(months), func(x, y [3]string) int { return cmp.Compare(x[0]+x[1]+x[2], y[0]+y[1]+y[2]) }) {
		a.months.add(k[0], k[1], k[2], months[k])
	}
	clear(a.newDays)
	for _, p := range slices.Sorted(maps.Keys(a.places)) {
		a.place.add(p)
	}
	clear(a.places)
	for _, r := range []*rows{&a.event, &a.days, &a.months, &a.place} {
		if err := r.write(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// rows are the values of rows for one table, written rowsPerInsert at a
// time.
type rows struct {
	head, tail string
	cols       int
	args       []any
}

// rowsPerInsert keeps an insert's parameters (20 columns at most) well
// under SQLite's limit of 32,766 (PostgreSQL's is 65,535).
const rowsPerInsert = 64

func (r *rows) add(vals ...any) { r.args = append(r.args, vals...) }

func (r *rows) write(ctx context.Context, tx *sql.Tx) error {
	stmts := map[int]*sql.Stmt{} // by rows per statement: the full one and the remainder
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	per := r.cols
	for off := 0; off < len(r.args); off += rowsPerInsert * per {
		end := min(len(r.args), off+rowsPerInsert*per)
		n := (end - off) / per
		st := stmts[n]
		if st == nil {
			var b strings.Builder
			b.WriteString(r.head)
			row := "(" + strings.Repeat("?, ", per-1) + "?)"
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(row)
			}
			b.WriteString(r.tail)
			var err error
			if st, err = tx.PrepareContext(ctx, b.String()); err != nil {
				return err
			}
			stmts[n] = st
		}
		if _, err := st.ExecContext(ctx, r.args[off:end]...); err != nil {
			return err
		}
	}
	r.args = r.args[:0]
	return nil
}

// Quantities implements store.Store.
func (s *Store) Quantities(ctx context.Context, q store.QuantityQuery) ([]store.QuantityHit, error) {
	where := []string{"1 = 1"}
	var args []any
	if q.Doc != "" {
		where = append(where, "q.doc_id = ?")
		args = append(args, string(q.Doc))
	}
	if u := strings.ToLower(strings.TrimSpace(q.Unit)); u != "" {
		where = append(where, "q.unit = ?")
		args = append(args, u)
	}
	if q.Role != "" {
		where = append(where, "q.role = ?")
		args = append(args, string(q.Role))
	}
	if q.Min > 0 {
		where = append(where, "q.value >= ?")
		args = append(args, q.Min)
	}
	if !q.Since.IsZero() {
		where = append(where, "q.published_day >= ?")
		args = append(args, q.Since.UTC().Format(time.DateOnly))
	}
	if !q.Until.IsZero() {
		where = append(where, "q.published_day <= ?")
		args = append(args, q.Until.UTC().Format(time.DateOnly))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit, max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, `SELECT q.doc_id, d.title, d.source, d.url, d.published, q.event_type, q.record
		FROM quantities q JOIN documents d ON d.id = q.doc_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY q.published_day `+s.d.descNulls()+`, q.doc_id, q.idx LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.QuantityHit
	for rows.Next() {
		var h store.QuantityHit
		var id, rec string
		var title, source, url, published, eventType sql.NullString
		if err := rows.Scan(&id, &title, &source, &url, &published, &eventType, &rec); err != nil {
			return nil, err
		}
		h.Doc, h.Title, h.Source, h.URL, h.EventType = news.ID(id), title.String, source.String, url.String, eventType.String
		if published.Valid {
			if h.Published, err = news.ParseDate(published.String); err != nil {
				return nil, fmt.Errorf("document %s: %w", id, err)
			}
		}
		if err := json.Unmarshal([]byte(rec), &h.Quantity); err != nil {
			return nil, fmt.Errorf("document %s: quantity: %w", id, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// eventPeriod returns the days [from, until) the date of event i names
// (the expression that dates it), else its document's publication day; nil
// when neither is known.
func eventPeriod(d *news.Document, i int) (any, any) {
	from, until, _ := incident.Period(d, i)
	if from.IsZero() {
		return nil, nil
	}
	return from.Format(time.DateOnly), until.Format(time.DateOnly)
}

// periodSpan sorts a period [from, until) as migrations 0011 and 0015
// mark them: long is 1 for more than 31 days, multi is 1 for two to 31;
// a day's period (or none) is neither.
func periodSpan(from, until any) (long, multi int) {
	f, ok1 := from.(string)
	u, ok2 := until.(string)
	if !ok1 || !ok2 {
		return 0, 0
	}
	a, err1 := time.Parse(time.DateOnly, f)
	b, err2 := time.Parse(time.DateOnly, u)
	switch d := b.Sub(a); {
	case err1 != nil || err2 != nil || d <= 24*time.Hour:
		return 0, 0
	case d > 31*24*time.Hour:
		return 1, 0
	}
	return 0, 1
}

// codes returns " A B " so that LIKE '% A%' finds a code prefix.
func codes(refs []news.ActorRef) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, r := range refs {
		b.WriteString(r.Code)
		b.WriteByte(' ')
		if r.Backer != nil {
			b.WriteString(*r.Backer)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func names(lists ...[]news.ActorRef) string {
	var parts []string
	for _, l := range lists {
		for _, r := range l {
			parts = append(parts, strings.ToLower(r.Name), strings.ToLower(r.Text))
		}
	}
	return strings.Join(parts, " | ")
}

// A cond is one SQL condition on events e, with its args.
type cond struct {
	sql  string
	args []any
}

// A filter is a listing's conditions on events e: a row matches when it
// meets every one of all and, when there are any, one of any. The
// alternatives are kept apart so that a listing can read each from its
// own index range (the three kinds of row a period matches, or each of
// several places) and merge them, where one OR would read them all.
type filter struct {
	all, any []cond
	// ranges: each alternative is a range of an index other than the
	// listing's, read whole and sorted. Without saying so SQLite may walk
	// the listing index instead, newest first, testing every row until
	// enough match: a whole-table scan when few or none do.
	ranges bool
	d      dialect
}

func (f *filter) add(sql string, args ...any) { f.all = append(f.all, cond{sql, args}) }

// flat returns f's conditions as one list, its alternatives joined by OR.
func (f filter) flat() (where []string, args []any) {
	for _, c := range f.all {
		where, args = append(where, c.sql), append(args, c.args...)
	}
	if len(f.any) > 0 {
		var alts []string
		for _, c := range f.any {
			alts, args = append(alts, "("+c.sql+")"), append(args, c.args...)
		}
		where = append(where, "("+strings.Join(alts, " OR ")+")")
	}
	return where, args
}

// page returns the conditions and order that read the next rows of f's
// listing after from (nil: the first), at most limit of them. With
// alternatives, each reads its own newest rows from its index (with the
// keys they sort by, which the indexes hold), the newest of those are
// chosen, and only then are their events read: order is then "", for
// the caller to sort (eventPage), since sorting whole event rows in SQL
// costs more than finding them.
func (f filter) page(from *eventPos, limit int) (where []string, args []any, order string) {
	g := f
	if from != nil {
		c, cargs := from.after(f.ranges)
		g.all = append(slices.Clone(f.all), cond{c, cargs})
		g.d = f.d
	}
	if len(g.any) < 2 {
		where, args = g.flat()
		return where, args, f.d.listingOrder()
	}
	desc := f.d.descNulls()
	inner, outer := f.d.listingOrder(), "pd "+desc+", dd DESC, ii DESC"
	if f.ranges {
		inner, outer = f.d.periodOrder(), "ef "+desc+", "+outer
	}
	var parts []string
	for _, alt := range g.any {
		w, a := filter{all: append(slices.Clone(g.all), alt)}.flat()
		parts = append(parts, `SELECT * FROM (SELECT e.`+f.d.rowid+` AS r, e.event_from AS ef, e.published_day AS pd, e.doc_id AS dd, e.idx AS ii
			FROM events e WHERE `+strings.Join(w, " AND ")+` ORDER BY `+inner+` LIMIT ?) alt`)
		args = append(append(args, a...), limit)
	}
	// The alternatives are disjoint: UNION ALL.
	return []string{"e." + f.d.rowid + " IN (SELECT r FROM (" + strings.Join(parts, " UNION ALL ") + ") alts ORDER BY " + outer + " LIMIT ?)"},
		append(args, limit), ""
}

// eventFilter turns q's filters into conditions on events e; places are
// the stored places q.Place names (placesNamed).
func eventFilter(d dialect, q store.EventQuery, places []string) filter {
	f := filter{all: []cond{{sql: "1 = 1"}}, d: d}
	// With a period, events are read from the period indexes (migration
	// 0015), which hold the type; unindexed keeps SQLite from reading
	// every event of the type newest first until enough fall in the
	// period.
	period := !q.Since.IsZero() || !q.Until.IsZero()
	if q.Doc != "" {
		f.add("e.doc_id = ?", string(q.Doc))
	}
	if q.Type != "" {
		if period {
			f.add(d.unindexed("e.type")+" = ?", strings.ToUpper(q.Type))
		} else {
			f.add("e.type = ?", strings.ToUpper(q.Type))
		}
	}
	if q.Modality != "" {
		f.add("e.modality = ?", string(q.Modality))
	}
	if q.Incident != "" {
		// A report that merged with none has no incident but its own ref.
		doc, idx, _ := strings.Cut(q.Incident, ":")
		i, err := strconv.Atoi(idx)
		if err != nil {
			i = -1 // names no report
		}
		f.add("(e.incident = ? OR e.incident IS NULL AND e.doc_id = ? AND e.idx = ?)", q.Incident, doc, i)
	}
	if !q.ReportedSince.IsZero() {
		f.add("e.published_day >= ?", q.ReportedSince.UTC().Format(time.DateOnly))
	}
	if !q.ReportedUntil.IsZero() {
		f.add("e.published_day <= ?", q.ReportedUntil.UTC().Format(time.DateOnly))
	}
	if a := strings.TrimSpace(q.Actor); a != "" {
		if strings.ToUpper(a) == a && !strings.ContainsAny(a, " %_") {
			f.add("(e.source_codes LIKE ? OR e.target_codes LIKE ?)", "% "+a+"%", "% "+a+"%")
		} else {
			f.add("e.actor_names LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(a))+"%")
		}
	}
	if strings.TrimSpace(q.Place) != "" {
		switch {
		case len(places) == 0:
			f.add("0 = 1")
		case len(places) == 1:
			f.add("e.place = ?", places[0])
		case period:
			// The period's alternatives split the listing; the places filter.
			args := make([]any, len(places))
			for i, p := range places {
				args[i] = p
			}
			f.add("e.place IN ("+placeholders(len(places))+")", args...)
		default:
			// Each place's newest rows from the events_place index.
			for _, p := range places {
				f.any = append(f.any, cond{"e.place = ?", []any{p}})
			}
		}
	}
	if q.Placed {
		f.add("e.lat IS NOT NULL")
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		f.add(`e.doc_id IN (`+d.matching+`)`, d.match(t))
	}
	// An event's period, where known, must overlap [Since, Until]; events
	// stored without one are matched by publication day. Each kind of
	// period is one range of its own index (migration 0017), which holds
	// it in periodOrder: a day's by its day; one of up to a month, which
	// starts at most a month before Since, by its start; the few longer
	// ones by their end (and sorted); undated ones by publication day.
	if period {
		// Open ends stand in as days beyond any news, in range of date
		// arithmetic.
		since, until := "0001-01-01", "9000-01-01"
		if !q.Since.IsZero() {
			since = q.Since.UTC().Format(time.DateOnly)
		}
		if !q.Until.IsZero() {
			until = q.Until.UTC().Format(time.DateOnly)
		}
		f.ranges = true
		f.any = []cond{
			{"e.multi_day = 0 AND e.long_period = 0 AND e.event_from BETWEEN ? AND ?", []any{since, until}},
			{"e.multi_day = 1 AND e.event_from BETWEEN " + d.daysBefore("?", 31) + " AND ? AND e.event_until > ?", []any{since, until, since}},
			{"e.long_period = 1 AND e.event_until > ? AND e.event_from <= ?", []any{since, until}},
			{"e.multi_day = 0 AND e.long_period = 0 AND e.event_from IS NULL AND e.published_day BETWEEN ? AND ?", []any{since, until}},
		}
	}
	if q.Near != nil {
		// A box around the circle in SQL; the circle itself is the caller's.
		dLat := q.Near.Km / 111.32
		dLon := dLat / math.Max(math.Cos(q.Near.Lat*math.Pi/180), 0.01)
		f.add("e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?", q.Near.Lat-dLat, q.Near.Lat+dLat, q.Near.Lon-dLon, q.Near.Lon+dLon)
	}
	return f
}

// maxPlaces bounds the places one place filter reads events of.
const maxPlaces = 500

// placesNamed returns the stored places whose name or governorate holds
// name, or whose country code is name, any case.
func (s *Store) placesNamed(ctx context.Context, name string) ([]string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, nil
	}
	part := escapeLike(strings.ToLower(name))
	rows, err := s.db.QueryContext(ctx, `SELECT place FROM event_places
		WHERE place LIKE ? ESCAPE '\' AND place NOT LIKE ? ESCAPE '\' OR place LIKE ? ESCAPE '\' LIMIT ?`,
		"%"+part+"%", "% | % | %"+part+"%", "% | % | "+part+" ", maxPlaces)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// filter returns the conditions for q, reading the places it names.
func (s *Store) filter(ctx context.Context, q store.EventQuery) (filter, error) {
	places, err := s.placesNamed(ctx, q.Place)
	if err != nil {
		return filter{}, err
	}
	return eventFilter(s.d, q, places), nil
}

// where returns the conditions for q as one list.
func (s *Store) where(ctx context.Context, q store.EventQuery) ([]string, []any, error) {
	f, err := s.filter(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	where, args := f.flat()
	return where, args, nil
}

// An eventPos is where an event row stands in its listing's order: from
// is the start of the event's period ("" for none), day its publication
// day ("" for an undated one).
type eventPos struct {
	from, day, doc string
	idx            int
}

// descNulls is DESC with NULL last, as SQLite sorts it and PostgreSQL
// does when told.
func (d dialect) descNulls() string {
	if d.name == "sqlite" {
		return "DESC"
	}
	return "DESC NULLS LAST"
}

// listingOrder is the order events are listed in: newest publication
// day first (undated last), then document and index, all descending, as
// the events_listing index holds them.
func (d dialect) listingOrder() string {
	return `e.published_day ` + d.descNulls() + `, e.doc_id DESC, e.idx DESC`
}

// periodOrder is the order of a listing filtered by dates: by the day
// the event is dated, newest first, then as listingOrder. The period
// indexes (migration 0017) hold each kind of period in this order, so a
// page of a year reads a page of entries, not the year's.
func (d dialect) periodOrder() string {
	return `e.event_from ` + d.descNulls() + `, ` + d.listingOrder()
}

// after returns the condition that a row of events e comes after p, in
// periodOrder or else listingOrder, with its args.
func (p eventPos) after(byPeriod bool) (string, []any) {
	var c string
	var args []any
	if p.day == "" {
		c, args = `(e.published_day IS NULL AND (e.doc_id < ? OR e.doc_id = ? AND e.idx < ?))`, []any{p.doc, p.doc, p.idx}
	} else {
		c, args = `(e.published_day < ? OR e.published_day = ? AND (e.doc_id < ? OR e.doc_id = ? AND e.idx < ?) OR e.published_day IS NULL)`,
			[]any{p.day, p.day, p.doc, p.doc, p.idx}
	}
	switch {
	case !byPeriod:
		return c, args
	case p.from == "":
		return `(e.event_from IS NULL AND ` + c + `)`, args
	}
	return `(e.event_from < ? OR e.event_from = ? AND ` + c + ` OR e.event_from IS NULL)`, append([]any{p.from, p.from}, args...)
}

// before orders two positions as the listing does: negative when a
// comes first.
func (a eventPos) before(b eventPos, byPeriod bool) int {
	c := 0
	if byPeriod {
		c = strings.Compare(b.from, a.from)
	}
	return cmp.Or(c, strings.Compare(b.day, a.day), strings.Compare(b.doc, a.doc), b.idx-a.idx)
}

func (p eventPos) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(p.from + "\x00" + p.day + "\x00" + p.doc + "\x00" + strconv.Itoa(p.idx)))
}

func parseEventPos(s string) (eventPos, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		f := strings.Split(string(b), "\x00")
		if len(f) == 3 { // a cursor given before listings by period
			f = append([]string{""}, f...)
		}
		if len(f) == 4 {
			if idx, err := strconv.Atoi(f[3]); err == nil && idx >= 0 {
				return eventPos{f[0], f[1], f[2], idx}, nil
			}
		}
	}
	return eventPos{}, fmt.Errorf("cursor %q: %w", s, store.ErrBadCursor)
}

// Events implements store.Store.
func (s *Store) Events(ctx context.Context, q store.EventQuery) ([]store.EventHit, error) {
	f, err := s.filter(ctx, q)
	if err != nil {
		return nil, err
	}
	where, args := f.flat()
	var after *eventPos
	if q.After != "" {
		p, err := parseEventPos(q.After)
		if err != nil {
			return nil, err
		}
		after = &p
	}
	want := q.Limit
	if want <= 0 {
		want = 100
	}
	// Rows are read a page at a time until enough incidents are found:
	// the reports of one incident are several rows.
	// Twice the rows wanted: an incident's other reports are skipped, and
	// each further page sorts its rows again.
	page := max(want*2, 100)
	if q.Near != nil {
		page = max(page, 100) * 4 // room for the corners of the box, cut below
	}
	// One document's events are its own reports, each as it tells it.
	reports := q.Reports || q.Doc != ""
	var out []store.EventHit
	seen := map[string]bool{}
	from := after
	for len(out) < want {
		w, a, order := f.page(from, page)
		if q.Doc != "" {
			w, a, order = where, args, "e.idx" // a document's events in its order
			if from != nil {
				w, a = append(slices.Clone(where), "e.idx > ?"), append(slices.Clone(args), from.idx)
			}
		}
		var last eventPos
		n, err := s.eventPage(ctx, w, a, order, f.ranges, page, func(h store.EventHit, pos eventPos, rec []byte) error {
			last = pos
			if len(out) == want {
				return nil
			}
			if q.Near != nil {
				if err := json.Unmarshal(rec, &h.Event); err != nil {
					return err
				}
				if h.Event.Place == nil || q.Near.Distance(h.Event.Place.Lat, h.Event.Place.Lon) > q.Near.Km {
					return nil
				}
			}
			if !reports {
				if seen[h.Incident] {
					return nil
				}
				seen[h.Incident] = true
				if after != nil {
					// Listed on an earlier page when one of its reports
					// that matches comes at or before the cursor.
					var one int
					// (A report that merged with none has no incident
					// but its own name.)
					doc, idx, _ := strings.Cut(h.Incident, ":")
					i, _ := strconv.Atoi(idx)
					cond, cargs := after.after(f.ranges)
					err := s.db.QueryRowContext(ctx, `SELECT 1 FROM events e WHERE `+strings.Join(where, " AND ")+
						` AND (e.incident = ? OR e.doc_id = ? AND e.idx = ?) AND NOT `+cond+` LIMIT 1`,
						append(append(slices.Clone(args), h.Incident, doc, i), cargs...)...).Scan(&one)
					if err == nil {
						return nil
					}
					if !errors.Is(err, sql.ErrNoRows) {
						return err
					}
				}
			}
			if q.Near == nil {
				if err := json.Unmarshal(rec, &h.Event); err != nil {
					return err
				}
			}
			h.Cursor = pos.String()
			out = append(out, h)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if n < page {
			break
		}
		from = &last
	}
	if q.Brief {
		if q.Counted {
			return out, s.counts(ctx, out)
		}
		return out, nil
	}
	if err := s.counts(ctx, out); err != nil {
		return nil, err
	}
	// Each incident of several reports needs one more query: on two
	// cores, two readers at once halve the wait (WAL lets readers share).
	var wg sync.WaitGroup
	errs := make([]error, len(out))
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), 4, len(out)) {
		wg.Go(func() {
			for i := range next {
				cursor := out[i].Cursor // where the listing stands, whichever report leads
				errs[i] = s.evidence(ctx, &out[i], !reports)
				out[i].Cursor = cursor
			}
		})
	}
	for i := range out {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// eventPage reads one page of the events matching where and hands each
// to fn with its position and its record, undecoded (most rows of a page
// past the first are other reports of incidents already listed); it
// returns how many rows it read.
func (s *Store) eventPage(ctx context.Context, where []string, args []any, order string, byPeriod bool, limit int, fn func(store.EventHit, eventPos, []byte) error) (int, error) {
	q := `SELECT e.doc_id, e.idx, d.title, d.source, d.url, d.published, e.record,
			coalesce(e.incident, e.doc_id || ':' || e.idx), coalesce(e.event_from, ''), coalesce(e.published_day, '')
		FROM events e JOIN documents d ON d.id = e.doc_id
		WHERE ` + strings.Join(where, " AND ")
	if order != "" {
		q += ` ORDER BY ` + order
	}
	rows, err := s.db.QueryContext(ctx, q+` LIMIT ?`, append(slices.Clone(args), limit)...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	type row struct {
		h   store.EventHit
		pos eventPos
		rec []byte
	}
	var unsorted []row
	n := 0
	for rows.Next() {
		n++
		var h store.EventHit
		var id, rec string
		var pos eventPos
		var title, source, url, published sql.NullString
		if err := rows.Scan(&id, &h.Index, &title, &source, &url, &published, &rec, &h.Incident, &pos.from, &pos.day); err != nil {
			return n, err
		}
		pos.doc, pos.idx = id, h.Index
		h.Doc, h.Title, h.Source, h.URL = news.ID(id), title.String, source.String, url.String
		if published.Valid {
			if h.Published, err = news.ParseDate(published.String); err != nil {
				return n, fmt.Errorf("document %s: %w", id, err)
			}
		}
		if order == "" {
			unsorted = append(unsorted, row{h, pos, []byte(rec)})
			continue
		}
		if err := fn(h, pos, []byte(rec)); err != nil {
			return n, fmt.Errorf("document %s: event: %w", id, err)
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	slices.SortFunc(unsorted, func(a, b row) int { return a.pos.before(b.pos, byPeriod) })
	for _, r := range unsorted {
		if err := fn(r.h, r.pos, r.rec); err != nil {
			return n, fmt.Errorf("document %s: event: %w", r.h.Doc, err)
		}
	}
	return n, nil
}

// MaxEvidence bounds the reports listed as an incident's evidence, the
// earliest published first; EventHit.Reports counts them all.
const MaxEvidence = 100

// counts sets each hit's Reports and Sources, in one query.
func (s *Store) counts(ctx context.Context, hits []store.EventHit) error {
	if len(hits) == 0 {
		return nil
	}
	args := make([]any, len(hits))
	at := map[string][]int{}
	for i, h := range hits {
		args[i] = h.Incident
		at[h.Incident] = append(at[h.Incident], i)
	}
	// A document without an outlet counts as one of its own.
	rows, err := s.db.QueryContext(ctx, `SELECT e.incident, count(*), count(DISTINCT coalesce(d.source, d.id))
		FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident IN (`+placeholders(len(hits))+`)
		GROUP BY e.incident`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var inc string
		var reports, sources int
		if err := rows.Scan(&inc, &reports, &sources); err != nil {
			return err
		}
		for _, i := range at[inc] {
			hits[i].Reports, hits[i].Sources = reports, sources
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range hits {
		if hits[i].Reports == 0 { // a report that merged with none: its own
			hits[i].Reports, hits[i].Sources = 1, 1
		}
	}
	return nil
}

// evidence fills in h's incident, whose counts are set (counts): its
// reports, the earliest first. With lead, h becomes the earliest report.
func (s *Store) evidence(ctx context.Context, h *store.EventHit, lead bool) error {
	own := store.Evidence{Doc: h.Doc, Index: h.Index, Title: h.Title, Source: h.Source, URL: h.URL,
		Published: h.Published, Sentence: h.Event.Sentence, Trigger: h.Event.Trigger, Modality: h.Event.Modality}
	if h.Reports <= 1 {
		h.Evidence, h.Sources, h.Reports = []store.Evidence{own}, 1, 1
		return nil
	}
	// Evidence needs a report's sentence and trigger, read from its
	// record by the database; only the earliest report is decoded whole.
	s.evidenceOnce.Do(func() {
		s.evidenceStmt, s.evidenceErr = s.db.PrepareContext(context.WithoutCancel(ctx), `SELECT e.doc_id, e.idx, d.title, d.source, d.url, d.published,
			`+s.d.jsonText("e.record", "sentence")+`, `+s.d.jsonText("e.record", "trigger")+`, e.modality, coalesce(e.merge_why, ''),
			CASE WHEN row_number() OVER win = 1 THEN e.record END
		FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident = ?
		WINDOW win AS (ORDER BY d.published_day IS NULL, d.published_day, d.published, d.seq, e.idx)
		ORDER BY d.published_day IS NULL, d.published_day, d.published, d.seq, e.idx LIMIT ?`)
	})
	if s.evidenceErr != nil {
		return s.evidenceErr
	}
	rows, err := s.evidenceStmt.QueryContext(ctx, h.Incident, MaxEvidence)
	if err != nil {
		return err
	}
	defer rows.Close()
	h.Evidence = h.Evidence[:0]
	var first store.EventHit
	for rows.Next() {
		var e store.EventHit
		var id, sentence, trigger, modality, why string
		var title, source, url, published, rec sql.NullString
		if err := rows.Scan(&id, &e.Index, &title, &source, &url, &published, &sentence, &trigger, &modality, &why, &rec); err != nil {
			return err
		}
		e.Doc, e.Title, e.Source, e.URL = news.ID(id), title.String, source.String, url.String
		if published.Valid {
			if e.Published, err = news.ParseDate(published.String); err != nil {
				return fmt.Errorf("document %s: %w", id, err)
			}
		}
		h.Evidence = append(h.Evidence, store.Evidence{Doc: e.Doc, Index: e.Index, Title: e.Title, Source: e.Source, URL: e.URL,
			Published: e.Published, Sentence: sentence, Trigger: trigger, Modality: news.Modality(modality), Why: why})
		if len(h.Evidence) == 1 && lead {
			if err := json.Unmarshal([]byte(rec.String), &e.Event); err != nil {
				return fmt.Errorf("document %s: event: %w", id, err)
			}
			first = e
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if lead && first.Doc != "" {
		first.Incident, first.Sources, first.Reports, first.Evidence = h.Incident, h.Sources, h.Reports, h.Evidence
		*h = first
	}
	return nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
