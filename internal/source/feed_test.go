package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/fetch"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// feedServer serves an RSS feed of the items added so far, each linking
// to its page, with an ETag that changes when an item is added.
type feedServer struct {
	mu        sync.Mutex
	items     []string // item titles; item i's page is /page/i
	feedHits  int
	fullFeeds int
	pageHits  map[string]int
	down      map[string]bool // pages answering 503
	*httptest.Server
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{pageHits: map[string]int{}, down: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		fs.feedHits++
		etag := fmt.Sprintf(`"%d"`, len(fs.items))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fs.fullFeeds++
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Tigris Wire</title>`)
		for i, title := range fs.items {
			pub := time.Date(2024, 1, 1+i, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z)
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s/page/%d</link><guid>item-%d</guid><pubDate>%s</pubDate><description>Summary of %s.</description></item>`,
				title, fs.URL, i, i, pub, title)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		fs.pageHits[r.URL.Path]++
		if fs.down[r.URL.Path] {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, `<html><body><article><h1>Page %s</h1><p>Rockets struck a base in Anbar on Monday, officials said.</p></article></body></html>`, r.URL.Path)
	})
	fs.Server = httptest.NewServer(mux)
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) add(titles ...string) {
	fs.mu.Lock()
	fs.items = append(fs.items, titles...)
	fs.mu.Unlock()
}

// poll runs one poll, returning the documents, the problems and the new
// state.
func poll(t *testing.T, p Poller, state []byte) ([]*news.Document, []error, []byte) {
	t.Helper()
	var docs []*news.Document
	var errs []error
	next, err := p.Poll(t.Context(), state, func(d *news.Document, err error) error {
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("problem %v is not an *InputError", err)
			}
			errs = append(errs, err)
			return nil
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("poll: %v", err)
	}
	return docs, errs, next
}

func client() *fetch.Client { return fetch.New(fetch.Options{AllowPrivate: true, PerHost: -1}) }

func TestFeedItemsOverTime(t *testing.T) {
	fs := newFeedServer(t)
	f := &Feed{URL: fs.URL + "/feed.xml", Client: client()}
	fs.add("Rockets hit base", "Parliament votes")
	docs, errs, state := poll(t, f, nil)
	if len(docs) != 2 || len(errs) != 0 {
		t.Fatalf("first poll: %d docs, %v", len(docs), errs)
	}
	d := docs[0] // newest first
	if d.Title != "Parliament votes" || d.Source != "Tigris Wire" || d.Format != news.FormatHTML ||
		!strings.Contains(string(d.Raw), "Rockets struck") || d.Published.Time.Day() != 2 {
		t.Errorf("document: %q %q %q %v", d.Title, d.Source, d.Raw, d.Published)
	}
	// Nothing new: the server answers 304 and no page is fetched again.
	docs, _, state = poll(t, f, state)
	if len(docs) != 0 || fs.fullFeeds != 1 || fs.feedHits != 2 {
		t.Fatalf("unchanged feed: %d docs, %d full of %d", len(docs), fs.fullFeeds, fs.feedHits)
	}
	fs.add("Drone strike near Erbil")
	docs, _, _ = poll(t, f, state)
	if len(docs) != 1 || docs[0].Title != "Drone strike near Erbil" {
		t.Fatalf("third poll: %v", docs)
	}
	for p, n := range fs.pageHits {
		if n != 1 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
	// A state that is not ours is an error, not a silent restart.
	if _, err := f.Poll(t.Context(), []byte("{"), func(*news.Document, error) error { return nil }); err == nil {
		t.Error("broken state accepted")
	}
}

func TestFeedPageDownIsRetried(t *testing.T) {
	fs := newFeedServer(t)
	f := &Feed{URL: fs.URL + "/feed.xml", Client: client()}
	fs.add("Rockets hit base")
	fs.down["/page/0"] = true
	// The client leaves a failing host alone, so a second client stands
	// for the next poll an hour later.
	docs, errs, state := poll(t, f, nil)
	if len(docs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "tried again") {
		t.Fatalf("page down: %d docs, %v", len(docs), errs)
	}
	fs.down["/page/0"] = false
	fs.add("Parliament votes") // the feed changes, so it is read whole
	f.Client = client()
	docs, errs, _ = poll(t, f, state)
	if len(docs) != 2 || len(errs) != 0 {
		t.Fatalf("page back: %d docs, %v", len(docs), errs)
	}
}

func TestFeedBadInput(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<rss><channel><item>")) })
	mux.HandleFunc("/notafeed", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello, world")) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/huge.xml", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<rss version="2.0"><channel><title>Huge</title>`)
		for i := range 100_000 {
			fmt.Fprintf(&b, `<item><title>I%d</title><guid>%d</guid><description>T</description></item>`, i, i)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("User-agent: *\nDisallow: /\n")) })
	mux.HandleFunc("/private.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>P</title><item><title>Kept</title><link>http://%s/a</link><description>Its own text.</description></item></channel></rss>`, r.Host)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	for _, path := range []string{"/broken.xml", "/notafeed", "/loop"} {
		f := &Feed{URL: ts.URL + path, Client: client()}
		state := []byte(`{"seen":["x"]}`)
		got, err := f.Poll(t.Context(), state, func(*news.Document, error) error { return nil })
		if err == nil || !strings.Contains(err.Error(), ts.URL+path) || string(got) != string(state) {
			t.Errorf("%s: %v, state %s", path, err, got)
		}
	}
	// 100,000 items: the newest 200 are read and the rest reported.
	f := &Feed{URL: ts.URL + "/huge.xml", Client: client(), ItemsOnly: true}
	docs, errs, state := poll(t, f, nil)
	if len(docs) != 200 || len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("huge feed: %d docs, %v", len(docs), errs)
	}
	if len(state) > 10_000 {
		t.Errorf("huge feed: state of %d bytes", len(state))
	}
	// A page robots.txt keeps us from: the item's own text.
	f = &Feed{URL: ts.URL + "/private.xml", Client: client()}
	docs, _, _ = poll(t, f, nil)
	if len(docs) != 1 || string(docs[0].Raw) != "Its own text." || !strings.Contains(docs[0].Problems[0].Message, "robots.txt") {
		t.Errorf("robots fallback: %q %+v", docs[0].Raw, docs[0].Problems)
	}
}

func FuzzFeed(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><title>T</title><item><title>A</title><guid>1</guid><description>x</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id><title>A</title><content>x</content></entry></feed>`))
	f.Add([]byte(`<rss><channel><item><pubDate>yesterday</pubDate>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
		defer ts.Close()
		fd := &Feed{URL: ts.URL, Client: client(), ItemsOnly: true, MaxItems: 50}
		n := 0
		_, err := fd.Poll(context.Background(), nil, func(d *news.Document, err error) error {
			if d == nil && err == nil {
				t.Fatal("nil document without an error")
			}
			n++
			return nil
		})
		if err == nil && n > 51 {
			t.Fatalf("%d yields from a feed read 50 items at a time", n)
		}
	})
}
