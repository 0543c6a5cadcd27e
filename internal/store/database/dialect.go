package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A dialect is what differs between SQLite's SQL and PostgreSQL's. The
// rest of the package writes one SQL, with ? for parameters (rewritten to
// $1, $2 ... for PostgreSQL by its connections, see pgConn), and asks the
// dialect for the few expressions the two spell differently.
type dialect struct {
	name string
	// migrations is the folder of the embedded migrations for this
	// database.
	migrations string
	// rowid is the column of events that numbers them in the order they
	// were stored.
	rowid string
	// daysBefore is the day n days before the YYYY-MM-DD day expr, as
	// YYYY-MM-DD text.
	daysBefore func(expr string, n int) string
	// week is the Monday on or before day; month the month's first day.
	week, month func(day string) string
	// jsonText reads a top-level field of a JSON object column: as text
	// for a string, as JSON text for a list.
	jsonText func(col, key string) string
	// unindexed is col in a condition that must not choose the index the
	// query reads: SQLite's planner needs telling; PostgreSQL's costs
	// decide for themselves.
	unindexed func(col string) string
	// match turns what a user typed into the argument of the text
	// conditions below; "" when there is nothing to look for.
	match func(q string) string
	// matching is a query of the IDs of the documents that match its one
	// argument (a match).
	matching string
	// search lists documents d that match its first argument, best first,
	// with a snippet and a score after docColumns, then takes LIMIT and
	// OFFSET arguments.
	search string
	// writeLock, when set, is run first in every writing transaction, to
	// take the lock that makes writers from every process take turns:
	// copies, stories and incidents are decided from what is stored, and
	// two writers deciding at once would each miss the other's.
	writeLock string
	// sealRuns: seal fingerprint keys into runs (runs.go). SQLite's
	// inserts slow as a key table outgrows its cache; PostgreSQL's do
	// not, and with several processes writing, runs sealed by one would
	// be unknown to the others' memory.
	sealRuns bool
	// analyze gathers the planner's statistics (Store.analyze); "" when
	// the database needs no telling.
	analyze string
	// nul stands for the NUL character in stored keys: story.EntityKey
	// is one, and PostgreSQL's text cannot hold it. "" keeps it.
	nul string
}

// storeKey is a story key as the database keeps it; loadKey reads it
// back.
func (d dialect) storeKey(k string) string {
	if d.nul == "" {
		return k
	}
	return strings.ReplaceAll(k, "\x00", d.nul)
}

func (d dialect) loadKey(k string) string {
	if d.nul == "" {
		return k
	}
	return strings.ReplaceAll(k, d.nul, "\x00")
}

var sqliteDialect = dialect{
	name:       "sqlite",
	migrations: "migrations/sqlite",
	rowid:      "rowid",
	daysBefore: func(expr string, n int) string { return fmt.Sprintf("date(%s, '-%d days')", expr, n) },
	week:       func(day string) string { return "date(" + day + ", '-6 days', 'weekday 1')" },
	month:      func(day string) string { return "date(" + day + ", 'start of month')" },
	jsonText:   func(col, key string) string { return "json_extract(" + col + ", '$." + key + "')" },
	unindexed:  func(col string) string { return "+" + col },
	match:      MatchExpression,
	matching:   `SELECT d.id FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ?`,
	// Title matches weigh more than body matches. bm25 is lower for
	// better matches, so the score is its negation.
	search: `SELECT ` + prefixed("d.", docColumns) + `,
			snippet(documents_fts, 1, '**', '**', '…', 16), -bm25(documents_fts, 5.0, 1.0)
		FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
		WHERE documents_fts MATCH ?
		ORDER BY bm25(documents_fts, 5.0, 1.0), d.published_day DESC
		LIMIT ? OFFSET ?`,
	sealRuns: true,
}

var postgresDialect = dialect{
	name:       "postgres",
	migrations: "migrations/postgres",
	rowid:      "seq",
	daysBefore: func(expr string, n int) string { return fmt.Sprintf("to_char(%s::date - %d, 'YYYY-MM-DD')", expr, n) },
	week:       func(day string) string { return "to_char(date_trunc('week', " + day + "::date), 'YYYY-MM-DD')" },
	month:      func(day string) string { return "to_char(date_trunc('month', " + day + "::date), 'YYYY-MM-DD')" },
	jsonText:   func(col, key string) string { return "(" + col + "::jsonb ->> '" + key + "')" },
	unindexed:  func(col string) string { return col },
	match:      TSQuery,
	matching:   `SELECT d.id FROM documents d WHERE d.fts @@ to_tsquery('simple', ?)`,
	// The title is weighed A and the text B (migration 0001): a title
	// match counts 2.5 times a match in the text.
	search: `SELECT ` + prefixed("d.", docColumns) + `,
			ts_headline('simple', d.text, q, 'StartSel=**, StopSel=**, MaxWords=24, MinWords=12, ShortWord=2'),
			ts_rank(d.fts, q)
		FROM documents d, to_tsquery('simple', ?) q
		WHERE d.fts @@ q
		ORDER BY ts_rank(d.fts, q) DESC, d.published_day DESC NULLS LAST, d.seq
		LIMIT ? OFFSET ?`,
	writeLock: `SELECT pg_advisory_xact_lock(7401029316)`,
	nul:       "\x02",
	analyze:   `ANALYZE documents, events, incidents, stories, story_keys, fingerprint_keys, event_places`,
}

// openPostgres opens a pool of connections to the PostgreSQL database
// at url ("postgres://user@host:5432/db?search_path=x").
func openPostgres(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	// Enough for two readers per core and a writer; a server is shared
	// by every worker and analyst.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	return db, nil
}

// pgConnector hands out pgConns.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return pgConn{conn.(*stdlib.Conn)}, nil
}

// pgConn is a pgx connection that takes SQL with ? parameters.
type pgConn struct{ *stdlib.Conn }

func (c pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext returns a statement that costs no round trip: pgx
// prepares a statement on its first use on a connection and keeps it, by
// its SQL, for the next. Preparing again each batch and deallocating it
// after cost a writer two round trips per statement, with the writers'
// lock held.
func (c pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return pgStmt{c.Conn, rebind(query)}, nil
}

// pgStmt is a statement pgx prepares when it is first run.
type pgStmt struct {
	c     *stdlib.Conn
	query string
}

func (s pgStmt) Close() error  { return nil }
func (s pgStmt) NumInput() int { return -1 } // unknown: PostgreSQL checks

func (s pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.query, args)
}

func (s pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.query, args)
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func (c pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// rebound holds the PostgreSQL spelling of the queries seen, up to
// maxRebound of them: listings build their SQL from their filters, and
// the combinations are many but not endless.
var (
	rebound  sync.Map
	nRebound atomic.Int64
)

const maxRebound = 20_000

// rebind numbers the ? parameters of query as $1, $2 ..., leaving those
// inside quotes and -- comments alone.
func rebind(query string) string {
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			// A comment runs to the end of its line; an apostrophe in it
			// opens no quote.
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			b.WriteString(query[i : i+end])
			i += end - 1
			continue
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	q := b.String()
	if nRebound.Add(1) <= maxRebound {
		rebound.Store(query, q)
	}
	return q
}
