// Package worker takes documents off the queue, sends them through the
// pipeline and commits them to the store: what sitrep worker runs, as
// many times over as there are machines and cores to spare.
//
// Delivery is at least once, and writing is idempotent: a message is
// acknowledged only after its document is committed (or found already
// stored), so a worker that dies loses nothing (its messages go to
// another once their ack wait runs out), and a message delivered twice
// adds nothing. Copies, stories and incidents are decided by the store
// under its writers' lock, so workers racing on one story make one.
//
// Fetching and processing run ahead of writing by one batch: while one
// batch waits for the store, the next is processed.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/queue"
)

// Options configures a worker.
type Options struct {
	Queue    *queue.Queue
	Pipeline *pipeline.Pipeline
	Store    ingest.Sink
	// Batch is how many messages are taken at once and committed in one
	// transaction; 256 when zero.
	Batch int
	// Workers is how many documents are processed at once; 1 when zero.
	Workers int
	// AckWait, when set, sets how long a message may stay
	// unacknowledged before it goes to another worker, for every worker
	// of the queue; zero keeps the queue's (queue.Consumer). The worker
	// tells the server it is still at work on a batch every third of the
	// queue's ack wait, as it is when the batch is taken.
	AckWait time.Duration
	// Drain stops the worker once the queue has nothing waiting and
	// nothing in flight.
	Drain  bool
	Logger *slog.Logger
}

// Stats counts what a worker did; safe to read while it runs.
type Stats struct {
	Taken    atomic.Int64 // messages taken off the queue
	Stored   atomic.Int64 // documents newly committed
	Existing atomic.Int64 // documents already stored (redeliveries, re-ingests)
	Failed   atomic.Int64 // inputs put on the failed stream
	Retried  atomic.Int64 // messages handed back after the store failed
}

// A batch is messages taken together and their documents.
type batch struct {
	msgs []jetstream.Msg
	docs []*news.Document // by message; nil for one that failed
	held func()           // stops telling the server the batch is being worked on
}

// Run works until ctx is cancelled (then it finishes the batches it
// holds: processes, commits and acknowledges them) or, with Drain, until
// the queue is empty. It returns an error only when it cannot work at
// all: the consumer cannot be made.
func Run(ctx context.Context, o Options, st *Stats) error {
	if st == nil {
		st = &Stats{}
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	o.Workers = max(o.Workers, 1)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	cons, err := o.Queue.Consumer(ctx, o.AckWait)
	if err != nil {
		return err
	}
	// What was taken is finished even when ctx is cancelled.
	finish := context.WithoutCancel(ctx)
	ready := make(chan batch, 1)
	var down pause
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := range ready {
			ok := write(finish, o, st, b)
			b.held()
			if ok {
				down.clear()
			} else {
				down.extend()
			}
		}
	})
	defer wg.Wait()
	defer close(ready)
	idle := 0
	for ctx.Err() == nil {
		// While the store is failing, taking more would only hand it
		// back.
		sleep(ctx, down.left())
		msgs, err := take(ctx, cons, o.Batch)
		if err != nil {
			if ctx.Err() == nil {
				o.Logger.Warn("taking messages failed; trying again", "queue", o.Queue.Server(), "err", err)
				sleep(ctx, time.Second)
			}
			continue
		}
		if len(msgs) == 0 {
			if o.Drain {
				idle++
				if idle >= 2 && empty(finish, o.Queue) {
					return nil
				}
			}
			continue
		}
		idle = 0
		st.Taken.Add(int64(len(msgs)))
		held := keepAlive(msgs, ackWait(finish, cons)/3)
		b := process(finish, o, st, msgs)
		b.held = held
		ready <- b
	}
	return nil
}

// take fetches up to n messages, waiting up to a second for the first.
// A fetch under way is not cut short when ctx is cancelled: the server
// may have sent messages already, and those are worked on, not left in
// flight for another worker to wait out.
func take(ctx context.Context, cons jetstream.Consumer, n int) ([]jetstream.Msg, error) {
	wait, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	b, err := cons.Fetch(n, jetstream.FetchContext(wait))
	if err != nil {
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range b.Messages() {
		msgs = append(msgs, m)
	}
	// What came is worked on; an error with it shows again on the next
	// take. A wait that ran out is no error.
	err = b.Error()
	if len(msgs) > 0 || err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) {
		return msgs, nil
	}
	return nil, err
}

