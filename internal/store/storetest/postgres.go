package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresEnv names the environment variable that gives tests a
// PostgreSQL server: postgres://postgres@127.0.0.1:5432/test, say.
const PostgresEnv = "SITREP_TEST_POSTGRES"

// Postgres returns the URL of an empty schema of its own in the server
// PostgresEnv names, dropped when the test ends; it skips the test when
// the variable is not set.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set: set it to a PostgreSQL URL (postgres://postgres@127.0.0.1:5432/test) to run the tests against PostgreSQL", PostgresEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "sitrep_test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	if _, err := db.ExecContext(t.Context(), `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		t.Fatalf("%s: creating a schema for the test: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("dropping the test's schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
