// Package queue carries documents from the machines that read them to the
// workers that process them, over a NATS JetStream work queue: sitrep
// ingest --queue puts each input on it, and every sitrep worker takes
// the next ones off (internal/worker).
//
// A document is one message: its raw content as the payload (gzipped
// when large), what the source knew of it in a header, and its ID as the
// message ID, so that JetStream drops a document enqueued twice within
// its duplicate window and the store drops it after. The queue is a
// stream of its own name (SITREP unless the URL names another) with one
// durable consumer that all workers share; a message leaves it only when
// a worker acknowledges it, which a worker does after committing it.
// Inputs that can never be processed go to a second stream, NAME_FAILED,
// with the reason, so that nothing is silently dropped.
package queue

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// DefaultStream is the stream a URL without a path names.
const DefaultStream = "SITREP"

// Headers of a document's message.
const (
	headerDoc      = "Sitrep-Doc"      // JSON: what the source knew (meta)
	headerEncoding = "Sitrep-Encoding" // "gzip" when the payload is compressed
	headerError    = "Sitrep-Error"    // on a failed message: why
)

// gzipOver is the size past which raw content is compressed: news pages
// shrink five to ten times, and a server's messages are 1 MiB at most by
// default.
const gzipOver = 32 << 10

// A Queue is a connection to one document stream. It is safe for
// concurrent use.
type Queue struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	name    string // the stream
	subject string // its documents' subject
	failed  string // the subject of the failed-inputs stream
	server  string // for messages, without credentials
	maxMsg  int64  // the server's largest message
}

var streamName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Open connects to the NATS server at rawURL ("nats://host:4222", or
// "nats://host:4222/NAME" for a stream other than SITREP), creating the
// streams when they do not exist. Once connected, the connection comes
// back by itself after the server restarts.
func Open(ctx context.Context, rawURL string) (*Queue, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
		return nil, fmt.Errorf("queue %q: want nats://host:port[/STREAM]", rawURL)
	}
	name := strings.Trim(u.Path, "/")
	if name == "" {
		name = DefaultStream
	}
	if !streamName.MatchString(name) {
		return nil, fmt.Errorf("queue %q: stream name %q: want letters, digits, - and _", u.Redacted(), name)
	}
	server := *u
	server.Path, server.RawQuery = "", ""
	q := &Queue{name: name, subject: "sitrep." + name + ".docs", failed: "sitrep." + name + ".failed", server: server.Redacted()}
	q.nc, err = nats.Connect(server.String(), nats.Name("sitrep"), nats.MaxReconnects(-1), nats.ReconnectWait(500*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", q.server, err)
	}
	if q.js, err = jetstream.New(q.nc); err != nil {
		q.nc.Close()
		return nil, fmt.Errorf("queue %s: %w", q.server, err)
	}
	q.maxMsg = q.nc.MaxPayload()
	if err := q.ensure(ctx); err != nil {
		q.nc.Close()
		return nil, fmt.Errorf("queue %s: stream %s: %w", q.server, name, err)
	}
	return q, nil
}

// ensure creates the streams and the workers' consumer, or leaves them as
// they are.
func (q *Queue) ensure(ctx context.Context) error {
	_, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.name,
		Description: "sitrep: documents waiting for a worker",
		Subjects:    []string{q.subject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		// A document enqueued again within this window is dropped at
		// once; after it, the store drops it.
		Duplicates: 10 * time.Minute,
	})
	if err != nil {
		return err
	}
	_, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.name + "_FAILED",
		Description: "sitrep: inputs no worker could process, with the reason",
		Subjects:    []string{q.failed},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
	})
	return err
}

// Name is the stream's name; Subject its documents' subject; Server the
// server's URL, without credentials.
func (q *Queue) Name() string    { return q.name }
func (q *Queue) Subject() string { return q.subject }
func (q *Queue) Server() string  { return q.server }

// Close closes the connection once the server has had what was sent
// on it: acknowledgements are sent without waiting, and a worker that
// exits right after its last ones must not lose them.
func (q *Queue) Close() {
	q.nc.FlushTimeout(10 * time.Second)
	q.nc.Close()
}

