// Package stages lists the pipeline's built-in stages in the order they
// run. `ls internal/stages` shows the stages; Builtin shows their order.
package stages

import (
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
)

// Builtin is the default pipeline, in order. Later issues add sentence
// splitting, actors, places, dates, quantities, events and duplicates.
var Builtin = []pipeline.Spec{
	extract.Spec,
}
