// Package database keeps sitrep's documents in a SQL database: by
// default one SQLite file (pure Go, via modernc.org/sqlite) in WAL mode
// with an FTS5 full-text index; when one machine is not enough,
// PostgreSQL (via pgx), which any number of workers and analysts share,
// with a tsvector index. Both run the same code; dialect.go holds what
// differs.
package database

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/story"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// A Store is a SQLite or PostgreSQL database. It is safe for concurrent
// use: writers take turns (SQLite has one writer anyway; PostgreSQL
// writers, from any process, take the dialect's writeLock), and readers
// run beside them.
type Store struct {
	db   *sql.DB
	d    dialect
	path string
	// mu serialises this process's Puts so that batches share the
	// stories they read through cache.
	mu        sync.Mutex
	cache     *storyCache
	incidents *incidentCache
	runs      keyRuns

	// evidenceStmt reads an incident's reports: the listing runs it for
	// every hit, and parsing it each time cost a fifth of a listing.
	evidenceOnce sync.Once
	evidenceStmt *sql.Stmt
	evidenceErr  error

	// analyzed is the document count the planner's statistics were last
	// gathered at, by this process (dialect.analyze); analyzing says a
	// gathering runs.
	analyzed  atomic.Int64
	analyzing atomic.Bool
}

var _ store.Store = (*Store)(nil)

// Open opens the database at path and brings its schema up to date: a
// PostgreSQL database when path is a postgres:// or postgresql:// URL,
// else a SQLite file, created when missing.
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgres(path) {
		db, err := openPostgres(path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", Redact(path), err)
		}
		s := &Store{db: db, d: postgresDialect, path: path, cache: newStoryCache(), incidents: newIncidentCache(), runs: keyRuns{off: true}}
		if err := s.migrate(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", Redact(path), err)
		}
		return s, nil
	}
	q := neturl.Values{}
	// The WAL is copied into the database every 16,384 pages (64 MB), not
	// SQLite's 1,000: the index pages a batch changes are mostly those the
	// last changed, and each copy writes them once however often they
	// changed. Commits took a fifth less time in a bulk ingest.
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "foreign_keys(1)", "temp_store(MEMORY)", "cache_size(-65536)",
		"wal_autocheckpoint(16384)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, d: sqliteDialect, path: path, cache: newStoryCache(), incidents: newIncidentCache()}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.evidenceStmt != nil {
		s.evidenceStmt.Close()
	}
	return s.db.Close()
}

// Path returns the database file's path, or the PostgreSQL URL.
func (s *Store) Path() string { return s.path }

