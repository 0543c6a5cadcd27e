package database

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// copies finds the copies of a batch's documents among those stored
// before and those earlier in the batch, and gathers the rows that index
// the batch's fingerprints. It is a duplicate.Index over both.
type copies struct {
	tx    *sql.Tx
	runs  *keyRuns
	batch *duplicate.Memory
	stmts map[string]*sql.Stmt // Candidates' queries, by table and number of keys
	fps   rows                 // fingerprints
	// beforeMove runs before stored documents move to another earliest
	// copy: the batch's own rows must be written by then.
	beforeMove func(context.Context) error
	// pre are the stored documents under the keys prefetch read (fetched),
	// by key.
	pre     map[uint64][]duplicate.Entry
	fetched map[uint64]bool
	keys    rows // fingerprint_keys
	// newKeys are the batch's keys, written in key order at the end.
	newKeys [][2]int64
}

func newCopies(tx *sql.Tx, runs *keyRuns) *copies {
	return &copies{tx: tx, runs: runs, batch: duplicate.NewMemory(), stmts: map[string]*sql.Stmt{},
		pre: map[uint64][]duplicate.Entry{}, fetched: map[uint64]bool{},
		fps:  rows{head: `INSERT INTO fingerprints (seq, minhash, shingles, exact, title, title_only) VALUES `, cols: 6},
		keys: rows{head: `INSERT INTO fingerprint_keys (key, seq) VALUES `, cols: 2}}
}

// Candidates implements duplicate.Index: the stored documents under keys,
// then the batch's. One prepared query per number of keys reads the
// documents under each key; most keys of a new text are under none.
func (c *copies) Candidates(ctx context.Context, keys []uint64) ([]duplicate.Entry, map[uint64]bool, error) {
	out, full, err := c.batch.Candidates(ctx, keys)
	if err != nil || len(keys) == 0 {
		return out, full, err
	}
	held := make(map[uint64]int, len(keys))
	for _, k := range keys {
		held[k] = c.batch.Held(k)
	}
	seen := map[int64]bool{}
	// What prefetch read, then the rest: the live table, then each sealed
	// run that may hold one of the keys.
	var ask []uint64
	for _, k := range keys {
		if !c.fetched[k] {
			ask = append(ask, k)
			continue
		}
		for _, e := range c.pre[k] {
			held[k]++
			if !seen[e.Seq] {
				seen[e.Seq] = true
				out = append(out, e)
			}
		}
	}
	keys = ask
	if out, err = c.under(ctx, "fingerprint_keys", keys, held, seen, out); err != nil {
		return nil, nil, err
	}
	for _, r := range c.runs.runs {
		var some []uint64
		for _, k := range keys {
			if r.bloom.Has(k) {
				some = append(some, k)
			}
		}
		if len(some) > 0 {
			if out, err = c.under(ctx, r.table, some, held, seen, out); err != nil {
				return nil, nil, err
			}
		}
	}
	for k, n := range held {
		if n >= duplicate.PerKey {
			full[k] = true
		}
	}
	return out, full, nil
}

// under adds to out the stored documents under keys in one key table,
// counting in held the documents under each key; seen are the documents
// already in out.
func (c *copies) under(ctx context.Context, table string, keys []uint64, held map[uint64]int, seen map[int64]bool, out []duplicate.Entry) ([]duplicate.Entry, error) {
	err := c.scan(ctx, table, keys, func(key uint64, e duplicate.Entry) {
		held[key]++
		if !seen[e.Seq] {
			seen[e.Seq] = true
			out = append(out, e)
		}
	})
	return out, err
}

