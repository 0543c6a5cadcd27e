package stages_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
)

var update = flag.Bool("update", false, "rewrite the registry golden file")

// TestRegistry pins the pipeline's shape: each stage's name, what it
// requires and what it provides, in order. A change to the pipeline shows
// up in review as a change to testdata/registry.golden.
func TestRegistry(t *testing.T) {
	if err := pipeline.Check(stages.Builtin); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range stages.Builtin {
		fmt.Fprintf(&b, "%-10s requires %-30s provides %s\n", s.Name, layers(s.Requires), layers(s.Provides))
	}
	got := b.String()
	if *update {
		os.WriteFile("testdata/registry.golden", []byte(got), 0o644)
	}
	want, err := os.ReadFile("testdata/registry.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("registry changed (go test ./internal/stages -update if intended):\n%s", got)
	}
}

func layers[T ~string](ls []T) string {
	if len(ls) == 0 {
		return "-"
	}
	var s []string
	for _, l := range ls {
		s = append(s, string(l))
	}
	return strings.Join(s, ",")
}