// IsPostgres says whether path names a PostgreSQL database.
func IsPostgres(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// Scratch makes an empty schema, its name starting with prefix, in the
// PostgreSQL database at url, and returns the URL of the database that
// uses it and a function that drops it. Tests and benchmarks work in
// one, beside whatever else the database holds.
func Scratch(ctx context.Context, url, prefix string) (string, func() error, error) {
	u, err := neturl.Parse(url)
	if err != nil || !IsPostgres(url) {
		return "", nil, fmt.Errorf("%s: not a postgres:// URL", Redact(url))
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	db, err := openPostgres(url)
	if err != nil {
		return "", nil, err
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("%s: creating schema %s: %w", Redact(url), schema, err)
	}
	drop := func() error {
		defer db.Close()
		_, err := db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		return err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// Redact returns path as messages may show it: a PostgreSQL URL without
// its password.
func Redact(path string) string {
	if !IsPostgres(path) {
		return path
	}
	u, err := neturl.Parse(path)
	if err != nil {
		return "the PostgreSQL URL"
	}
	return u.Redacted()
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations the database has not seen. On PostgreSQL, processes that
// start together take turns (migrationLock), each looking again at what
// the one before applied.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, s.d.migrations+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// A database that has them all is only read: opening one to read
	// while another process writes must not wait for the writer's lock.
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&have); err == nil && have == len(names) {
		return nil
	}
	begin := func() (*sql.Tx, error) {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		if s.d.writeLock != "" {
			if _, err := tx.ExecContext(ctx, migrationLock); err != nil {
				tx.Rollback()
				return nil, err
			}
		}
		return tx, nil
	}
	tx, err := begin()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, name := range names {
		base := path.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		if err := s.apply(ctx, begin, name, base, version); err != nil {
			return err
		}
	}
	return nil
}

// migrationLock makes PostgreSQL migrations take turns.
const migrationLock = `SELECT pg_advisory_xact_lock(7401029317)`

// apply applies one migration unless the database has it.
func (s *Store) apply(ctx context.Context, begin func() (*sql.Tx, error), name, base string, version int) error {
	tx, err := begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, base, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	return nil
}

// Put implements store.Store. All of docs go in one transaction.
func (s *Store) Put(ctx context.Context, docs []*news.Document) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	added, err := s.put(ctx, docs, false)
	if errors.Is(err, errRaced) {
		// Rare: another process stored one of docs while this one
		// wrote ahead of the lock. Again, with the lock first.
		added, err = s.put(ctx, docs, true)
	}
	return added, err
}

// errRaced says a document Put found new was stored by another process
// before Put took the writers' lock.
var errRaced = errors.New("a document of the batch was stored meanwhile")

// aheadOfLock, when set (by a test), is called before Put writes ahead
// of the lock.
var aheadOfLock func()

// put is Put. Where writers from several processes take turns through a
// lock (PostgreSQL), the rows no decision changes go in first, in the
// same transaction, and only the decisions and what records them wait for
// the lock: one worker held it for 72% of its time. lockFirst takes it
// at once.
func (s *Store) put(ctx context.Context, docs []*news.Document, lockFirst bool) ([]bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ahead := s.d.writeLock != "" && !lockFirst
	if !ahead {
		if err := s.lock(ctx, tx); err != nil {
			return nil, err
		}
	}
	// What is stored already, or earlier in the batch, adds nothing.
	stored, err := storedIDs(ctx, tx, docs)
	if err != nil {
		return nil, err
	}
	ann := newAnnotations(s.d)
	var fresh []*news.Document
	for _, d := range docs {
		if _, ok := ann.recs[d.ID]; ok || stored[d.ID] {
			continue
		}
		fresh = append(fresh, d)
		if err := ann.free(d, publishedDay(d)); err != nil {
			return nil, fmt.Errorf("put %s (%s): %w", d.ID, d.Input, err)
		}
	}
	if ahead {
		if aheadOfLock != nil {
			aheadOfLock()
		}
		if err := ann.writeFree(ctx, tx); err != nil {
			return nil, fmt.Errorf("put actors and quantities: %w", err)
		}
		if err := s.lock(ctx, tx); err != nil {
			return nil, err
		}
		again, err := storedIDs(ctx, tx, fresh)
		if err != nil {
			return nil, err
		}
		if len(again) > 0 {
			return nil, errRaced
		}
	}
	// Writers take turns, so the next free seq is the largest plus one.
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM documents`).Scan(&seq); err != nil {
		return nil, err
	}
	if err := s.runs.load(ctx, tx); err != nil {
		return nil, err
	}
	// A document's row is written once, whole, with its copy and story
	// decided: a row written and then updated costs two, and on
	// PostgreSQL the update computes its text index again.
	rowsOf := rows{head: `INSERT INTO documents
		(seq, id, url, hash, input, format, title, published, published_day, source, authors, language, text, links, problems, ingested_at,
		 duplicate_of, duplicate_why, story) VALUES `, cols: 19}
	cp := newCopies(tx, &s.runs)
	// Moving a group of copies updates stored rows, the batch's too.
	cp.beforeMove = func(ctx context.Context) error { return rowsOf.write(ctx, tx) }
	if err := cp.prefetch(ctx, fresh); err != nil {
		return nil, fmt.Errorf("put: finding copies: %w", err)
	}
	// A batch that fails leaves the runs as the database has them.
	committed := false
	defer func() {
		if !committed {
			s.runs.failed()
		}
	}()
	st := newStories(tx, s.cache, s.d)
	inc := newIncidents(tx, s.incidents)
	if err := inc.fresh(ctx); err != nil {
		return nil, err
	}
	clusterer := &story.Clusterer{Window: story.DefaultWindow, Threshold: story.DefaultThreshold, Index: st}
	now := time.Now().UTC().Format(time.RFC3339)
	added := make([]bool, len(docs))
	for i, d := range docs {
		if stored[d.ID] {
			continue
		}
		stored[d.ID], added[i] = true, true
		seq++
		day := publishedDay(d)
		// Only a new document is compared: its keys are not written yet,
		// so it does not find itself; re-ingesting costs no look-up.
		dec, err := cp.decide(ctx, d, seq)
		if err != nil {
			return nil, fmt.Errorf("put %s (%s): finding copies: %w", d.ID, d.Input, err)
		}
		d.DuplicateOf = dec.Of
		if d.Layers.Has(news.LayerText) {
			// A copy is in the story of what it copies; so is the
			// original that arrives after its copies.
			copyOf := dec.Of
			if copyOf == "" {
				copyOf = dec.Replaces
			}
			if d.Story, err = st.assign(ctx, clusterer, d, copyOf); err != nil {
				return nil, fmt.Errorf("put %s (%s): finding its story: %w", d.ID, d.Input, err)
			}
		}
		var why any
		if dec.Of != "" {
			why = nullable(dec.Why)
		}
		rowsOf.add(seq, string(d.ID), nullable(d.URL), d.Hash, d.Input, string(d.Format),
			nullable(d.Title), nullable(d.Published.String()), day, nullable(d.Source), jsonList(d.Authors),
			nullable(d.Language), d.Text, jsonList(d.Links), jsonList(d.Problems), now,
			nullable(string(dec.Of)), why, nullable(d.Story))
		if err := cp.hold(ctx, d, seq, dec); err != nil {
			return nil, fmt.Errorf("put %s (%s): %w", d.ID, d.Input, err)
		}
		ids, whys, err := inc.assign(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("put %s (%s): finding its events' incidents: %w", d.ID, d.Input, err)
		}
		ann.add(d, day, ids, whys)
	}
	if err := rowsOf.write(ctx, tx); err != nil {
		return nil, fmt.Errorf("put documents: %w", err)
	}
	if !ahead {
		// After the documents: SQLite checks that their rows exist.
		if err := ann.writeFree(ctx, tx); err != nil {
			return nil, fmt.Errorf("put actors and quantities: %w", err)
		}
	}
	if err := ann.write(ctx, tx); err != nil {
		return nil, fmt.Errorf("put events: %w", err)
	}
	if err := cp.write(ctx); err != nil {
		return nil, fmt.Errorf("put fingerprints: %w", err)
	}
	if err := st.write(ctx); err != nil {
		return nil, fmt.Errorf("put stories: %w", err)
	}
	if err := inc.write(ctx); err != nil {
		return nil, fmt.Errorf("put incidents: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	committed = true
	s.runs.committed()
	st.committed()
	inc.committed()
	s.analyze(seq)
	return added, nil
}

// analyze gathers the planner's statistics when the store holds twice the
// documents it held when they were last gathered (from 1,000 on), in the
// background. PostgreSQL's autovacuum gathers them too, but a minute or
// more behind a fast load, and until then the planner guesses: a listing
// of 20,000 documents took 345 ms instead of 5.
func (s *Store) analyze(docs int64) {
	last := s.analyzed.Load()
	if s.d.analyze == "" || docs < 1000 || docs < 2*last || !s.analyzing.CompareAndSwap(false, true) {
		return
	}
	s.analyzed.Store(docs)
	go func() {
		defer s.analyzing.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		s.db.ExecContext(ctx, s.d.analyze) // only advice to the planner: a failure changes no answer
	}()
}

// storedIDs returns which of docs are stored.
func storedIDs(ctx context.Context, tx *sql.Tx, docs []*news.Document) (map[news.ID]bool, error) {
	out := make(map[news.ID]bool, len(docs))
	for off := 0; off < len(docs); off += rowsPerInsert {
		part := docs[off:min(len(docs), off+rowsPerInsert)]
		args := make([]any, len(part))
		for i, d := range part {
			args[i] = string(d.ID)
		}
		rs, err := tx.QueryContext(ctx, `SELECT id FROM documents WHERE id IN (`+placeholders(len(args))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var id string
			if err := rs.Scan(&id); err != nil {
				rs.Close()
				return nil, err
			}
			out[news.ID(id)] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// beginWrite begins a transaction that changes what Put decides from:
// documents, copies, stories, incidents. It holds the dialect's writeLock.
func (s *Store) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if err := s.lock(ctx, tx); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// lock takes the dialect's writeLock in tx, until it ends.
func (s *Store) lock(ctx context.Context, tx *sql.Tx) error {
	if s.d.writeLock == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.d.writeLock)
	return err
}

// publishedDay returns d's day of publication, or nil.
func publishedDay(d *news.Document) any {
	if d.Published.IsZero() {
		return nil
	}
	return d.Published.Time.UTC().Format(time.DateOnly)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func jsonList[T any](v []T) string {
	if len(v) == 0 {
		return "[]"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "[]"
	}
	return string(b)
}

const docColumns = `id, url, hash, input, format, title, published, source, authors, language, links, problems, duplicate_of, story`

// scanDoc reads the columns of docColumns, plus text when withText.
func scanDoc(row interface{ Scan(...any) error }, withText bool, extra ...any) (*news.Document, error) {
	var d news.Document
	var id, format string
	var url, title, published, source, language, duplicateOf, storyID sql.NullString
	var authors, links, problems string
	dest := []any{&id, &url, &d.Hash, &d.Input, &format, &title, &published, &source, &authors, &language, &links, &problems, &duplicateOf, &storyID}
	if withText {
		dest = append(dest, &d.Text)
	}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	d.ID, d.Format, d.DuplicateOf, d.Story = news.ID(id), news.Format(format), news.ID(duplicateOf.String), storyID.String
	d.URL, d.Title, d.Source, d.Language = url.String, title.String, source.String, language.String
	if published.Valid {
		p, err := news.ParseDate(published.String)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", id, err)
		}
		d.Published = p
	}
	for _, f := range []struct {
		raw  string
		into any
	}{{authors, &d.Authors}, {links, &d.Links}, {problems, &d.Problems}} {
		if err := json.Unmarshal([]byte(f.raw), f.into); err != nil {
			return nil, fmt.Errorf("document %s: %w", id, err)
		}
	}
	d.Layers.Add(news.LayerText)
	return &d, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, id string) (*news.Document, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" {
		return nil, store.ErrNotFound
	}
	row := s.db.QueryRowContext(ctx, `SELECT `+docColumns+`, text FROM documents WHERE id = ?`, id)
	d, err := scanDoc(row, true)
	if err == nil {
		return d, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if len(id) < 4 {
		return nil, fmt.Errorf("%q: %w (give at least 4 characters of an ID)", id, store.ErrNotFound)
	}
	// IDs are hex: every ID that starts with id sorts before id+"~".
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+`, text FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`, id, id+"~")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []*news.Document
	for rows.Next() {
		d, err := scanDoc(rows, true)
		if err != nil {
			return nil, err
		}
		found = append(found, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%q: %w", id, store.ErrNotFound)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%q: %w: %s, %s and perhaps more", id, store.ErrAmbiguous, found[0].ID, found[1].ID)
}

// Search implements store.Store.
func (s *Store) Search(ctx context.Context, q store.Query) ([]store.Hit, error) {
	match := s.d.match(q.Text)
	if match == "" {
		return nil, fmt.Errorf("empty query")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	rows, err := s.db.QueryContext(ctx, s.d.search, match, limit, max(q.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	var hits []store.Hit
	for rows.Next() {
		var h store.Hit
		d, err := scanDoc(rows, false, &h.Snippet, &h.Score)
		if err != nil {
			return nil, err
		}
		h.Doc = d
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

func prefixed(p, columns string) string {
	parts := strings.Split(columns, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	var first, last sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT count(*), min(published_day), max(published_day),
		count(*) - count(published_day), count(CASE WHEN problems != '[]' THEN 1 END), count(duplicate_of) FROM documents`).
		Scan(&st.Documents, &first, &last, &st.WithoutDate, &st.WithProblems, &st.Copies)
	if err != nil {
		return st, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN size > 1 THEN 1 END) FROM stories`).Scan(&st.Stories, &st.StoriesShared); err != nil {
		return st, err
	}
	// Every report of an incident names it (its first report too); an
	// event stored before incidents (NULL) stands alone. Both counts read
	// the events_incident index, not the events' large rows.
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM events),
		(SELECT count(DISTINCT incident) FROM events) + (SELECT count(*) FROM events WHERE incident IS NULL)`).
		Scan(&st.Events, &st.Incidents); err != nil {
		return st, err
	}
	if first.Valid {
		st.First, _ = time.Parse(time.DateOnly, first.String)
		st.Last, _ = time.Parse(time.DateOnly, last.String)
	}
	for _, c := range []struct {
		column string
		into   *[]store.Count
	}{{"source", &st.Sources}, {"language", &st.Languages}} {
		rows, err := s.db.QueryContext(ctx, `SELECT coalesce(`+c.column+`, ''), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1`)
		if err != nil {
			return st, err
		}
		for rows.Next() {
			var cnt store.Count
			if err := rows.Scan(&cnt.Value, &cnt.N); err != nil {
				rows.Close()
				return st, err
			}
			*c.into = append(*c.into, cnt)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, err
		}
	}
	return st, nil
}
