// Package store defines where sitrep keeps its documents: the Store
// interface every backend implements, the queries it answers, and the
// errors it returns. Backends live in subpackages (sqlite now, postgres
// later) and must pass the same conformance tests.
package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

var (
	// ErrNotFound means no document has the requested ID.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous means an ID prefix matches more than one document.
	ErrAmbiguous = errors.New("ambiguous ID prefix")
	// ErrBadCursor means a listing's cursor was not one the store gave.
	ErrBadCursor = errors.New("not a cursor this listing gave")
	// ErrBadRef means a report reference is not "<document>:<index>".
	ErrBadRef = errors.New("want DOCUMENT:INDEX, as sitrep events prints it")
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
	// Split takes the report ref ("<document>:<index>") out of the
	// incident it was merged into, so that it stands alone and never
	// joins that incident again, and returns that incident's ID. It fails
	// when the report was merged with none.
	Split(ctx context.Context, ref string) (string, error)
	// Quantities returns stored amounts that match q, newest first.
	Quantities(ctx context.Context, q QuantityQuery) ([]QuantityHit, error)
	// Stories returns the stories that match q, latest first, each with
	// its member documents in order of publication.
	Stories(ctx context.Context, q StoryQuery) ([]StoryHit, error)
	// Timeline counts the events q selects by period and type, in order
	// of period then type.
	Timeline(ctx context.Context, q TimelineQuery) ([]TimelineCount, error)
	// Actors summarises the actors of the events q selects.
	Actors(ctx context.Context, q ActorQuery) (Actors, error)
	// Stats describes what the store holds.
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// A Query asks for documents by their words.
type Query struct {
	// Text is what the user typed: words (all must match), "quoted
	// phrases", OR between alternatives, -word to exclude, and word* for
	// a prefix. Punctuation inside words ("al-Asad", "U.S.") is fine.
	Text   string
	Limit  int // at most this many hits; 10 when zero
	Offset int // skip this many of the best first
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
	// Stories, and those of more than one document.
	Stories, StoriesShared int
	// Events counts the events coded, a document's report each;
	// Incidents the real-world events they are once merged.
	Events, Incidents int
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
	// Place is part of the name of the event's place, its governorate or
	// its country code ("Anbar", "Ain al-Asad", "SYR"), any case.
	Place string
	// Text keeps the events of documents that match it, in Query.Text's
	// syntax.
	Text   string
	Placed bool // only events with a place, for maps
	// After continues a listing: the Cursor of the last hit of the
	// previous page. An incident listed on an earlier page is not listed
	// again.
	After string
	// Reports lists every document's report of an event on its own;
	// otherwise the reports of one incident (one real-world event) are
	// one hit, with all of them as its Evidence. With Doc, every report
	// is listed.
	Reports bool
	// Brief leaves out each hit's incident (Reports, Sources, Evidence
	// stay empty): a map of a thousand events needs where and what, not
	// every report behind each.
	Brief bool
	// Counted, with Brief, still counts each incident's Reports and
	// Sources (not its Evidence): enough to rank a period's events.
	Counted bool
	// Incident keeps only the reports of this incident (its ID, as
	// EventHit.Incident gives it).
	Incident string
	// ReportedSince and ReportedUntil keep the events reported (their
	// document published) on or after, and on or before, these days,
	// whatever day the events are dated: a plan announced this week for
	// next month.
	ReportedSince, ReportedUntil time.Time
	Limit                        int // 100 when zero
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

// An EventHit is one stored event with the document behind it: an
// incident's earliest report, or with EventQuery.Reports any report.
type EventHit struct {
	Doc       news.ID
	Index     int // the event's position in the document's events
	Title     string
	Source    string
	URL       string
	Published news.Date
	Event     news.EventRecord
	// Incident is the ID of the real-world event it reports
	// ("<document>:<index>" of its first report); Reports and Sources
	// count its reports and the outlets behind them, and Evidence lists
	// the reports, earliest published first (the first 100). A report
	// that merged with none is an incident of its own, its one piece of
	// evidence.
	Incident string
	Reports  int
	Sources  int
	Evidence []Evidence
	// Cursor is where this hit stands in the listing: EventQuery.After
	// continues after it.
	Cursor string
}

// A TimelineQuery counts the events an EventQuery selects (its Limit,
// After and Reports aside) by period and type.
type TimelineQuery struct {
	EventQuery
	Interval string // "day" (the default), "week" (weeks start on Monday) or "month"
}

// A TimelineCount is how many real-world events of one type fall in one
// period: an incident counts once, in the period its first report dates
// it; with an actor, place, words or placement filter, once in each
// period a matching report dates it.
type TimelineCount struct {
	Period string // YYYY-MM-DD: the day, the Monday of the week, or the month's first day
	Type   string
	Events int
}

// An ActorQuery summarises who acts on whom among the events an
// EventQuery selects.
type ActorQuery struct {
	EventQuery
	Interval string // of the activity series: "day" or "week" (the default)
	Top      int    // actors and links returned, the most active first; 20 when zero
}

// Actors is what an ActorQuery finds: the most active actors with their
// activity over time, and the links from sources to targets.
type Actors struct {
	Actors []ActorActivity
	Links  []ActorLink
	// Events is how many events were read; Truncated is set when the
	// query selected more than the store reads for one summary.
	Events    int
	Truncated bool
}

// ActorActivity is one actor's events, as source or target, by period.
type ActorActivity struct {
	Code, Name string
	Events     int
	AsSource   int
	AsTarget   int
	Series     []PeriodCount
}

// A PeriodCount is a number of events in one period (YYYY-MM-DD).
type PeriodCount struct {
	Period string
	Events int
}

// An ActorLink counts the events in which Source acted on Target.
type ActorLink struct {
	Source, Target         string // codes
	SourceName, TargetName string
	Events                 int
}

// Evidence is one document's report of an incident.
type Evidence struct {
	Doc       news.ID
	Index     int
	Title     string
	Source    string
	URL       string
	Published news.Date
	Sentence  string
	Trigger   string
	Modality  news.Modality
	Why       string // why it joined the incident; "" for the first report
}

// A QuantityQuery selects amounts. Zero fields select everything.
type QuantityQuery struct {
	Doc    news.ID           // only this document's amounts
	Unit   string            // what is counted, as the quantity stage writes it: "troops", "killed", "km"
	Role   news.QuantityRole // only amounts that measure an event so: size, fatalities, injured
	Min    float64           // value at least this
	Since  time.Time         // published on or after this day
	Until  time.Time         // published on or before this day
	Limit  int               // 100 when zero
	Offset int               // skip this many of the newest first
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

// A StoryQuery selects stories. Zero fields select everything.
type StoryQuery struct {
	ID      string    // only this story
	Since   time.Time // with a member published on or after this day
	Until   time.Time // with a member published on or before this day
	MinSize int       // with at least this many documents
	Limit   int       // 50 when zero
	Offset  int       // skip this many of the latest first
}

// A StoryHit is one story with its documents.
type StoryHit struct {
	ID          string
	Title       string    // the earliest published member's
	First, Last time.Time // its members' publication times; zero when none is dated
	Size        int       // documents
	Sources     int       // distinct outlets among them
	Members     []StoryMember
}

// A StoryMember is one document of a story.
type StoryMember struct {
	Doc         news.ID
	Title       string
	Source      string
	URL         string
	Published   news.Date
	DuplicateOf news.ID // the earlier document it copies, if any
}

// ParseRef reads a reference to one document's report of an event,
// "<document>:<index>", as sitrep events prints it and incidents are
// named.
func ParseRef(ref string) (news.ID, int, error) {
	doc, idx, ok := strings.Cut(strings.TrimSpace(ref), ":")
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || doc == "" || i < 0 {
		return "", 0, fmt.Errorf("event %q: %w", ref, ErrBadRef)
	}
	return news.ID(strings.ToLower(doc)), i, nil
}

// A Ref names one event report: the document and the event's index in it.
type Ref struct {
	Doc   news.ID
	Index int
}

func (r Ref) String() string { return fmt.Sprintf("%s:%d", r.Doc, r.Index) }

// A Delivery is an alert owed to a notifier.
type Delivery struct {
	ID        int64
	Notifier  string
	Rule      string
	Subject   string
	Version   int
	Payload   []byte
	Attempts  int    // failed tries so far
	LastError string // why the last try failed
}
