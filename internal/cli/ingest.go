package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

func defaultWorkers() int { return runtime.NumCPU() }

func newIngestCmd(e *env) *cobra.Command {
	var pf pipelineFlags
	var batch int
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Extract and store documents from files, folders or - (standard input)",
		Long: `Ingest reads news documents, extracts their clean text and metadata, and
stores them in the database (--db), full-text indexed.

PATH is a file, a folder (read recursively) or - for standard input. Files
are .html/.htm (saved web pages), .txt (plain text) or .jsonl (one document
per line: url, title, published, source, and html or text), each optionally
gzip-compressed (.gz). Ingesting the same input twice adds nothing; an
interrupted run keeps what it committed, and running it again finishes it.

The exit status is non-zero only when nothing could be ingested, or with
--strict when any input failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runIngest(cmd.Context(), args, pf, batch)
		},
	}
	pf.register(cmd)
	cmd.Flags().IntVar(&batch, "batch", 64, "documents per database transaction")
	return cmd
}

func (e *env) runIngest(ctx context.Context, paths []string, pf pipelineFlags, batch int) error {
	p, err := pf.build()
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	src := &source.Paths{Paths: paths, Stdin: e.stdin, MaxBytes: pf.maxSize, Source: pf.source}
	var prog ingest.Progress
	bar := newProgressBar(e.stderr, src, &prog)
	bar.start()
	rep, runErr := ingest.Run(ctx, ingest.Options{Source: src, Pipeline: p, Sink: st, Workers: pf.workers, BatchSize: batch}, &prog)
	bar.stop()
	printReport(e.stderr, rep, src.Skipped(), database.Redact(e.db))
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("interrupted: %d documents committed; run the same command again to finish", rep.Stored)
		}
		return runErr
	}
	if rep.Stored+rep.Existing == 0 {
		return exitError{"nothing was ingested"}
	}
	if pf.strict && len(rep.Failures) > 0 {
		return exitError{"some inputs failed (--strict)"}
	}
	return nil
}

// printReport writes the one-line summary and the problems, by input.
func printReport(w io.Writer, rep ingest.Report, skipped int64, db string) {
	rate := 0.0
	if rep.Elapsed > 0 {
		rate = float64(rep.Read) / rep.Elapsed.Seconds()
	}
	fmt.Fprintf(w, "ingested %d new, %d already stored, %d failed, in %s (%.0f docs/s) into %s\n",
		rep.Stored, rep.Existing, len(rep.Failures), rep.Elapsed.Round(10*time.Millisecond), rate, db)
	if rep.Warned > 0 {
		fmt.Fprintf(w, "%s stored with warnings (see \"sitrep show ID\")\n", plural(rep.Warned, "document"))
	}
	if skipped > 0 {
		fmt.Fprintf(w, "%s in folders skipped: not .html, .htm, .txt or .jsonl (or .gz of those)\n", plural(int(skipped), "file"))
	}
	if len(rep.Failures) == 0 {
		return
	}
	fmt.Fprintf(w, "problems:\n")
	for _, f := range rep.Failures {
		fmt.Fprintf(w, "  %s: %s\n", f.Input, f.Reason)
	}
}

// plural writes "1 document" or "2 documents".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
