package cli

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

// The distributed setup as a user runs it: ingest --queue, a worker that
// drains the queue into PostgreSQL, and the same commands reading it.
func TestQueueIngestWorker(t *testing.T) {
	server := os.Getenv("SITREP_TEST_NATS")
	if server == "" {
		t.Skip("SITREP_TEST_NATS is not set: set it to a NATS server with JetStream (nats://127.0.0.1:4222) to run the queue's tests")
	}
	db := storetest.Postgres(t)
	dir := t.TempDir()
	copyCorpus(t, dir)
	b := make([]byte, 4)
	rand.Read(b)
	qURL := strings.TrimRight(server, "/") + "/CLI_" + strings.ToUpper(hex.EncodeToString(b))
	t.Cleanup(func() {
		if q, err := queue.Open(t.Context(), qURL); err == nil {
			q.Delete(t.Context())
			q.Close()
		}
	})

	_, errOut, err := run(t, "", "ingest", "--queue", qURL, dir)
	if err != nil || !strings.Contains(errOut, "queued 57 new, 0 already queued, 0 failed") {
		t.Fatalf("ingest --queue: %v\n%s", err, errOut)
	}
	if _, _, err := run(t, "", "ingest", "--queue", qURL, "--published", "2020-01-01", dir); err == nil {
		t.Error("ingest --queue --published: no error; the pipeline's settings belong to the worker")
	}
	out, _, err := run(t, "", "queue", "--queue", qURL)
	if err != nil || !strings.Contains(out, "57 waiting, 0 in flight, 0 failed") {
		t.Fatalf("queue: %v\n%s", err, out)
	}
	_, errOut, err = run(t, "", "worker", "--queue", qURL, "--db", db, "--drain", "--ack-wait", "5s")
	if err != nil || !strings.Contains(errOut, "took 57 messages: 57 stored, 0 already stored, 0 failed") {
		t.Fatalf("worker: %v\n%s", err, errOut)
	}
	out, _, err = run(t, "", "stats", "--db", db)
	if err != nil || !strings.Contains(out, "57 documents") || !strings.Contains(out, "833 events coded") {
		t.Fatalf("stats: %v\n%s", err, out)
	}
	out, _, err = run(t, "", "search", "--db", db, "Kataib Hezbollah", "--limit", "1")
	if err != nil || !strings.Contains(out, " 1. ") {
		t.Fatalf("search: %v\n%s", err, out)
	}
	// A worker without a queue, or with a malformed one, says so.
	if _, _, err := run(t, "", "worker", "--db", filepath.Join(dir, "x.db")); err == nil || !strings.Contains(err.Error(), "--queue") {
		t.Errorf("worker without --queue: %v", err)
	}
	if _, _, err := run(t, "", "worker", "--queue", "http://x", "--db", filepath.Join(dir, "x.db")); err == nil || !strings.Contains(err.Error(), "nats://") {
		t.Errorf("worker with an http URL: %v", err)
	}
}
