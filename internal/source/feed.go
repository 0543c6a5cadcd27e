package source

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/sitrep-dev/sitrep/internal/fetch"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// A Poller is a source read again and again: a feed, a folder, a growing
// archive. Poll reads what is new since state (what an earlier Poll
// returned; nil the first time) and returns the state to keep once what
// it yielded is stored, so that a restart neither misses nor repeats.
// Problems with one input go to yield as *InputError, as with Source; an
// error returned means the poll as a whole failed (the feed could not be
// fetched) and the state to keep is the one given.
type Poller interface {
	Poll(ctx context.Context, state []byte, yield func(*news.Document, error) error) ([]byte, error)
}

// Feed polls an RSS or Atom feed and reads the pages its new items link
// to, falling back to the item's own content when the page cannot be had.
type Feed struct {
	URL    string
	Name   string // the outlet documents are from; the feed's title when empty
	Client *fetch.Client
	// ItemsOnly reads each item's own content instead of its page: for
	// feeds that carry whole articles.
	ItemsOnly bool
	// MaxItems bounds the items read in one poll, newest first; 200 when
	// zero. A feed of 100,000 items is read a page's worth at a time.
	MaxItems int
	// Now is the clock, for items with no date; time.Now when nil.
	Now func() time.Time
}

var _ Poller = (*Feed)(nil)

// feedState is what a Feed keeps between polls.
type feedState struct {
	Validators fetch.Validators `json:"validators"`
	// Seen are the keys of the items read that were in the feed at the
	// last poll: bounded by the feed's length, not by time.
	Seen []string `json:"seen"`
}

// Poll implements Poller.
func (f *Feed) Poll(ctx context.Context, state []byte, yield func(*news.Document, error) error) ([]byte, error) {
	var st feedState
	if len(state) > 0 {
		if err := json.Unmarshal(state, &st); err != nil {
			return state, fmt.Errorf("feed %s: stored state: %w", f.URL, err)
		}
	}
	res, err := f.Client.Get(ctx, f.URL, st.Validators)
	if err != nil {
		return state, fmt.Errorf("feed %w", err) // the error names the URL
	}
	if res.NotModified {
		return state, nil
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.Body))
	if err != nil {
		return state, fmt.Errorf("feed %s: %w: %v", f.URL, ErrFormat, err)
	}
	items := newestFirst(feed.Items)
	limit := cmp.Or(f.MaxItems, 200)
	if len(items) > limit {
		if err := yield(nil, inputErr(f.URL, fmt.Errorf("%w: %d items; the newest %d are read", ErrTooLarge, len(items), limit))); err != nil {
			return state, err
		}
		items = items[:limit]
	}
	seen := map[string]bool{}
	for _, k := range st.Seen {
		seen[k] = true
	}
	next := feedState{Validators: res.Validators}
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return state, err
		}
		key := itemKey(it)
		if seen[key] {
			next.Seen = append(next.Seen, key)
			continue
		}
		doc, retry, err := f.document(ctx, feed, it)
		if retry {
			// Not marked seen: read again at the next poll.
			if err := yield(nil, inputErr(itemName(f.URL, it), fmt.Errorf("%w; tried again at the next poll", err))); err != nil {
				return state, err
			}
			continue
		}
		next.Seen = append(next.Seen, key)
		if err != nil {
			err = inputErr(itemName(f.URL, it), err)
		}
		if err := yield(doc, err); err != nil {
			return state, err
		}
	}
	out, err := json.Marshal(next)
	if err != nil {
		return state, err
	}
	return out, nil
}

// newestFirst sorts items by date, newest first; undated items keep
// their place after the dated ones.
func newestFirst(items []*gofeed.Item) []*gofeed.Item {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b *gofeed.Item) int {
		ta, tb := itemTime(a), itemTime(b)
		switch {
		case ta == nil && tb == nil:
			return 0
		case ta == nil:
			return 1
		case tb == nil:
			return -1
		}
		return tb.Compare(*ta)
	})
	return out
}

func itemTime(it *gofeed.Item) *time.Time {
	if it.PublishedParsed != nil {
		return it.PublishedParsed
	}
	return it.UpdatedParsed
}

// itemKey identifies an item across polls: its GUID, else its link, else
// a hash of its title and content.
func itemKey(it *gofeed.Item) string {
	if g := strings.TrimSpace(it.GUID); g != "" {
		return "g:" + g
	}
	if l := strings.TrimSpace(it.Link); l != "" {
		return "l:" + l
	}
	h := sha256.Sum256([]byte(it.Title + "\x00" + it.Description + "\x00" + it.Content))
	return "h:" + hex.EncodeToString(h[:12])
}

func itemName(feedURL string, it *gofeed.Item) string {
	if it.Link != "" {
		return it.Link
	}
	return feedURL + "#" + cmp.Or(it.GUID, it.Title)
}

// document makes the document of one item: its page, or its own content.
// retry is true when the page failed for a reason that may pass (the host
// is down or backing off) and the item has no content to fall back on.
func (f *Feed) document(ctx context.Context, feed *gofeed.Feed, it *gofeed.Item) (doc *news.Document, retry bool, err error) {
	name := itemName(f.URL, it)
	link := strings.TrimSpace(it.Link)
	own := cmp.Or(strings.TrimSpace(it.Content), strings.TrimSpace(it.Description))
	var pageErr error
	if !f.ItemsOnly && link != "" {
		res, err := f.Client.Page(ctx, link)
		if err == nil {
			doc = news.NewDocument(name, news.FormatHTML, res.URL, res.Body)
		} else {
			pageErr = err
		}
	}
	if doc == nil {
		if own == "" {
			if pageErr != nil {
				return nil, fetch.Transient(pageErr), fmt.Errorf("page: %w", pageErr)
			}
			return nil, false, ErrEmpty
		}
		doc = news.NewDocument(name, news.FormatHTML, link, []byte(own))
		if pageErr != nil {
			doc.Problemf("source", "page not read (%v); the feed item's own text is used", pageErr)
		}
	}
	if pageErr != nil && fetch.Transient(pageErr) && len(own) < 500 {
		// A summary of a page that may come back later: wait for the page.
		return nil, true, fmt.Errorf("page: %w", pageErr)
	}
	doc.Title = strings.TrimSpace(it.Title)
	doc.Source = cmp.Or(f.Name, strings.TrimSpace(feed.Title), f.URL)
	for _, a := range it.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			doc.Authors = append(doc.Authors, strings.TrimSpace(a.Name))
		}
	}
	if t := itemTime(it); t != nil {
		doc.Published = news.Instant(t.UTC())
	} else {
		now := time.Now
		if f.Now != nil {
			now = f.Now
		}
		doc.Published = news.Instant(now().UTC())
		doc.Problemf("source", "the feed gives the item no date; the time it was read is used")
	}
	return doc, false, nil
}
