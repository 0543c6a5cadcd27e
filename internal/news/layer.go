package news

import (
	"slices"
	"strings"
)

// A Layer names a kind of annotation a stage can require or provide.
type Layer string

// The layers known so far. A new layer means a new typed field on Document
// and a new constant here, so the storage schema and the pipeline check
// both show it.
const (
	// LayerText covers Text, Title, Authors, Published, Source, Language
	// and Links.
	LayerText Layer = "text"
	// LayerSentences covers Tokens and Sentences.
	LayerSentences Layer = "sentences"
	// LayerActors covers Mentions.
	LayerActors Layer = "actors"
	// LayerEvents covers Events.
	LayerEvents Layer = "events"
	// LayerQuantities covers Quantities.
	LayerQuantities Layer = "quantities"
	// LayerTimes covers Times.
	LayerTimes Layer = "times"
	// LayerPlaces covers Places and Focus.
	LayerPlaces Layer = "places"
	// LayerFingerprint covers Fingerprint.
	LayerFingerprint Layer = "fingerprint"
)

// A LayerSet records which layers a document carries.
type LayerSet []Layer

// Has reports whether l is in the set.
func (s LayerSet) Has(l Layer) bool { return slices.Contains(s, l) }

// Add puts l in the set.
func (s *LayerSet) Add(l Layer) {
	if !s.Has(l) {
		*s = append(*s, l)
	}
}

func (s LayerSet) String() string {
	names := make([]string, len(s))
	for i, l := range s {
		names[i] = string(l)
	}
	return strings.Join(names, ",")
}
