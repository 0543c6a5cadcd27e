package database

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sitrep-dev/sitrep/internal/duplicate"
)

// runKeys is how many fingerprint keys the live key table takes before it
// is sealed into a run: about 60,000 documents, a table that stays in
// SQLite's page cache, so that inserting keys costs the same however many
// documents the store holds.
var runKeys = 1 << 20

// keyRuns are the sealed runs of fingerprint keys (tables
// fingerprint_keys_N, never written again) with a Bloom filter of each in
// memory: a look-up reads a run only when it may hold a key, so it too
// costs about the same however many runs there are. Used under Store.mu.
type keyRuns struct {
	loaded bool
	// off: keys are never sealed (dialect.sealRuns), and there are no
	// runs to read.
	off  bool
	runs []keyRun
	live int // rows in fingerprint_keys
	// sealed is a run sealed by the batch in progress, kept once it
	// commits.
	sealed *keyRun
}

type keyRun struct {
	n     int
	table string
	bloom *duplicate.Bloom
}

// load reads the runs and the live table's size, once.
func (k *keyRuns) load(ctx context.Context, tx *sql.Tx) error {
	if k.loaded || k.off {
		return nil
	}
	rs, err := tx.QueryContext(ctx, `SELECT run, bloom FROM fingerprint_runs ORDER BY run`)
	if err != nil {
		return err
	}
	defer rs.Close()
	var runs []keyRun
	for rs.Next() {
		var r keyRun
		var blob []byte
		if err := rs.Scan(&r.n, &blob); err != nil {
			return err
		}
		r.table, r.bloom = runTable(r.n), &duplicate.Bloom{}
		if err := r.bloom.UnmarshalBinary(blob); err != nil {
			return fmt.Errorf("fingerprint run %d: %w", r.n, err)
		}
		runs = append(runs, r)
	}
	if err := rs.Err(); err != nil {
		return err
	}
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM fingerprint_keys`).Scan(&live); err != nil {
		return err
	}
	k.runs, k.live, k.loaded = runs, live, true
	return nil
}

func runTable(n int) string { return fmt.Sprintf("fingerprint_keys_%d", n) }

// wrote counts keys the batch wrote to the live table and, past runKeys,
// seals it: the table becomes run N, with its Bloom filter stored, and an
// empty live table takes its place. All within the batch's transaction.
func (k *keyRuns) wrote(ctx context.Context, tx *sql.Tx, n int) error {
	k.live += n
	if k.off || k.live < runKeys {
		return nil
	}
	next := 1
	if len(k.runs) > 0 {
		next = k.runs[len(k.runs)-1].n + 1
	}
	r := keyRun{n: next, table: runTable(next), bloom: duplicate.NewBloom(k.live)}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE fingerprint_keys RENAME TO `+r.table); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE fingerprint_keys (
		key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID`); err != nil {
		return err
	}
	rs, err := tx.QueryContext(ctx, `SELECT key FROM `+r.table)
	if err != nil {
		return err
	}
	for rs.Next() {
		var key int64
		if err := rs.Scan(&key); err != nil {
			rs.Close()
			return err
		}
		r.bloom.Add(uint64(key))
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	blob, err := r.bloom.MarshalBinary()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO fingerprint_runs (run, keys, bloom) VALUES (?, ?, ?)`, r.n, k.live, blob); err != nil {
		return err
	}
	k.sealed = &r
	return nil
}

// committed keeps what the batch did; failed forgets it (the database
// rolled back too).
func (k *keyRuns) committed() {
	if k.sealed != nil {
		k.runs = append(k.runs, *k.sealed)
		k.sealed, k.live = nil, 0
	}
}

func (k *keyRuns) failed() { k.loaded, k.sealed = false, nil }
