package cli

import (
	"context"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/store/database"
	"github.com/sitrep-dev/sitrep/internal/watch"
)

func newWatchCmd(e *env) *cobra.Command {
	var config string
	var once bool
	pf := pipelineFlags{workers: 1}
	cmd := &cobra.Command{
		Use:   "watch --config sitrep.yaml",
		Short: "Poll feeds, folders and archives, and alert on the events the rules describe",
		Long: `Watch runs until stopped: it polls the sources the config names (RSS and
Atom feeds and the pages they link to, folders, WARC archives, JSON-lines
files), stores what they bring as ingest would, checks every new event
against the rules, and sends alerts to the notifiers (webhooks, signed with
HMAC-SHA256; Slack; standard output; a file).

One alert is sent per event and rule; when more outlets report the event,
the alert is sent again as an update, never as a repeat. Where each source
stopped, which alerts were sent and which deliveries are still owed are kept
in the database (--db, or the config's db), so stopping and starting again
misses nothing and repeats nothing. A watch of a database it has not watched
before alerts on events stored from then on.

The config is checked before anything runs; every problem is reported with
where it is. See docs/watch.md for the config and the rule language, and
examples/ for configs to start from.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runWatch(cmd, config, once, pf)
		},
	}
	cmd.Flags().StringVar(&config, "config", "sitrep.yaml", "the watch config (YAML)")
	cmd.Flags().BoolVar(&once, "once", false, "poll each source once, check the rules, deliver, and exit (for cron)")
	fl := cmd.Flags()
	fl.IntVar(&pf.workers, "workers", 1, "documents processed at once")
	fl.StringArrayVar(&pf.actors, "actors", nil, "extra actor lexicon file; repeatable")
	fl.StringArrayVar(&pf.triggers, "triggers", nil, "extra event trigger file; repeatable")
	fl.StringArrayVar(&pf.places, "places", nil, "extra gazetteer file, for the pipeline and the rules; repeatable")
	return cmd
}

func (e *env) runWatch(cmd *cobra.Command, config string, once bool, pf pipelineFlags) error {
	ctx := cmd.Context()
	g, err := gazetteer.Builtin()
	if err != nil {
		return err
	}
	for _, f := range pf.places {
		if err := g.LoadFile(f); err != nil {
			return err
		}
	}
	cfg, err := watch.Load(config, g)
	if err != nil {
		return err
	}
	if cfg.DB != "" && !cmd.Flag("db").Changed {
		e.db = cfg.DB
	}
	p, st, err := e.pipelineAndStore(ctx, pf)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	w := watch.New(cfg, st, p, watch.Options{Logger: log, Stdout: e.stdout, Workers: pf.workers})
	if once {
		return w.Once(ctx)
	}
	log.Info("watching", "sources", len(cfg.Sources), "rules", len(cfg.Rules), "notifiers", len(cfg.Notifiers), "db", database.Redact(e.db))
	if err := w.Run(ctx); err != nil {
		return err
	}
	if ctx.Err() != nil {
		log.Info("stopped", "reason", context.Cause(ctx))
	}
	return nil
}