// meta is what a message says of its document besides its content.
type meta struct {
	Input     string   `json:"input"`
	Format    string   `json:"format"`
	URL       string   `json:"url,omitempty"`
	Hash      string   `json:"hash"`
	Title     string   `json:"title,omitempty"`
	Published string   `json:"published,omitempty"`
	Source    string   `json:"source,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	Language  string   `json:"language,omitempty"`
}

// Message returns the message that carries d, as read from its source.
func (q *Queue) Message(d *news.Document) (*nats.Msg, error) {
	m := meta{Input: d.Input, Format: string(d.Format), URL: d.URL, Hash: d.Hash, Title: d.Title,
		Source: d.Source, Authors: d.Authors, Language: d.Language}
	if !d.Published.IsZero() {
		m.Published = d.Published.String()
	}
	head, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	msg := nats.NewMsg(q.subject)
	msg.Header.Set(headerDoc, string(head))
	msg.Header.Set(jetstream.MsgIDHeader, string(d.ID))
	msg.Data = d.Raw
	if len(d.Raw) > gzipOver {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(d.Raw)
		if err := zw.Close(); err != nil {
			return nil, err
		}
		msg.Data = b.Bytes()
		msg.Header.Set(headerEncoding, "gzip")
	}
	if size := int64(len(msg.Data) + len(head) + 200); size > q.maxMsg {
		return nil, fmt.Errorf("%w: %s as a message, over the server's limit of %s (its max_payload)",
			ErrTooLarge, byteSize(size), byteSize(q.maxMsg))
	}
	return msg, nil
}

// ErrTooLarge means a document does not fit in one message.
var ErrTooLarge = errors.New("too large for the queue")

// maxRaw bounds a document's content once decompressed: a message whose
// payload inflates past it is refused, not read into memory.
const maxRaw = 64 << 20

// Document reads the document a message carries. The content must be
// what its hash says: a message damaged on the way is an error.
func Document(data []byte, header nats.Header) (*news.Document, error) {
	var m meta
	if err := json.Unmarshal([]byte(header.Get(headerDoc)), &m); err != nil {
		return nil, fmt.Errorf("not a sitrep document message: header %s: %v", headerDoc, err)
	}
	raw := data
	switch enc := header.Get(headerEncoding); enc {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: gzip: %w", m.Input, err)
		}
		if raw, err = io.ReadAll(io.LimitReader(zr, maxRaw+1)); err != nil {
			return nil, fmt.Errorf("%s: gzip: %w", m.Input, err)
		}
		if len(raw) > maxRaw {
			return nil, fmt.Errorf("%s: content over %s", m.Input, byteSize(maxRaw))
		}
	default:
		return nil, fmt.Errorf("%s: unknown encoding %q", m.Input, enc)
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != m.Hash {
		return nil, fmt.Errorf("%s: content does not match its hash: damaged on the way", m.Input)
	}
	switch news.Format(m.Format) {
	case news.FormatHTML, news.FormatText:
	default:
		return nil, fmt.Errorf("%s: unknown format %q", m.Input, m.Format)
	}
	d := news.NewDocument(m.Input, news.Format(m.Format), m.URL, raw)
	d.Title, d.Source, d.Authors, d.Language = m.Title, m.Source, m.Authors, m.Language
	if m.Published != "" {
		p, err := news.ParseDate(m.Published)
		if err != nil {
			return nil, fmt.Errorf("%s: published: %w", m.Input, err)
		}
		d.Published = p
	}
	return d, nil
}

// Fail puts the message on the failed-inputs stream with the reason.
func (q *Queue) Fail(ctx context.Context, data []byte, header nats.Header, reason string) error {
	msg := nats.NewMsg(q.failed)
	for k, v := range header {
		if k != jetstream.MsgIDHeader && !strings.HasPrefix(k, "Nats-") {
			msg.Header[k] = v
		}
	}
	msg.Header.Set(headerError, reason)
	msg.Data = data
	_, err := q.js.PublishMsg(ctx, msg)
	return err
}

// Consumer returns the durable consumer all workers share. A message a
// worker took and neither acknowledged nor refused within the consumer's
// ack wait goes to another: its worker is taken to be dead. ackWait sets
// it, for every worker; zero keeps what the consumer has (DefaultAckWait
// for a new one), so that a worker started without it does not change it
// under the others.
func (q *Queue) Consumer(ctx context.Context, ackWait time.Duration) (jetstream.Consumer, error) {
	if ackWait <= 0 {
		c, err := q.js.Consumer(ctx, q.name, consumerName)
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return nil, fmt.Errorf("queue %s: consumer: %w", q.server, err)
		}
		ackWait = DefaultAckWait
	}
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.name, jetstream.ConsumerConfig{
		Durable:       consumerName,
		Description:   "sitrep workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxDeliver:    -1, // a store that is down is waited for, not given up on
		MaxAckPending: 10_000,
	})
	if err != nil {
		return nil, fmt.Errorf("queue %s: consumer: %w", q.server, err)
	}
	return c, nil
}

// consumerName names the durable consumer the workers share.
const consumerName = "workers"

// DefaultAckWait is a new consumer's ack wait when none is given.
const DefaultAckWait = time.Minute

// AckWait returns c's ack wait as the server has it now: another worker
// may have changed it.
func AckWait(ctx context.Context, c jetstream.Consumer) (time.Duration, error) {
	info, err := c.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.Config.AckWait, nil
}

// Status is what the queue holds.
type Status struct {
	Waiting  int // not yet taken by a worker
	InFlight int // taken, not yet acknowledged
	Failed   int // on the failed-inputs stream
}

// Status reads the queue's counts.
func (q *Queue) Status(ctx context.Context) (Status, error) {
	var st Status
	s, err := q.js.Stream(ctx, q.name)
	if err != nil {
		return st, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return st, err
	}
	st.Waiting = int(info.State.Msgs)
	if c, err := s.Consumer(ctx, consumerName); err == nil {
		ci, err := c.Info(ctx)
		if err != nil {
			return st, err
		}
		st.InFlight = ci.NumAckPending
		st.Waiting = int(ci.NumPending)
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return st, err
	}
	f, err := q.js.Stream(ctx, q.name+"_FAILED")
	if err != nil {
		return st, err
	}
	fi, err := f.Info(ctx)
	if err != nil {
		return st, err
	}
	st.Failed = int(fi.State.Msgs)
	return st, nil
}

// Delete removes the streams and what they hold.
func (q *Queue) Delete(ctx context.Context) error {
	return errors.Join(q.js.DeleteStream(ctx, q.name), q.js.DeleteStream(ctx, q.name+"_FAILED"))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
