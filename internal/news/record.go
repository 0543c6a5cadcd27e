package news

// A Record is a document as sitrep writes it out: one JSON object per
// document from `sitrep extract`, `sitrep show --json` and the API. The shape
// is documented in docs/json.md; keys are always present, lists are never
// null.
type Record struct {
	ID          ID         `json:"id"`
	URL         *string    `json:"url"`
	Title       *string    `json:"title"`
	Published   Date       `json:"published"`
	Source      *string    `json:"source"`
	Authors     []string   `json:"authors"`
	Language    *string    `json:"language"`
	Text        string     `json:"text"`
	Links       []Link     `json:"links"`
	Events      []struct{} `json:"events"`       // filled by the event stage (a later issue)
	Quantities  []struct{} `json:"quantities"`   // filled by the quantity stage (a later issue)
	Places      []struct{} `json:"places"`       // filled by the place stage (a later issue)
	Actors      []struct{} `json:"actors"`       // filled by the actor stage (a later issue)
	Story       *string    `json:"story"`        // set by story clustering (a later issue)
	DuplicateOf *ID        `json:"duplicate_of"` // set by duplicate detection (a later issue)
	Problems    []Problem  `json:"problems"`
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
		Events:     []struct{}{},
		Quantities: []struct{}{},
		Places:     []struct{}{},
		Actors:     []struct{}{},
		Problems:   nonNil(d.Problems),
	}
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
