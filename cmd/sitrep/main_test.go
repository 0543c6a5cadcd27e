package main_test

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// build compiles the sitrep binary into a temporary folder.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sitrep")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func count(t *testing.T, db string) (n, distinct int) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.QueryRow(`SELECT count(*), count(DISTINCT url) FROM documents`).Scan(&n, &distinct); err != nil {
		return 0, 0 // not created yet
	}
	return n, distinct
}

// TestKillMidBatch kills an ingest with SIGKILL while it writes, then runs
// it again: nothing committed is lost, the database is intact, and the
// second run stores exactly the rest.
func TestKillMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := build(t)
	dir := t.TempDir()
	const total = 20000
	var b strings.Builder
	for i := range total {
		fmt.Fprintf(&b, `{"url":"https://x.example/%d","title":"Report %d","published":"2019-12-28","text":"Report %d: more than 30 rockets hit the K1 base near Kirkuk, killing a US contractor, officials said."}`+"\n", i, i, i)
	}
	input := filepath.Join(dir, "feed.jsonl")
	if err := os.WriteFile(input, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kill.db")

	cmd := exec.Command(bin, "ingest", "--db", db, "--batch", "50", input)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Kill it once some batches are committed.
	killed := false
	for !killed {
		select {
		case <-done:
			t.Skip("ingest finished before it could be killed; the machine is too fast for this test's input size")
		default:
		}
		if n, _ := count(t, db); n > 0 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
		time.Sleep(5 * time.Millisecond)
	}
	<-done
	before, distinct := count(t, db)
	if before == 0 || before >= total || before != distinct {
		t.Fatalf("after the kill: %d documents, %d distinct URLs (of %d)", before, distinct, total)
	}

	out, err := exec.Command(bin, "ingest", "--db", db, input).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	want := fmt.Sprintf("ingested %d new, %d already stored, 0 failed", total-before, before)
	if !strings.Contains(string(out), want) {
		t.Errorf("second run said:\n%s\nwant %q", out, want)
	}
	after, distinct := count(t, db)
	if after != total || distinct != total {
		t.Errorf("after the second run: %d documents, %d distinct, want %d", after, distinct, total)
	}
	conn, _ := sql.Open("sqlite", "file:"+db)
	defer conn.Close()
	var check string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity check: %q, %v", check, err)
	}
	var fts int
	if err := conn.QueryRow(`SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Kirkuk'`).Scan(&fts); err != nil || fts != total {
		t.Errorf("full-text index holds %d documents for Kirkuk, want %d (%v)", fts, total, err)
	}
}
