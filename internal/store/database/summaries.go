package database

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// eventDay is the day an event of events e is counted on.
const eventDay = "coalesce(e.event_from, e.published_day)"

// periodExpr returns the SQL for the period an event of events e falls
// in: the start of its dated period, else its publication day; by week,
// the Monday on or before it; by month, the month's first day.
func (d dialect) periodExpr(interval string) (string, error) {
	switch interval {
	case "", "day":
		return eventDay, nil
	case "week":
		return d.week(eventDay), nil
	case "month":
		return d.month(eventDay), nil
	}
	return "", fmt.Errorf("interval %q: want day, week or month", interval)
}

// Timeline implements store.Store.
func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) ([]store.TimelineCount, error) {
	period, err := s.d.periodExpr(q.Interval)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if f := q.EventQuery; f.Actor == "" && f.Place == "" && f.Text == "" && !f.Placed && f.Near == nil && f.Doc == "" {
		// By type, modality and days only: the counts kept by day.
		rows, err = s.timelineByDay(ctx, q, period)
	} else {
		var where []string
		var args []any
		if where, args, err = s.where(ctx, q.EventQuery); err != nil {
			return nil, err
		}
		rows, err = s.db.QueryContext(ctx, `SELECT `+period+` AS p, e.type, count(DISTINCT coalesce(e.incident, e.doc_id || ':' || e.idx))
			FROM events e WHERE `+strings.Join(where, " AND ")+` AND `+eventDay+` IS NOT NULL
			GROUP BY p, e.type ORDER BY p, e.type`, args...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.TimelineCount
	for rows.Next() {
		var c store.TimelineCount
		if err := rows.Scan(&c.Period, &c.Type, &c.Events); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// timelineByDay answers a timeline filtered by type, modality and days
// only from event_days (or event_months): each incident once, on the day
// its first report dates it. period is periodExpr's, over events.
func (s *Store) timelineByDay(ctx context.Context, q store.TimelineQuery, period string) (*sql.Rows, error) {
	period = strings.ReplaceAll(period, eventDay, "day")
	if q.Interval == "month" {
		period = "substr(day, 1, 8) || '01'" // as date(day, 'start of month'), without parsing each day
	}
	where, args := []string{"1 = 1"}, []any{}
	if q.Type != "" {
		where, args = append(where, "type = ?"), append(args, strings.ToUpper(q.Type))
	}
	if q.Modality != "" {
		where, args = append(where, "modality = ?"), append(args, string(q.Modality))
	}
	if !q.Since.IsZero() {
		where, args = append(where, "day >= ?"), append(args, q.Since.UTC().Format(time.DateOnly))
	}
	if !q.Until.IsZero() {
		where, args = append(where, "day <= ?"), append(args, q.Until.UTC().Format(time.DateOnly))
	}
	table := "event_days"
	if q.Interval == "month" && q.Since.IsZero() && q.Until.IsZero() {
		table, period = "event_months", "month" // whole months: their sums
	}
	return s.db.QueryContext(ctx, `SELECT `+period+` AS p, type, sum(incidents) FROM `+table+`
		WHERE `+strings.Join(where, " AND ")+` GROUP BY p, type ORDER BY p, type`, args...)
}

// maxActorEvents bounds the events one actor summary reads: a summary of
// the whole of a large store reads its newest events and says so.
const maxActorEvents = 200_000

// Actors implements store.Store.
func (s *Store) Actors(ctx context.Context, q store.ActorQuery) (store.Actors, error) {
	interval := q.Interval
	if interval == "" {
		interval = "week"
	}
	period, err := s.d.periodExpr(interval)
	if err != nil {
		return store.Actors{}, err
	}
	top := q.Top
	if top <= 0 {
		top = 20
	}
	where, args, err := s.where(ctx, q.EventQuery)
	if err != nil {
		return store.Actors{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(e.incident, e.doc_id || ':' || e.idx), coalesce(`+period+`, ''),
			`+s.d.jsonText("e.record", "sources")+`, `+s.d.jsonText("e.record", "targets")+`
		FROM events e WHERE `+strings.Join(where, " AND ")+`
		ORDER BY `+s.d.listingOrder()+` LIMIT ?`, append(args, maxActorEvents+1)...)
	if err != nil {
		return store.Actors{}, err
	}
	defer rows.Close()
	type actor struct {
		store.ActorActivity
		series map[string]int
	}
	actors := map[string]*actor{}
	links := map[[2]string]int{}
	names := map[string]string{}
	var out store.Actors
	seen := map[string]bool{}
	for rows.Next() {
		var inc, p, srcJSON, tgtJSON string
		if err := rows.Scan(&inc, &p, &srcJSON, &tgtJSON); err != nil {
			return store.Actors{}, err
		}
		if out.Events == maxActorEvents {
			out.Truncated = true
			break
		}
		if seen[inc] {
			continue // one real-world event counts once
		}
		seen[inc] = true
		out.Events++
		var srcs, tgts []news.ActorRef
		if err := json.Unmarshal([]byte(srcJSON), &srcs); err != nil {
			return store.Actors{}, fmt.Errorf("event %s: sources: %w", inc, err)
		}
		if err := json.Unmarshal([]byte(tgtJSON), &tgts); err != nil {
			return store.Actors{}, fmt.Errorf("event %s: targets: %w", inc, err)
		}
		count := func(r news.ActorRef, source bool) {
			if r.Code == "" {
				return
			}
			a := actors[r.Code]
			if a == nil {
				a = &actor{ActorActivity: store.ActorActivity{Code: r.Code}, series: map[string]int{}}
				actors[r.Code] = a
			}
			if names[r.Code] == "" {
				names[r.Code] = r.Name
			}
			a.Events++
			if source {
				a.AsSource++
			} else {
				a.AsTarget++
			}
			if p != "" {
				a.series[p]++
			}
		}
		for _, r := range srcs {
			count(r, true)
		}
		for _, r := range tgts {
			count(r, false)
		}
		for _, a := range srcs {
			for _, b := range tgts {
				if a.Code != "" && b.Code != "" && a.Code != b.Code {
					links[[2]string{a.Code, b.Code}]++
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return store.Actors{}, err
	}
	for _, a := range actors {
		a.Name = names[a.Code]
		for p, n := range a.series {
			a.Series = append(a.Series, store.PeriodCount{Period: p, Events: n})
		}
		slices.SortFunc(a.Series, func(x, y store.PeriodCount) int { return strings.Compare(x.Period, y.Period) })
		out.Actors = append(out.Actors, a.ActorActivity)
	}
	slices.SortFunc(out.Actors, func(x, y store.ActorActivity) int {
		return cmp.Or(y.Events-x.Events, strings.Compare(x.Code, y.Code))
	})
	out.Actors = out.Actors[:min(top, len(out.Actors))]
	for k, n := range links {
		out.Links = append(out.Links, store.ActorLink{Source: k[0], Target: k[1], SourceName: names[k[0]], TargetName: names[k[1]], Events: n})
	}
	slices.SortFunc(out.Links, func(x, y store.ActorLink) int {
		return cmp.Or(y.Events-x.Events, strings.Compare(x.Source, y.Source), strings.Compare(x.Target, y.Target))
	})
	out.Links = out.Links[:min(top, len(out.Links))]
	return out, nil
}
