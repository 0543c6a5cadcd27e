// Package stages lists the pipeline's built-in stages in the order they
// run. `ls internal/stages` shows the stages; Builtin shows their order.
package stages

import (
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/date"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
	"github.com/sitrep-dev/sitrep/internal/stages/fingerprint"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
	"github.com/sitrep-dev/sitrep/internal/stages/quantity"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// Builtin is the default pipeline, in order.
var Builtin = []pipeline.Spec{
	extract.Spec,
	fingerprint.Spec,
	sentence.Spec,
	actor.Spec,
	event.Spec,
	quantity.Spec,
	date.Spec,
	place.Spec,
}
