// Package fetch gets feeds and pages from the web for sitrep watch:
// politely (requests to one host spaced out, robots.txt obeyed for pages,
// a host that fails or asks us to slow down left alone for a while) and
// safely (private, loopback and link-local addresses refused unless
// allowed, bodies capped after decompression, every request bounded in
// time, redirects bounded in number).
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
)

// Options configure a Client; zero values take the defaults.
type Options struct {
	UserAgent    string        // default "sitrep/1 (+https://github.com/sitrep-dev/sitrep)"
	Timeout      time.Duration // whole request, body included; default 30s
	MaxBytes     int64         // body limit after decompression; default 8 MiB
	MaxRedirects int           // default 5
	PerHost      time.Duration // least time between two requests to one host; default 1s
	// AllowPrivate lets requests reach loopback, private, link-local and
	// other non-public addresses: a feed on the analyst's own network.
	AllowPrivate bool
	// IgnoreRobots skips robots.txt for pages (feeds are fetched because
	// the analyst named them, and never check it).
	IgnoreRobots bool
	// MaxBackoff bounds how long a failing host is left alone; default 1h.
	MaxBackoff time.Duration
}

// Errors a fetch can fail with, besides the network's; test with
// errors.Is.
var (
	ErrPrivate     = errors.New("address is not public (set allow_private to fetch it)")
	ErrTooLarge    = errors.New("body over the size limit")
	ErrRedirects   = errors.New("too many redirects")
	ErrRobots      = errors.New("disallowed by robots.txt")
	ErrBackingOff  = errors.New("host is failing; backing off")
	ErrUnsupported = errors.New("not an http or https URL")
)

// A StatusError is a response other than 200 or 304.
type StatusError struct{ Code int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Validators are what a server said identifies the version it sent: sent
// back, they let it answer 304 Not Modified.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// A Response is a fetched body.
type Response struct {
	URL         string // after redirects
	Status      int    // 200, or 304 with NotModified
	NotModified bool
	Body        []byte
	ContentType string
	Validators  Validators
}

// A Client fetches; it is safe for concurrent use.
type Client struct {
	opts Options
	http *http.Client

	mu     sync.Mutex
	hosts  map[string]*host
	robots map[string]*robots
}

// host is what the client remembers of one host.
type host struct {
	next     time.Time // no request before this
	failures int
	until    time.Time // backing off until this
	gate     chan struct{}
}

type robots struct {
	data    *robotstxt.RobotsData
	expires time.Time
}

// New returns a client with o's settings.
func New(o Options) *Client {
	if o.UserAgent == "" {
		o.UserAgent = "sitrep/1 (+https://github.com/sitrep-dev/sitrep)"
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 8 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.PerHost < 0 {
		o.PerHost = 0
	} else if o.PerHost == 0 {
		o.PerHost = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Hour
	}
	c := &Client{opts: o, hosts: map[string]*host{}, robots: map[string]*robots{}}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		// Checked on the address dialled, after DNS and on every
		// redirect: a public name that resolves to 127.0.0.1 is refused.
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			if !public(ap.Addr()) {
				return fmt.Errorf("%s: %w", ap.Addr(), ErrPrivate)
			}
			return nil
		}
	}
	c.http = &http.Client{
		Transport: &http.Transport{
			// No proxy from the environment: the address check above is
			// on what is dialled, and a proxy would hide it.
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: o.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return fmt.Errorf("%w (over %d)", ErrRedirects, o.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: %w", req.URL, ErrUnsupported)
			}
			return nil
		},
	}
	return c
}

// Transient reports whether a fetch that failed with err may succeed if
// tried later: the host is down, slow, or asks us to slow down (429,
// 5xx). What the URL or our own limits cause (a refused address, a body
// too large, robots.txt, a redirect loop) will not pass.
func Transient(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == http.StatusTooManyRequests || se.Code >= 500
	}
	return !errors.Is(err, ErrRobots) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrPrivate) &&
		!errors.Is(err, ErrRedirects) && !errors.Is(err, ErrUnsupported)
}

// cgnat is the shared address space carriers put behind NAT (RFC 6598).
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// public reports whether a is an address on the public internet.
func public(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsValid() && !a.IsLoopback() && !a.IsPrivate() && !a.IsLinkLocalUnicast() &&
		!a.IsLinkLocalMulticast() && !a.IsInterfaceLocalMulticast() && !a.IsMulticast() &&
		!a.IsUnspecified() && !cgnat.Contains(a)
}

// Get fetches a feed or any URL the analyst named, asking only for a
// newer version than v's when v is set.
func (c *Client) Get(ctx context.Context, rawURL string, v Validators) (*Response, error) {
	return c.get(ctx, rawURL, v)
}

