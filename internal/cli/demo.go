package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// demoQueries are the searches the demo runs to show what the corpus holds.
var demoQueries = []string{`"Ain al-Asad"`, `Soleimani Muhandis`, `Mosul offensive`, `parliament troops`}

func newDemoCmd(e *env) *cobra.Command {
	var addr string
	var noServe bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a database from the built-in sample corpus and open the dashboard on it",
		Long: `Demo ingests sitrep's sample corpus (short articles the team wrote about
real events in Iraq and Syria, 2014-2025, as saved web pages, plain text and
a JSONL export, with syndicated copies) into a fresh sitrep-demo.db, or into
--db if given, prints what it holds and runs a few example searches, then
serves the dashboard on it and prints its address (as "sitrep serve" does;
Ctrl-C stops). --no-serve stops after printing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("db") {
				e.db = "sitrep-demo.db"
				for _, suffix := range []string{"", "-wal", "-shm"} {
					if err := os.Remove(e.db + suffix); err != nil && !os.IsNotExist(err) {
						return err
					}
				}
			}
			if err := e.runDemo(cmd.Context()); err != nil {
				return err
			}
			if noServe {
				return nil
			}
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintln(e.stdout)
			return e.serve(cmd.Context(), st, addr, &pipelineFlags{workers: 1})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", DefaultAddr, "address to serve the dashboard on")
	cmd.Flags().BoolVar(&noServe, "no-serve", false, "build the database and print what it holds, without serving the dashboard")
	return cmd
}

func (e *env) runDemo(ctx context.Context) error {
	pf := pipelineFlags{workers: defaultWorkers()}
	p, st, err := e.pipelineAndStore(ctx, pf)
	if err != nil {
		return err
	}
	defer st.Close()
	src := &source.Paths{FS: corpus.Pages(), Paths: []string{"html", "text", "jsonl"}}
	rep, err := ingest.Run(ctx, ingest.Options{Source: src, Pipeline: p, Sink: st, Workers: pf.workers}, nil)
	printReport(e.stdout, rep, 0, e.db)
	if err != nil {
		return err
	}
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	writeStats(e.stdout, s)
	for _, q := range demoQueries {
		hits, err := st.Search(ctx, store.Query{Text: q, Limit: 3})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\n$ sitrep search --db %s '%s' --limit 3\n", e.db, q)
		writeHits(e.stdout, hits)
	}
	// Events: what is only planned or possible is kept apart from what happened.
	for _, q := range []store.EventQuery{
		{Type: "ASSAULT", Actor: "IRQREB", Modality: news.Asserted, Limit: 2},
		{Type: "MOBILIZE", Modality: news.Planned, Limit: 2},
		{Type: "ASSAULT", Modality: news.Denied, Limit: 2},
	} {
		hits, err := st.Events(ctx, q)
		if err != nil {
			return err
		}
		args := fmt.Sprintf("--type %s --modality %s --limit %d", q.Type, q.Modality, q.Limit)
		if q.Actor != "" {
			args += " --actor " + q.Actor
		}
		fmt.Fprintf(e.stdout, "\n$ sitrep events --db %s %s\n", e.db, args)
		writeEvents(e.stdout, hits)
	}
	fmt.Fprintf(e.stdout, "\nTry:\n  sitrep search --db %s 'Kataib Hezbollah'\n  sitrep show --db %s ID\n  sitrep events --db %s --modality planned\n  sitrep extract internal/corpus/pages/text\n", e.db, e.db, e.db)
	return nil
}