// prefetch reads, in a few queries, the stored documents under every key
// of the batch's new documents, from every key table: one query per
// document cost a round trip each, under the writers' lock.
func (c *copies) prefetch(ctx context.Context, docs []*news.Document) error {
	var keys []uint64
	for _, d := range docs {
		if d.Layers.Has(news.LayerFingerprint) {
			for _, k := range duplicate.Keys(d.Fingerprint) {
				if !c.fetched[k] {
					c.fetched[k] = true
					keys = append(keys, k)
				}
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	keep := func(key uint64, e duplicate.Entry) { c.pre[key] = append(c.pre[key], e) }
	if err := c.scan(ctx, "fingerprint_keys", keys, keep); err != nil {
		return err
	}
	for _, r := range c.runs.runs {
		var some []uint64
		for _, k := range keys {
			if r.bloom.Has(k) {
				some = append(some, k)
			}
		}
		if err := c.scan(ctx, r.table, some, keep); err != nil {
			return err
		}
	}
	return nil
}

// forget drops what prefetch read: stored documents are about to move to
// another earliest copy.
func (c *copies) forget() { clear(c.pre); clear(c.fetched) }

// scanChunk bounds the keys of one query.
const scanChunk = 500

// scan reads the stored documents under keys in one key table, and
// hands each to fn with the key it is under.
func (c *copies) scan(ctx context.Context, table string, keys []uint64, fn func(uint64, duplicate.Entry)) error {
	for len(keys) > 0 {
		part := keys[:min(len(keys), scanChunk)]
		keys = keys[len(part):]
		name := fmt.Sprintf("%s/%d", table, len(part))
		st := c.stmts[name]
		if st == nil {
			q := `SELECT k.key, d.seq, d.id, d.published, d.duplicate_of, f.minhash, f.shingles, f.exact, f.title, f.title_only
				FROM ` + table + ` k JOIN fingerprints f ON f.seq = k.seq JOIN documents d ON d.seq = k.seq
				WHERE k.key IN (?` + strings.Repeat(", ?", len(part)-1) + `)`
			var err error
			if st, err = c.tx.PrepareContext(ctx, q); err != nil {
				return err
			}
			c.stmts[name] = st
		}
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = int64(k)
		}
		if err := scanEntries(ctx, st, args, fn); err != nil {
			return err
		}
	}
	return nil
}

func scanEntries(ctx context.Context, st *sql.Stmt, args []any, fn func(uint64, duplicate.Entry)) error {
	rs, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var e duplicate.Entry
		var key int64
		var id string
		var published, of sql.NullString
		var blob []byte
		var exact, title int64
		var titleOnly bool
		if err := rs.Scan(&key, &e.Seq, &id, &published, &of, &blob, &e.Fingerprint.Shingles, &exact, &title, &titleOnly); err != nil {
			return err
		}
		e.Doc, e.Of = news.ID(id), news.ID(of.String)
		e.Fingerprint.Exact, e.Fingerprint.Title, e.Fingerprint.TitleOnly = uint64(exact), uint64(title), titleOnly
		for i := range e.Fingerprint.Min {
			if 4*i+4 <= len(blob) {
				e.Fingerprint.Min[i] = binary.LittleEndian.Uint32(blob[4*i:])
			}
		}
		if p, err := news.ParseDate(published.String); err == nil && published.Valid {
			e.Published = p.Time
		}
		fn(uint64(key), e)
	}
	return rs.Err()
}

// decide says which earlier document d, just stored as seq, copies.
func (c *copies) decide(ctx context.Context, d *news.Document, seq int64) (duplicate.Decision, error) {
	if !d.Layers.Has(news.LayerFingerprint) {
		return duplicate.Decision{}, nil
	}
	return duplicate.Decide(ctx, c, entry(d, seq)) // its seq orders it after the documents stored before
}

// hold records d, stored as seq with decision dec: its fingerprint rows
// and, when d is earlier than the copies held, their new earliest copy.
func (c *copies) hold(ctx context.Context, d *news.Document, seq int64, dec duplicate.Decision) error {
	if !d.Layers.Has(news.LayerFingerprint) {
		return nil
	}
	// The groups d joins move under one earliest copy.
	root, olds := dec.Moves(d.ID)
	if len(olds) > 0 {
		c.forget()
		if c.beforeMove != nil {
			if err := c.beforeMove(ctx); err != nil {
				return err
			}
		}
	}
	for _, old := range olds {
		if _, err := c.tx.ExecContext(ctx, `UPDATE documents SET duplicate_of = ?, duplicate_why = coalesce(duplicate_why, ?)
			WHERE duplicate_of = ? OR id = ?`, string(root), dec.Why, string(old), string(old)); err != nil {
			return err
		}
	}
	c.batch.Hold(entry(d, seq), dec)
	fp := d.Fingerprint
	blob := make([]byte, 4*len(fp.Min))
	for i, v := range fp.Min {
		binary.LittleEndian.PutUint32(blob[4*i:], v)
	}
	c.fps.add(seq, blob, fp.Shingles, int64(fp.Exact), int64(fp.Title), fp.TitleOnly)
	for _, k := range dec.Keys {
		c.newKeys = append(c.newKeys, [2]int64{int64(k), seq})
	}
	return nil
}

func (c *copies) write(ctx context.Context) error {
	for _, st := range c.stmts {
		st.Close()
	}
	if err := c.fps.write(ctx, c.tx); err != nil {
		return err
	}
	// In key order: the batch's inserts then walk the key tree once
	// instead of jumping about it.
	slices.SortFunc(c.newKeys, func(a, b [2]int64) int { return cmp.Compare(a[0], b[0]) })
	for _, k := range c.newKeys {
		c.keys.add(k[0], k[1])
	}
	if err := c.keys.write(ctx, c.tx); err != nil {
		return err
	}
	return c.runs.wrote(ctx, c.tx, len(c.newKeys))
}

func entry(d *news.Document, seq int64) duplicate.Entry {
	e := duplicate.EntryOf(d)
	e.Seq = seq
	return e
}
