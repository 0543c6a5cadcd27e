package watch

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/store"
)

// An Alert is what notifiers are told (docs/watch.md).
type Alert struct {
	ID      string `json:"id"` // rule "/" subject: the same across versions
	Rule    string `json:"rule"`
	Kind    string `json:"kind"` // "event", "story" or "spike"
	Subject string `json:"subject"`
	// Version is 1 when the alert is first raised and one more each time
	// it is raised again because it grew (more outlets, more events).
	Version int       `json:"version"`
	Raised  time.Time `json:"raised"`
	Summary string    `json:"summary"` // one line, for people
	// Event is the report that matched, with its incident's evidence.
	Event *store.EventHitRecord `json:"event,omitempty"`
	// Story is the development an alert per story stands for; Event is
	// then its report that matched last.
	Story *Story `json:"story,omitempty"`
	Spike *Spike `json:"spike,omitempty"`
}

// A Story is what an alert per story says of its story.
type Story struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Documents int    `json:"documents"`
	Outlets   int    `json:"outlets"`
}

// A Spike is a count rule's finding.
type Spike struct {
	Query     string  `json:"query"`
	Period    string  `json:"period"` // day or week
	Start     string  `json:"start"`  // the period counted: its first day
	Count     int     `json:"count"`
	Mean      float64 `json:"baseline_mean"`
	SD        float64 `json:"baseline_sd"`
	Threshold float64 `json:"threshold"`
	Baseline  []int   `json:"baseline"` // the earlier periods' counts, oldest first
}

// A Notifier delivers alerts. Notify returns nil only once the alert is
// delivered; an error means it should be tried again later.
type Notifier interface {
	Notify(ctx context.Context, d store.Delivery) error
}

// SignatureHeader carries a webhook body's HMAC-SHA256 under the
// notifier's secret, hex, as "sha256=<hex>".
const SignatureHeader = "X-Sitrep-Signature"

// DeliveryHeader carries "<alert id>#<version>": the same on every retry
// of one delivery, so a receiver can drop a repeat.
const DeliveryHeader = "X-Sitrep-Delivery"

// Sign returns the signature header's value for body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether header is body's signature under secret, in
// constant time: what a receiver runs.
func Verify(secret, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// webhook posts alerts as JSON, or as Slack-compatible messages.
type webhook struct {
	url    string
	secret []byte
	slack  bool
	client *http.Client
}

func (w *webhook) Notify(ctx context.Context, d store.Delivery) error {
	body := d.Payload
	if w.slack {
		var a Alert
		if err := json.Unmarshal(d.Payload, &a); err != nil {
			return fmt.Errorf("alert %s: %w", d.Subject, err)
		}
		body, _ = json.Marshal(map[string]string{"text": slackText(a)})
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sitrep-watch/1")
	req.Header.Set(DeliveryHeader, d.Rule+"/"+d.Subject+"#"+strconv.Itoa(d.Version))
	if len(w.secret) > 0 {
		req.Header.Set(SignatureHeader, Sign(w.secret, body))
	}
	res, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered HTTP %d", res.StatusCode)
	}
	return nil
}

// slackText is an alert as one Slack message: its summary, what changed,
// and where to read it.
func slackText(a Alert) string {
	var b strings.Builder
	if a.Version > 1 {
		fmt.Fprintf(&b, "*Update (%d)* ", a.Version)
	}
	fmt.Fprintf(&b, "*%s*: %s", a.Rule, a.Summary)
	if a.Event != nil {
		for i, e := range a.Event.Evidence {
			if i == 5 {
				fmt.Fprintf(&b, "\n… and %d more", len(a.Event.Evidence)-5)
				break
			}
			if e.URL != "" {
				fmt.Fprintf(&b, "\n• <%s|%s> (%s)", e.URL, e.Title, e.Source)
			} else {
				fmt.Fprintf(&b, "\n• %s (%s)", e.Title, e.Source)
			}
		}
	}
	return b.String()
}

// lineWriter writes each alert as one JSON line: to standard output, or
// appended to a file and synced before Notify returns.
type lineWriter struct {
	mu   sync.Mutex
	w    io.Writer
	path string
}

func (l *lineWriter) Notify(ctx context.Context, d store.Delivery) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	line := append(bytes.TrimSpace(d.Payload), '\n')
	if l.path == "" {
		_, err := l.w.Write(line)
		return err
	}
	f, err := os.OpenFile(l.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// newNotifier makes the notifier c describes; stdout is where stdout
// notifiers write.
func newNotifier(c NotifierConf, stdout io.Writer) Notifier {
	switch {
	case c.Webhook != "":
		return &webhook{url: c.Webhook, secret: c.secret, slack: c.Format == "slack",
			client: &http.Client{Timeout: 15 * time.Second}}
	case c.File != "":
		return &lineWriter{path: c.File}
	}
	return &lineWriter{w: stdout}
}

// retryAfter is how long a delivery that failed attempts times waits:
// 10 s, doubling, at most an hour.
func retryAfter(attempts int) time.Duration {
	return min(10*time.Second<<min(attempts, 12), time.Hour)
}
