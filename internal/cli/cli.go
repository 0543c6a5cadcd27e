// Package cli is sitrep's command line: one cobra command per subcommand,
// each a thin layer over the ingest, pipeline, store and eval packages.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// Main runs the command line with args and returns the exit status.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot(os.Stdin, os.Stdout, os.Stderr)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		var exit exitError
		if !errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "sitrep:", err)
		}
		return 1
	}
	return 0
}

// exitError ends a command with a failure status whose explanation has
// already been printed.
type exitError struct{ msg string }

func (e exitError) Error() string { return e.msg }

// env is what every command shares: its streams and global flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	db             string
	cpuProfile     string
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "sitrep",
		Short: "Turn raw news into a clean, searchable record",
		Long: `sitrep turns raw news pages into clean, stored, searchable documents:
who did what to whom, where, when, how many and how sure.

Start with "sitrep demo", or ingest your own pages with "sitrep ingest".`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	defaultDB := "sitrep.db"
	if v := os.Getenv("SITREP_DB"); v != "" {
		defaultDB = v
	}
	root.PersistentFlags().StringVar(&e.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file (go tool pprof reads it)")
	var profile *os.File
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if e.cpuProfile == "" {
			return nil
		}
		var err error
		if profile, err = os.Create(e.cpuProfile); err != nil {
			return err
		}
		return pprof.StartCPUProfile(profile)
	}
	root.PersistentPostRunE = func(cmd *cobra.Command, args []string) error {
		if profile == nil {
			return nil
		}
		pprof.StopCPUProfile()
		return profile.Close()
	}
	root.PersistentFlags().StringVar(&e.db, "db", defaultDB, "SQLite database file, or postgres://user@host:5432/db for PostgreSQL (or $SITREP_DB)")
	root.AddCommand(
		newIngestCmd(e),
		newWorkerCmd(e),
		newQueueCmd(e),
		newExtractCmd(e),
		newSearchCmd(e),
		newShowCmd(e),
		newEventsCmd(e),
		newStoriesCmd(e),
		newQuantitiesCmd(e),
		newGazetteerCmd(e),
		newStatsCmd(e),
		newDemoCmd(e),
		newServeCmd(e),
		newWatchCmd(e),
		newReportCmd(e),
		newBenchCmd(e),
		newEvalCmd(e),
	)
	return root
}

// writeTo runs write on standard output, or on the file out names when
// it is not empty, and reports a failure to write the file whole.
func (e *env) writeTo(out string, write func(io.Writer) error) error {
	if out == "" {
		return write(e.stdout)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// openStore opens the database named by --db.
func (e *env) openStore(ctx context.Context) (*database.Store, error) {
	return database.Open(ctx, e.db)
}

// pipelineAndStore builds the pipeline pf describes and opens the
// database named by --db: what every command that stores documents
// starts with.
func (e *env) pipelineAndStore(ctx context.Context, pf pipelineFlags) (*pipeline.Pipeline, *database.Store, error) {
	p, err := pf.build()
	if err != nil {
		return nil, nil, err
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	return p, st, nil
}

// openExisting opens the database for reading, refusing to create one: a
// mistyped --db should not answer "no results" from a new empty file.
func (e *env) openExisting(ctx context.Context) (*database.Store, error) {
	if database.IsPostgres(e.db) {
		return database.Open(ctx, e.db)
	}
	if _, err := os.Stat(e.db); err != nil {
		return nil, fmt.Errorf("database %s not found (run \"sitrep ingest\" first, or give --db)", e.db)
	}
	return database.Open(ctx, e.db)
}

// pipelineFlags are the settings of the processing pipeline that ingest
// and extract share.
type pipelineFlags struct {
	published string
	source    string
	fallback  bool
	workers   int
	maxSize   int64
	strict    bool
	actors    []string
	triggers  []string
	places    []string
}

func (f *pipelineFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.published, "published", "", "publication date (YYYY-MM-DD) for documents that carry none")
	fl.StringVar(&f.source, "source", "", "source name for documents that do not name one")
	fl.BoolVar(&f.fallback, "fallback", false, "let HTML extraction compare readability and dom-distiller results (slower, finds more text)")
	fl.IntVar(&f.workers, "workers", defaultWorkers(), "documents processed at once")
	fl.Int64Var(&f.maxSize, "max-size", 16<<20, "largest document accepted, in bytes")
	fl.BoolVar(&f.strict, "strict", false, "exit with an error status if any input fails")
	fl.StringArrayVar(&f.actors, "actors", nil, "extra actor lexicon file (docs/lexicons.md); repeatable")
	fl.StringArrayVar(&f.triggers, "triggers", nil, "extra event trigger file (docs/lexicons.md); repeatable")
	fl.StringArrayVar(&f.places, "places", nil, "extra gazetteer file (docs/lexicons.md); repeatable")
}

func (f *pipelineFlags) build() (*pipeline.Pipeline, error) {
	return pipeline.New(stages.Builtin, f.settings(), pipeline.Env{})
}

func (f *pipelineFlags) settings() pipeline.Settings {
	return pipeline.Settings{
		"extract": map[string]any{"published": f.published, "fallback": f.fallback},
		"actor":   map[string]any{"lexicons": f.actors},
		"event":   map[string]any{"lexicons": f.triggers},
		"place":   map[string]any{"gazetteers": f.places},
	}
}
