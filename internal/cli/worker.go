package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/worker"
)

func newWorkerCmd(e *env) *cobra.Command {
	var pf pipelineFlags
	var queueURL string
	var batch int
	var ackWait time.Duration
	var drain bool
	cmd := &cobra.Command{
		Use:   "worker --queue nats://HOST:4222 --db postgres://...",
		Short: "Process documents from a NATS JetStream queue into the database",
		Long: `Worker takes the documents "sitrep ingest --queue" put on a NATS JetStream
queue, extracts and codes them, and commits them to the database (--db):
PostgreSQL, shared by every worker, or a SQLite file on this machine.

Start as many workers as you like, on any machines, and stop or kill them
when you like. A message leaves the queue only once its document is
committed, so a worker that dies loses nothing: what it held goes to
another after the queue's ack wait (--ack-wait). A document delivered
twice is stored once, and workers take turns deciding copies, stories and
incidents, so two workers never make two stories of one. On SIGTERM or Ctrl-C a worker finishes the
batch it holds and exits.

Inputs that can never be processed (a page a stage fails on, a damaged
message) are set aside on the stream STREAM_FAILED with the reason;
"sitrep queue" counts them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if queueURL == "" {
				return fmt.Errorf("give the queue: --queue nats://host:4222 (or $SITREP_QUEUE)")
			}
			return e.runWorker(cmd.Context(), pf, queueURL, batch, ackWait, drain)
		},
	}
	pf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&queueURL, "queue", os.Getenv("SITREP_QUEUE"), "NATS JetStream queue: nats://host:4222[/STREAM] (or $SITREP_QUEUE)")
	fl.IntVar(&batch, "batch", 256, "documents taken at once and committed in one transaction")
	fl.DurationVar(&ackWait, "ack-wait", 0, "how long a document may stay unacknowledged before another worker takes it; sets it for every worker of the queue (default: the queue's, 1m for a new one)")
	fl.BoolVar(&drain, "drain", false, "exit once the queue is empty")
	return cmd
}

func (e *env) runWorker(ctx context.Context, pf pipelineFlags, queueURL string, batch int, ackWait time.Duration, drain bool) error {
	p, st, err := e.pipelineAndStore(ctx, pf)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := queue.Open(ctx, queueURL)
	if err != nil {
		return err
	}
	defer q.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	log.Info("working", "queue", q.Server(), "stream", q.Name(), "db", database.Redact(e.db), "workers", pf.workers, "batch", batch)
	var stats worker.Stats
	start := time.Now()
	// A line now and then, so that a long run shows it is alive.
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				log.Info("progress", "summary", stats.Summary())
			case <-done:
				return
			}
		}
	}()
	err = worker.Run(ctx, worker.Options{Queue: q, Pipeline: p, Store: st, Batch: batch, Workers: pf.workers,
		AckWait: ackWait, Drain: drain, Logger: log}, &stats)
	close(done)
	elapsed := time.Since(start)
	log.Info("stopped", "summary", stats.Summary(), "took", elapsed.Round(10*time.Millisecond),
		"docs_per_s", fmt.Sprintf("%.0f", float64(stats.Stored.Load()+stats.Existing.Load())/elapsed.Seconds()))
	return err
}

func (e *env) runEnqueue(ctx context.Context, paths []string, pf pipelineFlags, queueURL string) error {
	q, err := queue.Open(ctx, queueURL)
	if err != nil {
		return err
	}
	defer q.Close()
	src := &source.Paths{Paths: paths, Stdin: e.stdin, MaxBytes: pf.maxSize, Source: pf.source}
	var read atomic.Int64
	rep, err := q.Enqueue(ctx, src, &read)
	rate := 0.0
	if rep.Elapsed > 0 {
		rate = float64(rep.Read) / rep.Elapsed.Seconds()
	}
	fmt.Fprintf(e.stderr, "queued %d new, %d already queued, %d failed, in %s (%.0f docs/s) on %s, stream %s\n",
		rep.Queued, rep.Duplicates, len(rep.Failures), rep.Elapsed.Round(10*time.Millisecond), rate, q.Server(), q.Name())
	if n := src.Skipped(); n > 0 {
		fmt.Fprintf(e.stderr, "%s in folders skipped: not .html, .htm, .txt or .jsonl (or .gz of those)\n", plural(int(n), "file"))
	}
	printProblems(e.stderr, rep.Failures)
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("interrupted: %d documents queued; run the same command again to finish (what is queued is not queued twice)", rep.Queued)
	}
	return batchEnd(err, rep.Queued+rep.Duplicates, "nothing was queued", pf.strict && len(rep.Failures) > 0)
}

func newQueueCmd(e *env) *cobra.Command {
	var queueURL string
	cmd := &cobra.Command{
		Use:   "queue --queue nats://HOST:4222",
		Short: "Show what a NATS JetStream queue holds: waiting, in flight, failed",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if queueURL == "" {
				return fmt.Errorf("give the queue: --queue nats://host:4222 (or $SITREP_QUEUE)")
			}
			q, err := queue.Open(cmd.Context(), queueURL)
			if err != nil {
				return err
			}
			defer q.Close()
			s, err := q.Status(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "stream %s on %s: %d waiting, %d in flight, %d failed (stream %s_FAILED)\n",
				q.Name(), q.Server(), s.Waiting, s.InFlight, s.Failed, q.Name())
			return nil
		},
	}
	cmd.Flags().StringVar(&queueURL, "queue", os.Getenv("SITREP_QUEUE"), "NATS JetStream queue: nats://host:4222[/STREAM] (or $SITREP_QUEUE)")
	return cmd
}
