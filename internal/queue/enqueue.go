package queue

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// A Failure is an input that was not enqueued, and why.
type Failure = ingest.Failure

// A Report is what Enqueue did.
type Report struct {
	Read       int // documents read from the source
	Queued     int // new on the queue
	Duplicates int // already on it (enqueued within the duplicate window)
	Failures   []Failure
	Bytes      int64 // of content read
	Elapsed    time.Duration
}

// inFlight bounds the messages sent and not yet confirmed by the server:
// enough to keep the connection busy, few enough that memory stays flat.
const inFlight = 256

// Enqueue puts every document src yields on the queue. An input that
// cannot be read or sent is a Failure and the rest go on; it returns an
// error only when it could not go on (ctx was cancelled, the source
// failed). read, when set, is told of each document read.
func (q *Queue) Enqueue(ctx context.Context, src source.Source, read *atomic.Int64) (Report, error) {
	start := time.Now()
	var rep Report
	type pending struct {
		input string
		ack   jetstream.PubAckFuture
	}
	var window []pending
	settle := func(p pending) {
		select {
		case ack := <-p.ack.Ok():
			if ack.Duplicate {
				rep.Duplicates++
			} else {
				rep.Queued++
			}
		case err := <-p.ack.Err():
			rep.Failures = append(rep.Failures, Failure{Input: p.input, Reason: "not queued: " + err.Error()})
		}
	}
	err := src.Read(ctx, func(d *news.Document, err error) error {
		if err != nil {
			var ie *source.InputError
			if errors.As(err, &ie) {
				rep.Failures = append(rep.Failures, Failure{Input: ie.Input, Reason: ie.Err.Error()})
			} else {
				rep.Failures = append(rep.Failures, Failure{Input: "?", Reason: err.Error()})
			}
			return nil
		}
		rep.Read++
		rep.Bytes += int64(len(d.Raw))
		if read != nil {
			read.Add(1)
		}
		msg, err := q.Message(d)
		if err != nil {
			rep.Failures = append(rep.Failures, Failure{Input: d.Input, Reason: err.Error()})
			return nil
		}
		ack, err := q.js.PublishMsgAsync(msg, jetstream.WithMsgID(string(d.ID)))
		if err != nil {
			rep.Failures = append(rep.Failures, Failure{Input: d.Input, Reason: "not queued: " + err.Error()})
			return nil
		}
		window = append(window, pending{d.Input, ack})
		if len(window) >= inFlight {
			settle(window[0])
			window = window[1:]
		}
		return ctx.Err()
	})
	for _, p := range window {
		settle(p)
	}
	rep.Elapsed = time.Since(start)
	return rep, err
}
