package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchCommand(t *testing.T) {
	out, stderr, err := run(t, "", "bench", "--docs", "30", "--format", "text", "--workers", "1", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var r struct {
		Docs     int
		Pipeline struct {
			DocsPerSec float64 `json:"docs_per_sec"`
		}
		Store  struct{ Stored int }
		Stages []struct{ Stage string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Docs != 30 || r.Pipeline.DocsPerSec <= 0 || r.Store.Stored != 30 || len(r.Stages) == 0 {
		t.Fatalf("%v: %s", err, out)
	}
	if _, _, err := run(t, "", "bench", "--format", "pdf"); err == nil || !strings.Contains(err.Error(), "pdf") {
		t.Errorf("--format pdf: %v", err)
	}
}
