package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/server"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// DefaultAddr is where sitrep serves unless told otherwise: this machine
// only.
const DefaultAddr = "127.0.0.1:8080"

func newServeCmd(e *env) *cobra.Command {
	var addr string
	pf := pipelineFlags{workers: 1}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboard and the JSON API over a database",
		Long: `Serve answers the JSON API under /api/v1 (described at /api/v1/openapi.json)
and the analyst's dashboard at /, over the database given by --db. Everything
the dashboard needs is inside the binary: it works with no internet.

Reading needs nothing. Writing through the API (posting documents to ingest,
splitting a merged event) needs the bearer token in $SITREP_TOKEN; without
one, writing is off and the server listens only on this machine: an --addr
other than a loopback address is refused unless $SITREP_TOKEN is set.

Metrics for Prometheus are at /metrics; each request is logged to stderr.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			return e.serve(cmd.Context(), st, addr, &pf)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", DefaultAddr, "address to listen on")
	fl := cmd.Flags()
	fl.StringArrayVar(&pf.actors, "actors", nil, "extra actor lexicon file, as ingest was given; repeatable")
	fl.StringArrayVar(&pf.triggers, "triggers", nil, "extra event trigger file; repeatable")
	fl.StringArrayVar(&pf.places, "places", nil, "extra gazetteer file; repeatable")
	return cmd
}

// serve runs the server over st on addr until ctx ends.
func (e *env) serve(ctx context.Context, st store.Store, addr string, pf *pipelineFlags) error {
	token := os.Getenv("SITREP_TOKEN")
	if err := server.CheckAddr(addr, token); err != nil {
		return err
	}
	p, err := pf.build()
	if err != nil {
		return err
	}
	srv, err := server.New(server.Config{Store: st, Pipeline: p, Settings: pf.settings(), Token: token,
		Logger: slog.New(slog.NewTextHandler(e.stderr, nil))})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (another sitrep serve? try --addr 127.0.0.1:8081)", addr, err)
	}
	writing := "writing is off (set SITREP_TOKEN to allow it)"
	if token != "" {
		writing = "writing needs the token in SITREP_TOKEN"
	}
	fmt.Fprintf(e.stdout, "sitrep dashboard: http://%s/  (API: http://%s/api/v1/openapi.json; %s; Ctrl-C stops)\n", ln.Addr(), ln.Addr(), writing)
	return srv.Serve(ctx, ln)
}
