package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// distributed measures the queue: putting the corpus on it, then 1 to
// Procs worker processes draining it, each into a fresh store, each
// process held to one core (GOMAXPROCS=1) as the scaling goal asks.
func (o Options) distributed(ctx context.Context, r *Result, corpus func() *Corpus) error {
	if o.Worker == nil {
		return fmt.Errorf("bench: a queue but no way to start a worker")
	}
	for procs := 1; procs <= max(o.Procs, 2); procs++ {
		qr, enq, err := o.drain(ctx, procs, corpus())
		if err != nil {
			return fmt.Errorf("%d worker processes: %w", procs, err)
		}
		if procs == 1 {
			r.Enqueue = &enq
		}
		qr.Scaling = qr.DocsPerSec / max(r.queueRate(1), 1e-9)
		if procs == 1 {
			qr.Scaling = 1
		}
		r.Queue = append(r.Queue, qr)
	}
	return nil
}

func (r *Result) queueRate(procs int) float64 {
	for _, q := range r.Queue {
		if q.Procs == procs {
			return q.DocsPerSec
		}
	}
	return 0
}

// drain runs one distributed run with procs worker processes.
func (o Options) drain(ctx context.Context, procs int, c *Corpus) (QueueRate, Rate, error) {
	qr := QueueRate{Procs: procs}
	db, done, err := o.freshDB(ctx, fmt.Sprintf("sitrep_bench_%dw_", procs))
	if err != nil {
		return qr, Rate{}, err
	}
	defer done()
	// The schema is made before the clock starts.
	st, err := database.Open(ctx, db)
	if err != nil {
		return qr, Rate{}, err
	}
	defer st.Close()
	u, err := url.Parse(o.Queue)
	if err != nil {
		return qr, Rate{}, err
	}
	b := make([]byte, 4)
	rand.Read(b)
	u.Path = "/BENCH_" + strings.ToUpper(hex.EncodeToString(b))
	q, err := queue.Open(ctx, u.String())
	if err != nil {
		return qr, Rate{}, err
	}
	defer func() {
		q.Delete(context.WithoutCancel(ctx))
		q.Close()
	}()
	var rep queue.Report
	enq, err := measure(c, func() (err error) { rep, err = q.Enqueue(ctx, c, nil); return err })
	if err != nil {
		return qr, enq, err
	}
	enq.Failed = len(rep.Failures)

	start := time.Now()
	var cmds []*exec.Cmd
	exited := make(chan *exec.Cmd, procs)
	for range procs {
		cmd := o.Worker(ctx, u.String(), db)
		cmd.Env = append(cmd.Environ(), "GOMAXPROCS=1")
		if err := cmd.Start(); err != nil {
			return qr, enq, err
		}
		cmds = append(cmds, cmd)
		go func() { cmd.Wait(); exited <- cmd }()
	}
	stop := func() {
		for _, cmd := range cmds {
			// The kernel's peak for the process's own memory, read before
			// it ends: wait4's would count the bench's memory the child
			// was forked with.
			qr.PeakRSSMB = max(qr.PeakRSSMB, peakRSS(cmd.Process.Pid))
			cmd.Process.Signal(syscall.SIGTERM)
		}
		for range cmds {
			<-exited
		}
	}
	// Drained when nothing waits and nothing is in flight; the workers
	// are then told to stop, which they do at once, holding nothing.
	for {
		s, err := q.Status(ctx)
		if err == nil && s.Waiting == 0 && s.InFlight == 0 && time.Since(start) > time.Second {
			break
		}
		select {
		case <-ctx.Done():
			stop()
			return qr, enq, ctx.Err()
		case cmd := <-exited:
			exited <- cmd // stop counts it
			stop()
			return qr, enq, fmt.Errorf("a worker process exited before the queue was empty: %v", cmd.ProcessState)
		case <-time.After(100 * time.Millisecond):
		}
	}
	took := time.Since(start)
	stop()
	stats, err := st.Stats(ctx)
	if err != nil {
		return qr, enq, err
	}
	qr.Seconds, qr.Stored = took.Seconds(), stats.Documents
	qr.DocsPerSec = float64(c.N) / took.Seconds()
	return qr, enq, nil
}

// peakRSS returns the high-water mark of process pid's resident memory in
// MB (VmHWM, Linux); 0 when it cannot be read.
func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(v), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}
