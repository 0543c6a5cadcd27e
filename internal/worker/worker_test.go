package worker_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/sitrep-dev/sitrep/internal/bench"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
	"github.com/sitrep-dev/sitrep/internal/worker"
)

// NATSEnv names the environment variable that gives tests a NATS server
// with JetStream: nats://127.0.0.1:4222, say.
const NATSEnv = "SITREP_TEST_NATS"

func TestMain(m *testing.M) {
	// The kill test runs a worker as a process of its own: this binary.
	if os.Getenv("SITREP_WORKER_CHILD") != "" {
		os.Exit(child())
	}
	os.Exit(m.Run())
}

func child() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	st, err := database.Open(ctx, os.Getenv("SITREP_WORKER_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	q, err := queue.Open(ctx, os.Getenv("SITREP_WORKER_QUEUE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer q.Close()
	if err := worker.Run(ctx, worker.Options{Queue: q, Pipeline: p, Store: st, Batch: 16, AckWait: 2 * time.Second}, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

var shared struct {
	once sync.Once
	p    *pipeline.Pipeline
	err  error
	refs sync.Map // corpus size → store.Stats of it ingested directly
}

func pipe(t *testing.T) *pipeline.Pipeline {
	t.Helper()
	shared.once.Do(func() { shared.p, shared.err = pipeline.New(stages.Builtin, nil, pipeline.Env{}) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.p
}

// natsServer returns the server NATSEnv names, or skips the test.
func natsServer(t *testing.T) string {
	t.Helper()
	u := os.Getenv(NATSEnv)
	if u == "" {
		t.Skipf("%s is not set: set it to a NATS server with JetStream (nats://127.0.0.1:4222) to run the worker tests", NATSEnv)
	}
	return strings.TrimRight(u, "/")
}

// newQueue returns the URL of a stream of the test's own on server,
// deleted when the test ends.
func newQueue(t *testing.T, server string) string {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	u := server + "/TEST_" + strings.ToUpper(hex.EncodeToString(b))
	q, err := queue.Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := q.Delete(context.Background()); err != nil {
			t.Logf("deleting the test's streams: %v", err)
		}
		q.Close()
	})
	return u
}

// corpus is n generated articles, a fifth of them syndicated copies.
func corpus(n int) source.Source {
	return &bench.Corpus{Seed: 7, N: n, Format: "text", Copies: 0.2}
}

// reference is what ingesting the corpus of n directly into a new SQLite
// store gives.
func reference(t *testing.T, n int) store.Stats {
	t.Helper()
	if st, ok := shared.refs.Load(n); ok {
		return st.(store.Stats)
	}
	s, err := database.Open(t.Context(), t.TempDir()+"/ref.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := ingest.Run(t.Context(), ingest.Options{Source: corpus(n), Pipeline: pipe(t), Sink: s, Workers: 2}, nil); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	shared.refs.Store(n, st)
	return st
}

func enqueue(t *testing.T, qURL string, src source.Source) queue.Report {
	t.Helper()
	q, err := queue.Open(t.Context(), qURL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	rep, err := q.Enqueue(t.Context(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// work runs one worker until the queue is empty, with its own store
// handle, as a process of its own would.
func work(t *testing.T, qURL, db string, o worker.Options) *worker.Stats {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	st, err := database.Open(ctx, db)
	if err != nil {
		t.Error(err)
		return &worker.Stats{}
	}
	defer st.Close()
	q, err := queue.Open(ctx, qURL)
	if err != nil {
		t.Error(err)
		return &worker.Stats{}
	}
	defer q.Close()
	o.Queue, o.Pipeline, o.Store, o.Drain = q, pipe(t), st, true
	o.AckWait = max(o.AckWait, 2*time.Second)
	o.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var stats worker.Stats
	if err := worker.Run(ctx, o, &stats); err != nil {
		t.Error(err)
	}
	if ctx.Err() != nil {
		t.Errorf("the worker did not empty the queue in time: %s", stats.Summary())
	}
	return &stats
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func stats(t *testing.T, db string) store.Stats {
	t.Helper()
	s, err := database.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// same checks that db holds what the direct ingest of the corpus holds:
// every document once, every event once.
func same(t *testing.T, db string, want store.Stats) {
	t.Helper()
	got := stats(t, db)
	if got.Documents != want.Documents || got.Events != want.Events {
		t.Errorf("stored %d documents and %d events, want %d and %d", got.Documents, got.Events, want.Documents, want.Events)
	}
}

// startChild starts a worker as a process of its own (TestMain), held to
// one core; it is killed when the test ends, if it still runs.
func startChild(t *testing.T, db, qURL string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "SITREP_WORKER_CHILD=1", "SITREP_WORKER_DB="+db, "SITREP_WORKER_QUEUE="+qURL, "GOMAXPROCS=1")
	cmd.Stderr = testWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// drained checks that the queue holds nothing: not waiting, not in
// flight, not failed.
func drained(t *testing.T, qURL string) {
	t.Helper()
	if st := status(t, qURL); st.Waiting != 0 || st.InFlight != 0 || st.Failed != 0 {
		t.Errorf("queue at the end: %+v", st)
	}
}

func status(t *testing.T, qURL string) queue.Status {
	t.Helper()
	q, err := queue.Open(t.Context(), qURL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	s, err := q.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A batch through the queue stores what ingest stores; what is enqueued
// twice is queued once; a damaged message is set aside with its reason;
// the same documents from another queue are found stored.
func TestWorkerStoresEachDocumentOnce(t *testing.T) {
	server := natsServer(t)
	db := storetest.Postgres(t)
	const n = 300
	want := reference(t, n)
	qURL := newQueue(t, server)
	if rep := enqueue(t, qURL, corpus(n)); rep.Queued != n || len(rep.Failures) != 0 {
		t.Fatalf("first enqueue: %+v", rep)
	}
	if rep := enqueue(t, qURL, corpus(n)); rep.Queued != 0 || rep.Duplicates != n {
		t.Fatalf("second enqueue: %d queued, %d duplicates, want 0 and %d", rep.Queued, rep.Duplicates, n)
	}
	// A message damaged on the way: its content is not what its hash says.
	q, err := queue.Open(t.Context(), qURL)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := q.Message(news.NewDocument("damaged.txt", news.FormatText, "https://x.example/d", []byte("Title\n\nSome text.")))
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
	msg.Data = []byte("Title\n\nOther text.")
	nc, err := nats.Connect(server)
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.PublishMsg(msg); err != nil {
		t.Fatal(err)
	}
	nc.Flush()
	nc.Close()

	s := work(t, qURL, db, worker.Options{Batch: 32, Workers: 2})
	if s.Stored.Load() != n || s.Failed.Load() != 1 || s.Existing.Load() != 0 {
		t.Errorf("worker: %s; want %d stored and 1 failed", s.Summary(), n)
	}
	same(t, db, want)
	if st := status(t, qURL); st.Waiting != 0 || st.InFlight != 0 || st.Failed != 1 {
		t.Errorf("queue after the worker: %+v, want only the damaged message, set aside", st)
	}

	// The same inputs on another queue, past any duplicate window: the
	// store has them all, and adds nothing.
	other := newQueue(t, server)
	enqueue(t, other, corpus(n))
	s = work(t, other, db, worker.Options{Batch: 64})
	if s.Stored.Load() != 0 || s.Existing.Load() != n {
		t.Errorf("second queue: %s; want all %d already stored", s.Summary(), n)
	}
	same(t, db, want)
}

// A worker killed with SIGKILL in the middle of its work loses nothing:
// what it held goes to the next worker once its ack wait runs out, and
// nothing is stored twice.
func TestWorkerKilled(t *testing.T) {
	server := natsServer(t)
	db := storetest.Postgres(t)
	const n = 1200
	want := reference(t, n)
	qURL := newQueue(t, server)
	enqueue(t, qURL, corpus(n))

	cmd := startChild(t, db, qURL)
	waitStored(t, db, 100)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed := stats(t, db).Documents
	if killed >= n {
		t.Fatalf("the worker had stored all %d documents before it was killed: nothing was tested", n)
	}
	t.Logf("killed after %d of %d documents", killed, n)

	s := work(t, qURL, db, worker.Options{Batch: 32})
	same(t, db, want)
	if got := s.Stored.Load() + int64(killed); got != n {
		t.Errorf("the second worker stored %d after the first's %d, want %d in all", s.Stored.Load(), killed, n)
	}
	drained(t, qURL)
}

// Two workers racing on the copies of one wire story, a few documents at
// a time, make one story of them: the store's writers take turns.
func TestWorkersRaceOnOneStory(t *testing.T) {
	server := natsServer(t)
	db := storetest.Postgres(t)
	qURL := newQueue(t, server)
	const copies = 24
	var docs []*news.Document
	for i := range copies {
		raw := "Rockets strike Ain al-Asad air base\n\n" +
			"ANBAR, Iraq - Several rockets struck Ain al-Asad air base in western Iraq on Tuesday, the coalition said, " +
			"wounding two contractors. No group claimed the attack, which followed a drone strike near Erbil last week.\n\n" +
			"Iraqi security forces said the rockets were fired from a truck parked near the town of al-Baghdadi."
		d := news.NewDocument(fmt.Sprintf("wire-%02d.txt", i), news.FormatText, fmt.Sprintf("https://outlet%02d.example/rockets", i), []byte(raw))
		d.Source = fmt.Sprintf("Outlet %02d", i)
		d.Published, _ = news.ParseDate("2021-03-02")
		docs = append(docs, d)
	}
	enqueue(t, qURL, sliceSource(docs))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { work(t, qURL, db, worker.Options{Batch: 2}) })
	}
	wg.Wait()
	st := stats(t, db)
	if st.Documents != copies || st.Stories != 1 || st.Copies != copies-1 {
		t.Errorf("stored %d documents in %d stories with %d copies; want %d in 1 with %d", st.Documents, st.Stories, st.Copies, copies, copies-1)
	}
}

// sliceSource yields the documents it holds.
type sliceSource []*news.Document

func (s sliceSource) Read(ctx context.Context, yield func(*news.Document, error) error) error {
	for _, d := range s {
		if err := yield(d, nil); err != nil {
			return err
		}
	}
	return nil
}

// On SIGTERM a worker finishes the batch it holds, acknowledges it and
// exits: nothing is left in flight for another worker to wait out.
func TestWorkerStopsOnSIGTERM(t *testing.T) {
	server := natsServer(t)
	db := storetest.Postgres(t)
	const n = 1200
	want := reference(t, n)
	qURL := newQueue(t, server)
	enqueue(t, qURL, corpus(n))
	cmd := startChild(t, db, qURL)
	waitStored(t, db, 100)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the worker exited with %v, want success", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the worker did not exit within 30 s of SIGTERM")
	}
	st := status(t, qURL)
	stored := stats(t, db).Documents
	if st.InFlight != 0 {
		t.Errorf("%d messages in flight after the worker stopped, want none: it should finish what it holds", st.InFlight)
	}
	if stored >= n || st.Waiting != n-stored {
		t.Errorf("after SIGTERM: %d stored, %d waiting; want the rest of %d waiting", stored, st.Waiting, n)
	}
	work(t, qURL, db, worker.Options{Batch: 64})
	same(t, db, want)
}

// slowSink makes its first Put wait, as a store busy with other workers
// would.
type slowSink struct {
	ingest.Sink
	once sync.Once
	wait time.Duration
}

func (s *slowSink) Put(ctx context.Context, docs []*news.Document) ([]bool, error) {
	s.once.Do(func() { time.Sleep(s.wait) })
	return s.Sink.Put(ctx, docs)
}

// A batch that waits for the store longer than the ack wait is not given
// out again meanwhile: the worker tells the server it is still at work.
func TestWorkerKeepsASlowBatch(t *testing.T) {
	qURL := newQueue(t, natsServer(t))
	slowBatch(t, qURL, time.Second)
}

// A worker started without an ack wait keeps the queue's, which another
// worker set: it does not change it under the others, and keeps its own
// slow batch alive at the queue's pace.
func TestWorkerKeepsTheQueuesAckWait(t *testing.T) {
	qURL := newQueue(t, natsServer(t))
	q, err := queue.Open(t.Context(), qURL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if _, err := q.Consumer(t.Context(), time.Second); err != nil {
		t.Fatal(err)
	}
	slowBatch(t, qURL, 0)
	c, err := q.Consumer(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := queue.AckWait(t.Context(), c); err != nil || d != time.Second {
		t.Errorf("the queue's ack wait is %v (%v), want the 1s another worker set", d, err)
	}
}

// slowBatch works a batch that waits three seconds for the store, with
// ackWait, and checks that every document was taken once and stored.
func slowBatch(t *testing.T, qURL string, ackWait time.Duration) {
	t.Helper()
	const n = 40
	enqueue(t, qURL, corpus(n))
	st, err := database.Open(t.Context(), t.TempDir()+"/slow.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, err := queue.Open(t.Context(), qURL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var s worker.Stats
	err = worker.Run(t.Context(), worker.Options{Queue: q, Pipeline: pipe(t), Store: &slowSink{Sink: st, wait: 3 * time.Second},
		Batch: n, AckWait: ackWait, Drain: true}, &s)
	if err != nil {
		t.Fatal(err)
	}
	if s.Stored.Load() != n || s.Existing.Load() != 0 || s.Taken.Load() != n {
		t.Errorf("%s; want all %d taken once and stored", s.Summary(), n)
	}
}
