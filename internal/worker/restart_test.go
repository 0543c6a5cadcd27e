package worker_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/worker"
)

// freePort returns a loopback port nobody listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitPort(t *testing.T, port int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on port %d: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A postgresServer is a PostgreSQL cluster of the test's own, so that it
// can be restarted without disturbing other tests.
type postgresServer struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	as   []string // runuser -u postgres --, when the tests run as root
}

// privatePostgres starts a cluster of the test's own from the PostgreSQL
// binaries this machine has, or skips the test.
func privatePostgres(t *testing.T) *postgresServer {
	t.Helper()
	if os.Getenv("SITREP_TEST_POSTGRES") == "" {
		t.Skip("SITREP_TEST_POSTGRES is not set: the PostgreSQL restart test runs where PostgreSQL's tests do")
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		t.Skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin) to start a cluster of the test's own")
	}
	// Not t.TempDir: its parent is closed to the postgres user.
	dir, err := os.MkdirTemp("", "sitrep-pg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &postgresServer{t: t, bin: filepath.Dir(bins[len(bins)-1]), dir: dir, port: freePort(t)}
	if os.Geteuid() == 0 {
		// PostgreSQL will not run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root and there is no postgres user to run a cluster as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		if err := os.Chown(s.dir, uid, -1); err != nil {
			t.Fatal(err)
		}
		s.as = []string{"runuser", "-u", "postgres", "--"}
	}
	s.run("initdb", "-D", s.dir+"/data", "-A", "trust", "-U", "postgres", "--no-sync")
	s.ctl("start")
	t.Cleanup(func() { s.ctl("stop") })
	return s
}

func (s *postgresServer) run(name string, args ...string) {
	s.t.Helper()
	argv := append(append(append([]string{}, s.as...), filepath.Join(s.bin, name)), args...)
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func (s *postgresServer) ctl(action string) {
	s.t.Helper()
	s.run("pg_ctl", "-D", s.dir+"/data", "-l", s.dir+"/log", "-w", "-m", "fast",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", s.port, s.dir), action)
}

func (s *postgresServer) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// PostgreSQL restarts under load: the worker's batch fails, goes back on
// the queue, and is committed once the server is back.
func TestWorkerSurvivesPostgresRestart(t *testing.T) {
	server := natsServer(t)
	pg := privatePostgres(t)
	db := pg.url()
	const n = 1200
	want := reference(t, n)
	qURL := newQueue(t, server)
	enqueue(t, qURL, corpus(n))
	done := make(chan *worker.Stats)
	go func() { done <- work(t, qURL, db, worker.Options{Batch: 32}) }()
	waitStored(t, db, 100)
	pg.ctl("restart")
	before := stats(t, db).Documents
	s := <-done
	if before >= n {
		t.Fatalf("all %d documents were stored before the restart: nothing was tested", n)
	}
	t.Logf("restarted after %d of %d documents; %s", before, n, s.Summary())
	same(t, db, want)
	drained(t, qURL)
}

// waitStored waits until db holds at least n documents.
func waitStored(t *testing.T, db string, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for stats(t, db).Documents < n {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d documents stored after a minute", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A natsServer is a NATS server with JetStream of the test's own, from
// the nats-server binary on PATH.
type natsProcess struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
}

func privateNATS(t *testing.T) *natsProcess {
	t.Helper()
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/nats-server"); err != nil {
			t.Skip("no nats-server binary to start a server of the test's own")
		}
	}
	s := &natsProcess{t: t, bin: bin, dir: t.TempDir(), port: freePort(t)}
	s.start()
	t.Cleanup(func() { s.kill() })
	return s
}

func (s *natsProcess) start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "-a", "127.0.0.1", "-p", strconv.Itoa(s.port), "-js", "-sd", s.dir)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	waitPort(s.t, s.port)
}

// kill stops the server at once, as a crash would.
func (s *natsProcess) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

func (s *natsProcess) url() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.port) }

// NATS dies under load and comes back: the worker reconnects and carries
// on, and every document is stored once.
func TestWorkerSurvivesNATSRestart(t *testing.T) {
	if os.Getenv(NATSEnv) == "" {
		t.Skipf("%s is not set: the NATS restart test runs where the worker tests do", NATSEnv)
	}
	ns := privateNATS(t)
	db := filepath.Join(t.TempDir(), "sitrep.db")
	const n = 1200
	want := reference(t, n)
	qURL := ns.url() + "/RESTART"
	enqueue(t, qURL, corpus(n))
	done := make(chan *worker.Stats)
	go func() { done <- work(t, qURL, db, worker.Options{Batch: 32}) }()
	waitStored(t, db, 100)
	ns.kill()
	time.Sleep(time.Second)
	before := stats(t, db).Documents
	ns.start()
	s := <-done
	if before >= n {
		t.Fatalf("all %d documents were stored before NATS died: nothing was tested", n)
	}
	t.Logf("NATS died after %d of %d documents; %s", before, n, s.Summary())
	same(t, db, want)
	drained(t, qURL)
}