// keepAlive tells the server, every interval until the returned function
// is called, that msgs are still being worked on: a batch that waits long
// for the store (behind many workers, say) is not given to another
// worker meanwhile.
func keepAlive(msgs []jetstream.Msg, every time.Duration) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(max(every, 100*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-t.C:
				for _, m := range msgs {
					m.InProgress()
				}
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}

// ackWait returns the queue's ack wait as the server has it now (another
// worker may have set it), or, when the server cannot say, as it was when
// the worker started.
func ackWait(ctx context.Context, cons jetstream.Consumer) time.Duration {
	if d, err := queue.AckWait(ctx, cons); err == nil && d > 0 {
		return d
	}
	if info := cons.CachedInfo(); info != nil && info.Config.AckWait > 0 {
		return info.Config.AckWait
	}
	return queue.DefaultAckWait
}

// empty says whether the queue has nothing waiting or in flight (and
// this worker holds nothing: its batches are written before it asks).
func empty(ctx context.Context, q *queue.Queue) bool {
	s, err := q.Status(ctx)
	return err == nil && s.Waiting == 0 && s.InFlight == 0
}

// process reads the messages' documents and runs them through the
// pipeline, Workers at a time. An input that cannot be read or processed
// goes to the failed stream, and its message is acknowledged: trying
// again would fail again.
func process(ctx context.Context, o Options, st *Stats, msgs []jetstream.Msg) batch {
	b := batch{msgs: msgs, docs: make([]*news.Document, len(msgs))}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(o.Workers, len(msgs)) {
		wg.Go(func() {
			for i := range next {
				m := msgs[i]
				d, err := queue.Document(m.Data(), m.Headers())
				if err == nil {
					err = o.Pipeline.Process(ctx, d)
				}
				if err != nil {
					fail(ctx, o, st, m, err)
					continue
				}
				d.Raw = nil // stored without it; no need to hold it
				b.docs[i] = d
			}
		})
	}
	for i := range msgs {
		next <- i
	}
	close(next)
	wg.Wait()
	return b
}

// fail puts m on the failed stream and acknowledges it; when that
// cannot be done, m is handed back to be tried again.
func fail(ctx context.Context, o Options, st *Stats, m jetstream.Msg, why error) {
	input := m.Headers().Get(jetstream.MsgIDHeader)
	if d, err := queue.Document(m.Data(), m.Headers()); err == nil {
		input = d.Input
	}
	var se *pipeline.StageError
	if errors.As(why, &se) {
		why = se
	}
	if err := o.Queue.Fail(ctx, m.Data(), m.Headers(), why.Error()); err != nil {
		o.Logger.Warn("could not set a failed input aside; it will be tried again", "input", input, "err", err)
		m.NakWithDelay(5 * time.Second)
		st.Retried.Add(1)
		return
	}
	o.Logger.Warn("input failed", "input", input, "reason", why.Error())
	st.Failed.Add(1)
	m.Ack()
}

// write commits a batch's documents and acknowledges their messages; when
// the store fails, it hands them all back, to be tried again after a
// pause, by this worker or another, and returns false.
func write(ctx context.Context, o Options, st *Stats, b batch) bool {
	var docs []*news.Document
	var msgs []jetstream.Msg
	for i, d := range b.docs {
		if d != nil {
			docs, msgs = append(docs, d), append(msgs, b.msgs[i])
		}
	}
	if len(docs) == 0 {
		return true
	}
	added, err := o.Store.Put(ctx, docs)
	if err != nil {
		o.Logger.Warn("storing failed; the batch goes back on the queue", "documents", len(docs), "err", err)
		for _, m := range msgs {
			m.NakWithDelay(2 * time.Second)
		}
		st.Retried.Add(int64(len(msgs)))
		return false
	}
	for i, m := range msgs {
		if err := m.Ack(); err != nil {
			// Redelivered later, and found stored then.
			o.Logger.Warn("acknowledging failed", "input", docs[i].Input, "err", err)
		}
		if added[i] {
			st.Stored.Add(1)
		} else {
			st.Existing.Add(1)
		}
	}
	return true
}

// pause is how long to wait before taking more messages after the store
// failed: doubling from a second to half a minute while it keeps
// failing, none once it works.
type pause struct {
	mu    sync.Mutex
	wait  time.Duration
	until time.Time
}

func (p *pause) extend() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wait = min(max(2*p.wait, time.Second), 30*time.Second)
	p.until = time.Now().Add(p.wait)
}

func (p *pause) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wait, p.until = 0, time.Time{}
}

func (p *pause) left() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Until(p.until)
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Summary is one line on what a worker did.
func (s *Stats) Summary() string {
	return fmt.Sprintf("took %d messages: %d stored, %d already stored, %d failed, %d handed back",
		s.Taken.Load(), s.Stored.Load(), s.Existing.Load(), s.Failed.Load(), s.Retried.Load())
}
