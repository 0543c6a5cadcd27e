package database_test

import (
	"database/sql"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

var tsqueries = []struct{ in, want string }{
	{`Mosul`, `'mosul'`},
	{`Ain al-Asad`, `'ain' & ('al' <-> 'asad')`},
	{`"Ain al-Asad" rockets`, `('ain' <-> 'al' <-> 'asad') & 'rockets'`},
	{`Soleimani OR Muhandis strike`, `('soleimani' | 'muhandis') & 'strike'`},
	{`troops -Syria`, `'troops' & !'syria'`},
	{`offens*`, `'offens':*`},
	{`U.S. troops`, `('u' <-> 's') & 'troops'`},
	{`a"b`, `('a' <-> 'b')`},
	{`'quoted' O'Neill`, `'quoted' & ('o' <-> 'neill')`},
	{`الموصل`, `'الموصل'`},
	{`- -- ***`, ``},
	{`-alone`, ``},
}

func TestTSQuery(t *testing.T) {
	for _, tt := range tsqueries {
		if got := database.TSQuery(tt.in); got != tt.want {
			t.Errorf("TSQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Whatever a user types, PostgreSQL accepts the query made of it.
func TestTSQueryParses(t *testing.T) {
	db, err := sql.Open("pgx", storetest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, in := range append([]string{`a & b | !c`, `x:* <-> (`, `\'; DROP TABLE documents; --`, `"unclosed`, `OR OR -`, `a*b*`},
		func() (s []string) {
			for _, tt := range tsqueries {
				s = append(s, tt.in)
			}
			return s
		}()...) {
		q := database.TSQuery(in)
		if q == "" {
			continue
		}
		var out string
		if err := db.QueryRowContext(t.Context(), `SELECT to_tsquery('simple', $1)::text`, q).Scan(&out); err != nil {
			t.Errorf("TSQuery(%q) = %q: %v", in, q, err)
		}
	}
}
