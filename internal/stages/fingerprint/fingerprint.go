// Package fingerprint is the stage that fingerprints each document's text
// (duplicate.Sign), so that the writer can tell copies of earlier documents
// without comparing texts.
package fingerprint

import (
	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Spec registers the stage. It needs only the text, and runs in the
// workers: the MinHash values cost more than looking them up.
var Spec = pipeline.Spec{
	Name:     "fingerprint",
	Requires: []news.Layer{news.LayerText},
	Provides: []news.Layer{news.LayerFingerprint},
	New:      pipeline.Annotator(struct{}{}, func(struct{}) (func(*news.Document), error) { return Sign, nil }),
}

// Sign sets doc.Fingerprint from its title and text.
func Sign(doc *news.Document) {
	doc.Fingerprint = duplicate.Sign(doc.Title, doc.Text)
	doc.Layers.Add(news.LayerFingerprint)
}
