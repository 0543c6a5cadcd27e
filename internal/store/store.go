// Package store defines where sitrep keeps its documents: the Store
// interface every backend implements, the queries it answers, and the
// errors it returns. Backends live in subpackages (sqlite now, postgres
// later) and must pass the same conformance tests.
package store

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

var (
	// ErrNotFound means no document has the requested ID.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous means an ID prefix matches more than one document.
	ErrAmbiguous = errors.New("ambiguous ID prefix")
)

// A Store keeps documents and answers queries over them. All methods are
// safe for concurrent use.
type Store interface {
	// Put stores each document whole, or not at all, and reports for each
	// whether it was added (true) or was already stored (false): a
	// document is identified by its ID, derived from its URL and raw
	// content, so putting the same input twice adds nothing. When Put
	// returns an error, none of docs is stored.
	Put(ctx context.Context, docs []*news.Document) (added []bool, err error)
	// Get returns the document with the given ID, or the only one whose ID
	// starts with it (at least 4 characters); ErrNotFound or ErrAmbiguous
	// otherwise. The document's Raw content is not kept.
	Get(ctx context.Context, id string) (*news.Document, error)
	// Search returns the documents that match q, best first.
	Search(ctx context.Context, q Query) ([]Hit, error)
	// Events returns stored events that match q, newest first.
	Events(ctx context.Context, q EventQuery) ([]EventHit, error)
	// Quantities returns stored amounts that match q, newest first.
	Quantities(ctx context.Context, q QuantityQuery) ([]QuantityHit, error)
	// Stats describes what the store holds.
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// A Query asks for documents by their words.
type Query struct {
	// Text is what the user typed: words (all must match), "quoted
	// phrases", OR between alternatives, -word to exclude, and word* for
	// a prefix. Punctuation inside words ("al-Asad", "U.S.") is fine.
	Text  string
	Limit int // at most this many hits; 10 when zero
}

// A Hit is one search result.
type Hit struct {
	Doc     *news.Document // without Text, to keep results light
	Snippet string         // matching words marked with **, as in Markdown
	Score   float64        // higher is better
}

// Stats is a summary of a store's contents.
type Stats struct {
	Documents    int
	Sources      []Count // by number of documents, largest first
	Languages    []Count
	First, Last  time.Time // earliest and latest publication dates; zero when none
	WithoutDate  int
	WithProblems int
	Copies       int // documents that copy an earlier one (duplicate_of)
}

// A Count is how many documents share one value.
type Count struct {
	Value string
	N     int
}

// An EventQuery selects events. Zero fields select everything.
type EventQuery struct {
	Doc      news.ID       // only this document's events
	Type     string        // PLOVER type, e.g. "ASSAULT"
	Actor    string        // a code prefix ("IRQ", "USAMIL") or part of a name ("kataib"), source or target
	Modality news.Modality // e.g. news.Asserted
	Since    time.Time     // happened on or after this day: the event's dated period, else its publication day
	Until    time.Time     // happened on or before this day
	Near     *Circle       // placed within this circle
	Limit    int           // 100 when zero
}

// A Circle is a place and a radius, for map queries.
type Circle struct {
	Lat, Lon, Km float64
}

// Distance returns the great-circle distance in km from the circle's
// centre to lat, lon.
func (c Circle) Distance(lat, lon float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat-c.Lat)*rad, (lon-c.Lon)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(c.Lat*rad)*math.Cos(lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// An EventHit is one stored event with the document behind it.
type EventHit struct {
	Doc       news.ID
	Title     string
	Source    string
	URL       string
	Published news.Date
	Event     news.EventRecord
}

// A QuantityQuery selects amounts. Zero fields select everything.
type QuantityQuery struct {
	Doc   news.ID           // only this document's amounts
	Unit  string            // what is counted, as the quantity stage writes it: "troops", "killed", "km"
	Role  news.QuantityRole // only amounts that measure an event so: size, fatalities, injured
	Min   float64           // value at least this
	Since time.Time         // published on or after this day
	Until time.Time         // published on or before this day
	Limit int               // 100 when zero
}

// A QuantityHit is one stored amount with the document behind it.
type QuantityHit struct {
	Doc       news.ID
	Title     string
	Source    string
	URL       string
	Published news.Date
	EventType string // the PLOVER type of the event it measures, if any
	Quantity  news.QuantityRecord
}
