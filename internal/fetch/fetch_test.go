package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

// local returns a client that may reach the test servers on 127.0.0.1.
func local(o Options) *Client {
	o.AllowPrivate = true
	if o.PerHost == 0 {
		o.PerHost = -1 // no spacing unless a test asks for it
	}
	return New(o)
}

func TestRefusesPrivateAddresses(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hi")) }))
	defer ts.Close()
	_, err := New(Options{}).Get(t.Context(), ts.URL, Validators{})
	if !errors.Is(err, ErrPrivate) {
		t.Fatalf("loopback fetched without allow_private: %v", err)
	}
	if _, err := local(Options{}).Get(t.Context(), ts.URL, Validators{}); err != nil {
		t.Fatalf("with allow_private: %v", err)
	}
	for _, a := range []string{"127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.169.254", "::1", "fe80::1",
		"100.64.0.1", "0.0.0.0", "::ffff:127.0.0.1", "fd00::1"} {
		if public(netip.MustParseAddr(a)) {
			t.Errorf("%s counted as public", a)
		}
	}
	for _, a := range []string{"8.8.8.8", "185.199.108.153", "2a00:1450:4001::1"} {
		if !public(netip.MustParseAddr(a)) {
			t.Errorf("%s counted as not public", a)
		}
	}
}

func TestUnsupportedURLs(t *testing.T) {
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/x", "gopher://x", "http://", "::"} {
		if _, err := local(Options{}).Get(t.Context(), u, Validators{}); err == nil {
			t.Errorf("%s fetched", u)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	var hits, full int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full++
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		w.Write([]byte("<rss/>"))
	}))
	defer ts.Close()
	c := local(Options{})
	res, err := c.Get(t.Context(), ts.URL, Validators{})
	if err != nil || string(res.Body) != "<rss/>" || res.Validators.ETag != `"v1"` {
		t.Fatalf("first: %+v %v", res, err)
	}
	again, err := c.Get(t.Context(), ts.URL, res.Validators)
	if err != nil || !again.NotModified || again.Validators != res.Validators {
		t.Fatalf("second: %+v %v", again, err)
	}
	if hits != 2 || full != 1 {
		t.Errorf("%d requests, %d full; want 2, 1", hits, full)
	}
}

func TestBounds(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<p>more</p>"), 1000)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil {
			w.Write([]byte("x"))
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	})
	// 64 MiB of zeros, about 64 KiB on the wire.
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for range 64 {
		zw.Write(zero)
	}
	zw.Close()
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "999999999")
		w.Write([]byte("x"))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := local(Options{MaxBytes: 1 << 20, Timeout: 300 * time.Millisecond})
	for _, tt := range []struct {
		path string
		want error
	}{
		{"/loop", ErrRedirects},
		{"/to-file", ErrUnsupported},
		{"/endless", ErrTooLarge},
		{"/bomb", ErrTooLarge},
		{"/big", ErrTooLarge},
		{"/slow", context.DeadlineExceeded}, // last: a host that times out is left alone
	} {
		_, err := c.Get(t.Context(), ts.URL+tt.path, Validators{})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.path, err, tt.want)
		}
	}
}

func TestRobots(t *testing.T) {
	var robotsHits int
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robotsHits++
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("page")) })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := local(Options{})
	if _, err := c.Page(t.Context(), ts.URL+"/private/a.html"); !errors.Is(err, ErrRobots) {
		t.Errorf("disallowed page: %v", err)
	}
	if res, err := c.Page(t.Context(), ts.URL+"/news/a.html"); err != nil || string(res.Body) != "page" {
		t.Errorf("allowed page: %v", err)
	}
	if _, err := c.Get(t.Context(), ts.URL+"/private/feed.xml", Validators{}); err != nil {
		t.Errorf("a feed the analyst named is not checked against robots.txt: %v", err)
	}
	if robotsHits != 1 {
		t.Errorf("robots.txt read %d times, want once", robotsHits)
	}
	if _, err := local(Options{IgnoreRobots: true}).Page(t.Context(), ts.URL+"/private/a.html"); err != nil {
		t.Errorf("ignore_robots: %v", err)
	}
}

func TestBackoff(t *testing.T) {
	var hits int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Retry-After", "120")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer ts.Close()
	c := local(Options{})
	_, err := c.Get(t.Context(), ts.URL, Validators{})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 503 {
		t.Fatalf("first: %v", err)
	}
	_, err = c.Get(t.Context(), ts.URL+"/other", Validators{})
	if !errors.Is(err, ErrBackingOff) || !strings.Contains(err.Error(), "until") {
		t.Fatalf("second: %v", err)
	}
	if hits != 1 {
		t.Errorf("the failing host was asked %d times, want once", hits)
	}
}

func TestPerHostSpacing(t *testing.T) {
	var mu sync.Mutex
	var at []time.Time
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		mu.Unlock()
	}))
	defer ts.Close()
	c := local(Options{PerHost: 100 * time.Millisecond})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), ts.URL, Validators{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < 90*time.Millisecond {
			t.Errorf("requests %d and %d to one host %v apart, want at least 100ms", i-1, i, gap)
		}
	}
}
