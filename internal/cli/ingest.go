package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
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
	var queueURL string
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

With --queue, ingest reads the inputs and puts them on a NATS JetStream
queue instead, for "sitrep worker" to process and store, on this machine
or others (see sitrep help worker).

The exit status is non-zero only when nothing could be ingested, or with
--strict when any input failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if queueURL != "" {
				if cmd.Flags().Changed("published") {
					return fmt.Errorf("--published is a setting of the pipeline: give it to sitrep worker, which runs it")
				}
				return e.runEnqueue(cmd.Context(), args, pf, queueURL)
			}
			return e.runIngest(cmd.Context(), args, pf, batch)
		},
	}
	pf.register(cmd)
	cmd.Flags().IntVar(&batch, "batch", 256, "documents per database transaction")
	cmd.Flags().StringVar(&queueURL, "queue", os.Getenv("SITREP_QUEUE"), "put the inputs on this NATS JetStream queue (nats://host:4222[/STREAM]) for sitrep worker, instead of processing them here (or $SITREP_QUEUE)")
	return cmd
}

func (e *env) runIngest(ctx context.Context, paths []string, pf pipelineFlags, batch int) error {
	p, st, err := e.pipelineAndStore(ctx, pf)
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
	if errors.Is(runErr, context.Canceled) {
		runErr = fmt.Errorf("interrupted: %d documents committed; run the same command again to finish", rep.Stored)
	}
	return batchEnd(runErr, rep.Stored+rep.Existing, "nothing was ingested", pf.strict && len(rep.Failures) > 0)
}

// batchEnd is how a batch command ends: with its error, else with a
// failing status when it did nothing (done is 0) or, with --strict
// (strictFailed), when any input failed.
func batchEnd(err error, done int, nothing string, strictFailed bool) error {
	switch {
	case err != nil:
		return err
	case done == 0:
		return exitError{nothing}
	case strictFailed:
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
	printProblems(w, rep.Failures)
}

// printProblems lists the inputs that failed, and why.
func printProblems(w io.Writer, failures []ingest.Failure) {
	if len(failures) == 0 {
		return
	}
	fmt.Fprintf(w, "problems:\n")
	for _, f := range failures {
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
