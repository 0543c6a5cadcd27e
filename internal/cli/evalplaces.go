package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
)

func geoData(shared string) (string, bool) {
	if shared != "" {
		dir := filepath.Join(shared, "data", "geoparsing-gold")
		return dir, dirExists(dir)
	}
	return eval.SharedData("geoparsing-gold")
}

func newEvalPlacesCmd(e *env) *cobra.Command {
	var shared string
	var gazetteers []string
	var verbose, asJSON bool
	cmd := &cobra.Command{
		Use:   "places",
		Short: "Score event-place linking and toponym resolution",
		Long: `Places runs the place stage on each sentence of event-location-halterman
and places its event verb at the place place.Link picks among the places
found: precision over the events given a place, recall over the events that
have a gold place: on the set's re-labelled gold standard (496 records), on
all records, and on those about Iraq and Syria.

It then resolves the gold toponyms of geoparsing-gold's GeoWebNews, TR-News
and LGL corpora as the place stage would and counts those within 161 km of
the gold coordinates. Load a GeoNames dump for these (the built-in
gazetteer covers the theatre and the world's countries and capitals):
  sitrep eval places --places cities500.txt

The sets are read from --shared (default ../shared, or $SITREP_SHARED).`,
		Example: `  sitrep eval places
  sitrep eval places -v   # list wrong and missing places`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, ok := eval.SharedData("event-location-halterman")
			if shared != "" {
				dir = filepath.Join(shared, "data", "event-location-halterman")
				ok = dirExists(dir)
			}
			if !ok {
				return fmt.Errorf("%s: event-location-halterman not found (set --shared or SITREP_SHARED)", dir)
			}
			items, err := eval.LoadHalterman(dir)
			if err != nil {
				return err
			}
			f, err := place.New(place.Config{Gazetteers: gazetteers})
			if err != nil {
				return err
			}
			out := map[string]any{}
			for _, set := range []struct {
				key, name string
				keep      func(eval.LocationItem) bool
			}{
				{"relabeled", "event-location, re-labelled gold standard", func(it eval.LocationItem) bool { return it.Relabeled }},
				{"all", "event-location, all", func(eval.LocationItem) bool { return true }},
				{"theatre", "event-location, Iraq and Syria", func(it eval.LocationItem) bool { return it.Theatre }},
			} {
				s, err := eval.ScoreLocations(items, f, set.keep)
				if err != nil {
					return err
				}
				out[set.key] = map[string]any{"events": s.Items, "with_gold": s.WithGold, "linked": s.Linked, "right": s.Right,
					"precision": s.Precision, "recall": s.Recall, "f1": s.F1, "choice": s.Choice}
				if asJSON {
					continue
				}
				fmt.Fprintf(e.stdout, "%s: %d events (%d with a gold place), placed %d, right %d  precision %.3f  recall %.3f  F1 %.3f; right place where both place it %.3f\n",
					set.name, s.Items, s.WithGold, s.Linked, s.Right, s.Precision, s.Recall, s.F1, s.Choice)
				if verbose && set.key == "relabeled" {
					for _, m := range s.Errors {
						fmt.Fprintln(e.stdout, "  ", m)
					}
				}
			}
			if gdir, ok := geoData(shared); ok {
				for _, file := range eval.GeoCorpora {
					docs, err := eval.LoadGeoCorpus(eval.GeoCorpusPath(gdir, file))
					if err != nil {
						return err
					}
					s, err := eval.ScoreGeo(docs, f)
					if err != nil {
						return err
					}
					out[file] = map[string]any{"toponyms": s.Toponyms, "known": s.Known, "within_161km": s.Within,
						"accuracy": s.Accuracy(), "known_accuracy": s.KnownAccuracy(), "mean_error_km": s.ErrorKm}
					if !asJSON {
						fmt.Fprintf(e.stdout, "geoparsing %s: %d gold toponyms, %d known to the gazetteer; within 161 km: %d (%.3f of all, %.3f of known); mean error %.0f km\n",
							file, s.Toponyms, s.Known, s.Within, s.Accuracy(), s.KnownAccuracy(), s.ErrorKm)
					}
				}
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&shared, "shared", "", "folder holding data/event-location-halterman (default ../shared or $SITREP_SHARED)")
	cmd.Flags().StringArrayVar(&gazetteers, "places", nil, "extra gazetteer file, the team's format or a GeoNames dump; repeatable")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list wrong and missing places (re-labelled set)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}
