package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// This file keeps what sitrep watch remembers (migration 0016): it
// implements watch.Ledger.

// WatchState returns the value kept under key, nil when there is none.
func (s *Store) WatchState(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM watch_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

// SetWatchState keeps value under key.
func (s *Store) SetWatchState(ctx context.Context, key string, value []byte) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO watch_state (key, value, updated) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated`,
		key, value, time.Now().UTC().Format(time.RFC3339Nano))
	return err
}

// NewReports returns up to limit event reports stored after position
// after (0: from the first), in the order they were stored, and the
// position of the last one returned (after, when none).
func (s *Store) NewReports(ctx context.Context, after int64, limit int) ([]store.Ref, int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+s.d.rowid+`, doc_id, idx FROM events WHERE `+s.d.rowid+` > ? ORDER BY `+s.d.rowid+` LIMIT ?`, after, limit)
	if err != nil {
		return nil, after, err
	}
	defer rows.Close()
	var out []store.Ref
	last := after
	for rows.Next() {
		var r store.Ref
		var doc string
		if err := rows.Scan(&last, &doc, &r.Index); err != nil {
			return nil, after, err
		}
		r.Doc = news.ID(doc)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, after, err
	}
	return out, last, nil
}

// Raise records that rule fired on subject with weight. The first time,
// and whenever weight is above the last raised, it makes the next version
// of the alert (1, 2, ...), builds its payload and queues it for each
// notifier, all in one transaction; it returns that version, or 0 when
// the alert stands as it was.
func (s *Store) Raise(ctx context.Context, rule, subject string, weight int, notifiers []string,
	payload func(version int) ([]byte, error)) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var last, version int
	err = tx.QueryRowContext(ctx, `SELECT weight, version FROM alerts WHERE rule = ? AND subject = ?`, rule, subject).Scan(&last, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, err
	case weight <= last:
		return 0, nil
	}
	version++
	body, err := payload(version)
	if err != nil {
		return 0, fmt.Errorf("alert %s/%s: %w", rule, subject, err)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := tx.ExecContext(ctx, `INSERT INTO alerts (rule, subject, weight, version, first_raised, last_raised, payload)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (rule, subject) DO UPDATE SET weight = excluded.weight, version = excluded.version,
			last_raised = excluded.last_raised, payload = excluded.payload`,
		rule, subject, weight, version, now, now, string(body)); err != nil {
		return 0, err
	}
	for _, n := range notifiers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO alert_outbox (notifier, rule, subject, version, payload, next_try)
			VALUES (?, ?, ?, ?, ?, '')`, n, rule, subject, version, string(body)); err != nil { // due at once, whatever the clock
			return 0, err
		}
	}
	return version, tx.Commit()
}

// Due returns up to limit deliveries whose time has come, oldest first.
func (s *Store) Due(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, notifier, rule, subject, version, payload, attempts, coalesce(last_error, '')
		FROM alert_outbox WHERE next_try <= ? ORDER BY next_try, id LIMIT ?`, now.UTC().Format(time.RFC3339Nano), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		var d store.Delivery
		var payload string
		if err := rows.Scan(&d.ID, &d.Notifier, &d.Rule, &d.Subject, &d.Version, &payload, &d.Attempts, &d.LastError); err != nil {
			return nil, err
		}
		d.Payload = []byte(payload)
		out = append(out, d)
	}
	return out, rows.Err()
}

// Delivered forgets a delivery the notifier took.
func (s *Store) Delivered(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM alert_outbox WHERE id = ?`, id)
	return err
}

// Retry keeps a delivery that failed for another try at next.
func (s *Store) Retry(ctx context.Context, id int64, next time.Time, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE alert_outbox SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE id = ?`,
		next.UTC().Format(time.RFC3339Nano), reason, id)
	return err
}

// Pending counts the deliveries not yet made.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM alert_outbox`).Scan(&n)
	return n, err
}

// ReportsEnd returns the position of the last event report stored (0 for
// none), as NewReports counts.
func (s *Store) ReportsEnd(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(`+s.d.rowid+`), 0) FROM events`).Scan(&n)
	return n, err
}
