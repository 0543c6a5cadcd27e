package store

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// The records below are query results as sitrep writes them out: the
// command line's JSON and the HTTP API share them (docs/json.md).

// An EventHitRecord is one event: the report shown, then the incident it
// belongs to. (The record's own "sources" are its source actors; the
// outlets are source_count.)
type EventHitRecord struct {
	Document  news.ID   `json:"document"`
	Index     int       `json:"index"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Published news.Date `json:"published"`
	news.EventRecord
	Incident      string           `json:"incident"`
	Reports       int              `json:"reports"`
	SourceCount   int              `json:"source_count"`
	FirstReported news.Date        `json:"first_reported"`
	Evidence      []EvidenceRecord `json:"evidence"`
}

// An EvidenceRecord is one document's report of an incident.
type EvidenceRecord struct {
	Document  news.ID       `json:"document"`
	Index     int           `json:"index"`
	Source    string        `json:"source"`
	Title     string        `json:"title"`
	URL       string        `json:"url"`
	Published news.Date     `json:"published"`
	Sentence  string        `json:"sentence"`
	Trigger   string        `json:"trigger"`
	Modality  news.Modality `json:"modality"`
	Why       string        `json:"why,omitempty"`
}

// Record returns h in its output shape.
func (h EventHit) Record() EventHitRecord {
	r := EventHitRecord{Document: h.Doc, Index: h.Index, Title: h.Title, Source: h.Source, URL: h.URL, Published: h.Published,
		EventRecord: h.Event, Incident: h.Incident, Reports: h.Reports, SourceCount: h.Sources, Evidence: []EvidenceRecord{}}
	for _, e := range h.Evidence {
		if !e.Published.IsZero() && (r.FirstReported.IsZero() || e.Published.Time.Before(r.FirstReported.Time)) {
			r.FirstReported = e.Published
		}
		r.Evidence = append(r.Evidence, EvidenceRecord{e.Doc, e.Index, e.Source, e.Title, e.URL, e.Published, e.Sentence, e.Trigger, e.Modality, e.Why})
	}
	return r
}

// A StoryRecord is one story with its documents.
type StoryRecord struct {
	ID      string         `json:"id"`
	Title   string         `json:"title"`
	First   *time.Time     `json:"first_seen,omitempty"`
	Last    *time.Time     `json:"last_seen,omitempty"`
	Size    int            `json:"documents"`
	Sources int            `json:"sources"`
	Members []MemberRecord `json:"members"`
}

// A MemberRecord is one document of a story.
type MemberRecord struct {
	Doc         string `json:"id"`
	Title       string `json:"title,omitempty"`
	Source      string `json:"source,omitempty"`
	URL         string `json:"url,omitempty"`
	Published   string `json:"published,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Record returns h in its output shape.
func (h StoryHit) Record() StoryRecord {
	r := StoryRecord{ID: h.ID, Title: h.Title, Size: h.Size, Sources: h.Sources, Members: []MemberRecord{}}
	if !h.First.IsZero() {
		r.First, r.Last = &h.First, &h.Last
	}
	for _, m := range h.Members {
		r.Members = append(r.Members, MemberRecord{string(m.Doc), m.Title, m.Source, m.URL, m.Published.String(), string(m.DuplicateOf)})
	}
	return r
}

// A QuantityHitRecord is one amount with the document behind it.
type QuantityHitRecord struct {
	Document  news.ID   `json:"document"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Published news.Date `json:"published"`
	EventType *string   `json:"event_type"`
	news.QuantityRecord
}

// Record returns h in its output shape.
func (h QuantityHit) Record() QuantityHitRecord {
	var et *string
	if h.EventType != "" {
		et = &h.EventType
	}
	return QuantityHitRecord{h.Doc, h.Title, h.Source, h.URL, h.Published, et, h.Quantity}
}

// A HitRecord is one search result.
type HitRecord struct {
	ID        news.ID   `json:"id"`
	Title     *string   `json:"title"`
	Published news.Date `json:"published"`
	Source    *string   `json:"source"`
	URL       *string   `json:"url"`
	Score     float64   `json:"score"`
	Snippet   string    `json:"snippet"` // matches between ** and **
}

// Record returns h in its output shape.
func (h Hit) Record() HitRecord {
	r := h.Doc.Record()
	return HitRecord{ID: r.ID, Title: r.Title, Published: r.Published, Source: r.Source, URL: r.URL, Score: h.Score, Snippet: h.Snippet}
}

// Summary is the event in one line: what, who against whom, where, when,
// and how many outlets and reports are behind it.
func (e EventHitRecord) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)", e.Type, e.Modality)
	if e.SourceActor != nil || e.TargetActor != nil {
		b.WriteString(": ")
		if e.SourceActor != nil {
			b.WriteString(cmp.Or(e.SourceActor.Name, e.SourceActor.Text))
		} else {
			b.WriteString("?")
		}
		if e.TargetActor != nil {
			b.WriteString(" against " + cmp.Or(e.TargetActor.Name, e.TargetActor.Text))
		}
	}
	if p := e.Place; p != nil {
		b.WriteString(", at " + p.Name)
		if p.Admin1 != nil && *p.Admin1 != p.Name {
			b.WriteString(", " + *p.Admin1)
		}
		if p.Country != "" && p.Precision != "country" {
			b.WriteString(", " + p.Country)
		}
	}
	if e.Date != nil {
		b.WriteString(", " + *e.Date)
	}
	fmt.Fprintf(&b, "; %d outlet%s, %d report%s", e.SourceCount, plural(e.SourceCount), e.Reports, plural(e.Reports))
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