// Page fetches a page a feed links to: as Get, but only where the
// site's robots.txt lets us.
func (c *Client) Page(ctx context.Context, rawURL string) (*Response, error) {
	if !c.opts.IgnoreRobots {
		ok, err := c.allowed(ctx, rawURL)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%s: %w", rawURL, ErrRobots)
		}
	}
	return c.get(ctx, rawURL, Validators{})
}

func (c *Client) get(ctx context.Context, rawURL string, v Validators) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%q: %w", rawURL, ErrUnsupported)
	}
	h, err := c.wait(ctx, u.Host)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	defer func() { <-h.gate }()
	res, retryAfter, err := c.do(ctx, u.String(), v)
	c.done(h, err, retryAfter)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	return res, nil
}

// wait takes the host's turn: it returns once no other request to the
// host is under way and its spacing has passed, or at once with
// ErrBackingOff while the host is failing. The caller releases h.gate.
func (c *Client) wait(ctx context.Context, name string) (*host, error) {
	c.mu.Lock()
	h := c.hosts[name]
	if h == nil {
		h = &host{gate: make(chan struct{}, 1)}
		c.hosts[name] = h
	}
	c.mu.Unlock()
	select {
	case h.gate <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	now := time.Now()
	until, next := h.until, h.next
	c.mu.Unlock()
	if now.Before(until) {
		<-h.gate
		return nil, fmt.Errorf("%w until %s", ErrBackingOff, until.UTC().Format(time.RFC3339))
	}
	if d := next.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-h.gate
			return nil, ctx.Err()
		}
	}
	return h, nil
}

// done records how a request to h went: a failure (a network error, 429
// or a 5xx) doubles the time the host is left alone, from a minute up to
// MaxBackoff, or takes the server's Retry-After; a success clears it.
func (c *Client) done(h *host, err error, retryAfter time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	h.next = now.Add(c.opts.PerHost)
	// Our own cancelling is not the host failing either.
	if err == nil || !Transient(err) || errors.Is(err, context.Canceled) {
		h.failures = 0
		h.until = time.Time{}
		return
	}
	h.failures++
	d := min(time.Minute<<min(h.failures-1, 20), c.opts.MaxBackoff)
	if retryAfter > 0 {
		d = min(retryAfter, c.opts.MaxBackoff)
	}
	h.until = now.Add(d)
}

// do makes one request and reads its body up to the limit.
func (c *Client) do(ctx context.Context, u string, v Validators) (*Response, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	res, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is named once, by get
		}
		return nil, 0, err
	}
	defer res.Body.Close()
	out := &Response{URL: res.Request.URL.String(), Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"),
		Validators: Validators{ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")}}
	switch {
	case res.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Validators = v
		return out, 0, nil
	case res.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		return nil, retryAfter(res.Header.Get("Retry-After")), &StatusError{Code: res.StatusCode}
	}
	if res.ContentLength > c.opts.MaxBytes {
		return nil, 0, fmt.Errorf("%w: %d bytes declared, limit %d", ErrTooLarge, res.ContentLength, c.opts.MaxBytes)
	}
	// The transport has undone gzip by now: the limit is on what we hold.
	body, err := io.ReadAll(io.LimitReader(res.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, 0, fmt.Errorf("%w of %d bytes", ErrTooLarge, c.opts.MaxBytes)
	}
	out.Body = body
	return out, 0, nil
}

// retryAfter reads a Retry-After header in seconds or as a date.
func retryAfter(s string) time.Duration {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(s); err == nil {
		return time.Until(t)
	}
	return 0
}

// allowed reports whether robots.txt lets our user agent fetch rawURL;
// a site's rules are kept for a day.
func (c *Client) allowed(ctx context.Context, rawURL string) (bool, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false, fmt.Errorf("%q: %w", rawURL, err)
	}
	site := u.Scheme + "://" + u.Host
	c.mu.Lock()
	r := c.robots[site]
	c.mu.Unlock()
	if r == nil || time.Now().After(r.expires) {
		status, body := 0, []byte(nil)
		res, err := c.get(ctx, site+"/robots.txt", Validators{})
		var se *StatusError
		switch {
		case err == nil:
			status, body = res.Status, res.Body
		case errors.As(err, &se):
			status = se.Code // 4xx: no rules; 5xx: the whole site is off limits for now
		default:
			return false, err
		}
		data, err := robotstxt.FromStatusAndBytes(status, body)
		if err != nil {
			data, _ = robotstxt.FromStatusAndBytes(404, nil) // unreadable rules are no rules
		}
		r = &robots{data: data, expires: time.Now().Add(24 * time.Hour)}
		c.mu.Lock()
		c.robots[site] = r
		c.mu.Unlock()
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if path == "" {
		path = "/"
	}
	return r.data.TestAgent(path, c.opts.UserAgent), nil
}
