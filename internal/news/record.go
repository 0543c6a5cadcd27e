package news

import (
	"math"
	"slices"
)

// A Record is a document as sitrep writes it out: one JSON object per
// document from `sitrep extract`, `sitrep show --json` and the API. The shape
// is documented in docs/json.md; keys are always present, lists are never
// null.
type Record struct {
	ID          ID               `json:"id"`
	URL         *string          `json:"url"`
	Title       *string          `json:"title"`
	Published   Date             `json:"published"`
	Source      *string          `json:"source"`
	Authors     []string         `json:"authors"`
	Language    *string          `json:"language"`
	Text        string           `json:"text"`
	Links       []Link           `json:"links"`
	Events      []EventRecord    `json:"events"`
	Quantities  []QuantityRecord `json:"quantities"`
	Places      []PlaceRecord    `json:"places"`
	Actors      []ActorRecord    `json:"actors"`
	Story       *string          `json:"story"`        // the story: reports of one development
	DuplicateOf *ID              `json:"duplicate_of"` // the earliest copy, when this is a later one
	Problems    []Problem        `json:"problems"`
}

// Record returns the document in its output shape.
func (d *Document) Record() Record {
	r := Record{
		ID:         d.ID,
		URL:        optional(d.URL),
		Title:      optional(d.Title),
		Published:  d.Published,
		Source:     optional(d.Source),
		Authors:    nonNil(d.Authors),
		Language:   optional(d.Language),
		Text:       d.Text,
		Links:      nonNil(d.Links),
		Events:     d.eventRecords(),
		Quantities: d.quantityRecords(),
		Places:     d.placeRecords(),
		Actors:     d.actorRecords(),
		Problems:   nonNil(d.Problems),
	}
	if d.DuplicateOf != "" {
		id := d.DuplicateOf
		r.DuplicateOf = &id
	}
	r.Story = optional(d.Story)
	return r
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// An EventRecord is an event as sitrep writes it out (docs/json.md).
type EventRecord struct {
	Type        string     `json:"type"`
	Mode        *string    `json:"mode"`
	Modality    Modality   `json:"modality"`
	Negated     bool       `json:"negated"`
	SourceActor *ActorRef  `json:"source_actor"`
	TargetActor *ActorRef  `json:"target_actor"`
	Sources     []ActorRef `json:"sources"`
	Targets     []ActorRef `json:"targets"`
	Trigger     string     `json:"trigger"`
	Sentence    string     `json:"sentence"`
	Span        [2]int     `json:"span"`
	Claimant    *string    `json:"claimant"`
	Within      *int       `json:"within"`
	Subordinate bool       `json:"subordinate"`
	Confidence  float64    `json:"confidence"`
	// Size, Fatalities and Injured are the values of the quantities that
	// measure the event (Quantity.Role), or null.
	Size       *float64 `json:"size"`
	Fatalities *float64 `json:"fatalities"`
	Injured    *float64 `json:"injured"`
	// Date is the value of the expression that dates the event (Timex), or
	// the publication day with precision "reported"; null when neither is
	// known.
	Date          *string        `json:"date"`
	DatePrecision *DatePrecision `json:"date_precision"`
	// Place is where the event happened: the place its sentence names, or
	// the document's focus (precision "country"); null when neither.
	Place *EventPlace `json:"place"`
}

// An EventPlace is where an event happened, as sitrep writes it out.
type EventPlace struct {
	Name      string  `json:"name"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Country   string  `json:"country"`
	Admin1    *string `json:"admin1"`
	Precision string  `json:"precision"` // point, district, governorate or country
	Relation  *string `json:"relation"`  // "near", "south of", "30 km south of"; null when in it
	// Within names the listed place whose position an unlisted one takes
	// ("the village of Tamthil" in "Homs countryside"); omitted otherwise.
	Within string `json:"within,omitempty"`
}

// A PlaceRecord is a place the document names, with how often.
type PlaceRecord struct {
	Name     string  `json:"name"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	Country  string  `json:"country"`
	Kind     string  `json:"kind"`
	Mentions int     `json:"mentions"`
}

func eventPlace(p Place, relation string) *EventPlace {
	return &EventPlace{Name: p.Name, Lat: p.Lat, Lon: p.Lon, Country: p.Country, Admin1: optional(p.Admin1),
		Precision: p.Precision, Relation: optional(relation), Within: p.Within}
}

// placeRecords counts the places named, most named first.
func (d *Document) placeRecords() []PlaceRecord {
	out := []PlaceRecord{}
	at := map[string]int{}
	for _, pm := range d.Places {
		if pm.Place.Precision == "" {
			continue // an unlisted name with no place around it to take a position from
		}
		key := pm.Place.Name + "\x00" + pm.Place.Country
		if i, ok := at[key]; ok {
			out[i].Mentions++
			continue
		}
		at[key] = len(out)
		out = append(out, PlaceRecord{Name: pm.Place.Name, Lat: pm.Place.Lat, Lon: pm.Place.Lon, Country: pm.Place.Country,
			Kind: pm.Place.Kind, Mentions: 1})
	}
	slices.SortStableFunc(out, func(a, b PlaceRecord) int { return b.Mentions - a.Mentions })
	return out
}

// A QuantityRecord is a quantity as sitrep writes it out.
type QuantityRecord struct {
	Value       float64  `json:"value"`
	Low         *float64 `json:"low"`  // null when the text sets no lower bound
	High        *float64 `json:"high"` // null when it sets no upper bound
	Unit        string   `json:"unit"`
	Approximate bool     `json:"approximate"`
	Text        string   `json:"text"`
	Sentence    string   `json:"sentence"`
	Span        [2]int   `json:"span"`
	Claimant    *string  `json:"claimant"` // who the text says claims it, or null
	Event       *int     `json:"event"`    // index in events of the event it measures, or null
	Role        *string  `json:"role"`     // "size", "fatalities" or "injured", or null
}

func (d *Document) quantityRecords() []QuantityRecord {
	out := make([]QuantityRecord, 0, len(d.Quantities))
	for _, q := range d.Quantities {
		r := QuantityRecord{Value: q.Value, Unit: q.Unit, Approximate: q.Approximate,
			Text: d.Snippet(q.Span), Span: [2]int{q.Span.Start, q.Span.End}}
		if !math.IsInf(q.Low, 0) {
			r.Low = &q.Low
		}
		if !math.IsInf(q.High, 0) {
			r.High = &q.High
		}
		if q.Sentence >= 0 && q.Sentence < len(d.Sentences) {
			r.Sentence = d.Snippet(d.Sentences[q.Sentence].Span)
		}
		if q.Claimant != (Span{}) {
			c := d.Snippet(q.Claimant)
			r.Claimant = &c
		}
		if q.Event >= 0 {
			e, role := q.Event, string(q.Role)
			r.Event, r.Role = &e, &role
		}
		out = append(out, r)
	}
	return out
}

// An ActorRef is an actor as an event names it.
type ActorRef struct {
	Text   string  `json:"text"`
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Backer *string `json:"backer,omitempty"`
}

// An ActorRecord is one actor a document mentions, with how often.
type ActorRecord struct {
	Name     string `json:"name"`
	Code     string `json:"code"`
	Mentions int    `json:"mentions"`
}

func (d *Document) actorRef(m int) ActorRef {
	mm := d.Mentions[m]
	return ActorRef{Text: d.Snippet(mm.Span), Code: mm.Code, Name: mm.Name, Backer: optional(mm.Backer)}
}

func (d *Document) eventRecords() []EventRecord {
	out := make([]EventRecord, 0, len(d.Events))
	for _, e := range d.Events {
		r := EventRecord{
			Type: e.Type, Mode: optional(e.Mode), Modality: e.Modality, Negated: e.Negated,
			Sources: []ActorRef{}, Targets: []ActorRef{},
			Trigger: d.Snippet(e.Trigger), Span: [2]int{e.Trigger.Start, e.Trigger.End},
			Subordinate: e.Subordinate, Confidence: e.Confidence,
		}
		if e.Sentence >= 0 && e.Sentence < len(d.Sentences) {
			r.Sentence = d.Snippet(d.Sentences[e.Sentence].Span)
		}
		for _, m := range e.Source {
			r.Sources = append(r.Sources, d.actorRef(m))
		}
		for _, m := range e.Target {
			r.Targets = append(r.Targets, d.actorRef(m))
		}
		if len(r.Sources) > 0 {
			r.SourceActor = &r.Sources[0]
		}
		if len(r.Targets) > 0 {
			r.TargetActor = &r.Targets[0]
		}
		if e.Claimant != (Span{}) {
			c := d.Snippet(e.Claimant)
			r.Claimant = &c
		}
		if e.Within >= 0 {
			w := e.Within
			r.Within = &w
		}
		out = append(out, r)
	}
	for _, t := range d.Times {
		for _, e := range t.Events {
			if e >= 0 && e < len(out) && t.Value != "" {
				v, p := t.Value, t.Precision
				out[e].Date, out[e].DatePrecision = &v, &p
			}
		}
	}
	for _, pm := range d.Places {
		for _, e := range pm.Events {
			if e >= 0 && e < len(out) {
				out[e].Place = eventPlace(pm.Place, pm.Relation)
			}
		}
	}
	if d.Focus.Name != "" {
		for i := range out {
			if out[i].Place == nil {
				out[i].Place = eventPlace(d.Focus, "")
			}
		}
	}
	if !d.Published.IsZero() {
		for i := range out {
			if out[i].Date == nil {
				v, p := d.Published.Time.Format("2006-01-02"), PrecisionReported
				out[i].Date, out[i].DatePrecision = &v, &p
			}
		}
	}
	for _, q := range d.Quantities {
		if q.Event < 0 || q.Event >= len(out) {
			continue
		}
		// Several amounts of one role add up ("four soldiers and two
		// policemen were wounded").
		add := func(p **float64) {
			v := q.Value
			if *p != nil {
				v += **p
			}
			*p = &v
		}
		switch r := &out[q.Event]; q.Role {
		case Size:
			add(&r.Size)
		case Fatalities:
			add(&r.Fatalities)
		case Injured:
			add(&r.Injured)
		}
	}
	return out
}

// actorRecords counts mentions by actor, most mentioned first.
func (d *Document) actorRecords() []ActorRecord {
	out := []ActorRecord{}
	index := map[[2]string]int{}
	for _, m := range d.Mentions {
		if m.Place {
			continue // a location, listed with places (a later issue)
		}
		k := [2]string{m.Name, m.Code}
		if i, ok := index[k]; ok {
			out[i].Mentions++
			continue
		}
		index[k] = len(out)
		out = append(out, ActorRecord{Name: m.Name, Code: m.Code, Mentions: 1})
	}
	slices.SortStableFunc(out, func(a, b ActorRecord) int { return b.Mentions - a.Mentions })
	return out
}
