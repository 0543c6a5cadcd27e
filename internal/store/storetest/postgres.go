package storetest

import (
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver, for tests that talk to the server directly

	"github.com/sitrep-dev/sitrep/internal/store/database"
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
	u, drop, err := database.Scratch(t.Context(), base, "sitrep_test_")
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("dropping the test's schema: %v", err)
		}
	})
	return u
}
