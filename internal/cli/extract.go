package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/source"
)

func newExtractCmd(e *env) *cobra.Command {
	var pf pipelineFlags
	cmd := &cobra.Command{
		Use:   "extract [--published YYYY-MM-DD] [--source NAME] INPUT...",
		Short: "Print the clean text and metadata of documents as JSON lines, without a database",
		Long: `Extract reads documents like ingest (INPUT is a file, a folder or - for
standard input) and prints one JSON object per document on standard output,
in input order. The object's shape is documented in docs/json.md. Problems
are reported on standard error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runExtract(cmd.Context(), args, pf)
		},
	}
	pf.register(cmd)
	return cmd
}

func (e *env) runExtract(ctx context.Context, inputs []string, pf pipelineFlags) error {
	p, err := pf.build()
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	src := &source.Paths{Paths: inputs, Stdin: e.stdin, MaxBytes: pf.maxSize, Source: pf.source}
	rep, err := ingest.Run(ctx, ingest.Options{
		Source: src, Pipeline: p, Workers: pf.workers,
		Emit: func(d *news.Document) error { return enc.Encode(d.Record()) },
	}, nil)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	for _, f := range rep.Failures {
		fmt.Fprintf(e.stderr, "sitrep: %s: %s\n", f.Input, f.Reason)
	}
	if err != nil {
		return err
	}
	if rep.Read-len(rep.Failures) <= 0 && len(rep.Failures) > 0 || rep.Read == 0 {
		return exitError{"nothing was extracted"}
	}
	if pf.strict && len(rep.Failures) > 0 {
		return exitError{"some inputs failed (--strict)"}
	}
	return nil
}
