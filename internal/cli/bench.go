package cli

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/bench"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

func newBenchCmd(e *env) *cobra.Command {
	var o bench.Options
	var asJSON, keep bool
	cmd := &cobra.Command{
		Use:   "bench [--docs N] [--format html|text|jsonl] [--workers N] [--db URL] [--queue URL] [--json]",
		Short: "Measure sitrep on a generated corpus",
		Long: `Bench writes a corpus of its own (the same documents for the same --seed:
reports of the theatre's actors, places and events as HTML pages, plain text
or JSON lines, a share of them syndicated copies) and measures, in one run:

  - extraction alone with go-trafilatura (HTML only): the baseline;
  - the whole pipeline, storing nothing, with each stage's share of the time;
  - the whole pipeline into SQLite;
  - the dashboard's queries over what was stored;

in documents and megabytes per second, with the Go heap's peak in each run
and the process's peak RSS. The corpus is made as it is read, so a million
documents take no more memory than a thousand. The database goes to a
temporary folder and is removed, unless --keep writes it to --db. With
--db postgres://..., each run writes to a schema of its own in that
database, dropped after it unless --keep.

With --queue nats://host:4222, bench also puts the corpus on a NATS
JetStream stream of its own and times 1, then 2 ... --procs worker
processes (sitrep worker, each held to one core with GOMAXPROCS=1)
draining it into a fresh store at --db: the scaling of the distributed
setup on this machine.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			pf := pipelineFlags{}
			o.Pipeline = func() (*pipeline.Pipeline, error) { return pf.build() }
			if keep || cmd.Flag("db").Changed || database.IsPostgres(e.db) {
				o.DB, o.Keep = e.db, keep
			}
			if o.Queue != "" {
				exe, err := os.Executable()
				if err != nil {
					return err
				}
				o.Worker = func(ctx context.Context, queueURL, db string) *exec.Cmd {
					return exec.CommandContext(ctx, exe, "worker", "--queue", queueURL, "--db", db, "--workers", "1")
				}
			}
			r, err := bench.Run(cmd.Context(), o)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			return bench.Print(e.stdout, r)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.Docs, "docs", 10_000, "documents to generate")
	fl.IntVar(&o.Days, "days", bench.DefaultDays, "days the documents are published over: fewer, more a day (the store's work grows with them)")
	fl.StringVar(&o.Format, "format", "html", "html, text or jsonl")
	fl.Float64Var(&o.Copies, "copies", 0.2, "share of syndicated copies (0 to 1)")
	fl.Uint64Var(&o.Seed, "seed", 1, "the corpus's seed: the same seed, the same documents")
	fl.IntVar(&o.Workers, "workers", defaultWorkers(), "documents processed at once")
	fl.BoolVar(&asJSON, "json", false, "print the figures as JSON, for machines")
	fl.BoolVar(&keep, "keep", false, "keep the database, at --db")
	fl.StringVar(&o.Queue, "queue", "", "also time worker processes draining a NATS JetStream queue (nats://host:4222) into --db")
	fl.IntVar(&o.Procs, "procs", 2, "with --queue, time 1 to this many worker processes")
	return cmd
}
