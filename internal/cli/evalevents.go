package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/news"
)

func newEvalEventsCmd(e *env) *cobra.Command {
	var shared string
	var verbose, asJSON bool
	cmd := &cobra.Command{
		Use:   "events",
		Short: "Score event coding, actors and modality",
		Long: `Events scores the event coder on:
  plover-gsr            PLOVER type micro-F1, source and target country accuracy
  petrarch-validation   the PETRARCH2 GSR sentences (CAMEO codes mapped to PLOVER)
  conflibert-cameo-muc4 the cameo_class test split: CAMEO quad class (neutral, verbal or
                        material cooperation, verbal or material conflict) of the main event,
                        with PLOVER types placed by the mapping table; actors against cameo_ner
  case2021-task2-acled-snippets   agreement of coded types with ACLED sub-event types
  the team's modality sets  modality accuracy (internal/stages/event/testdata/modality*.tsv;
                        the held-out one is scored but was never used to develop the coder)
The external sets are read from --shared (default ../shared, or $SITREP_SHARED);
missing ones are skipped.`,
		Example: `  sitrep eval events
  sitrep eval events -v   # list misses`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := eval.NewCoder()
			if err != nil {
				return err
			}
			find := func(name string) (string, bool) {
				if shared != "" {
					dir := filepath.Join(shared, "data", name)
					return dir, dirExists(dir)
				}
				return eval.SharedData(name)
			}
			out := map[string]any{}
			if dir, ok := find("plover-gsr"); ok {
				items, err := eval.LoadPloverGSR(dir)
				if err != nil {
					return err
				}
				scoreBoth := func(key, name string, items []eval.EventItem) {
					start := time.Now()
					all := eval.ScoreEvents(c, items, false, true)
					el := time.Since(start)
					main := eval.ScoreEvents(c, items, true, true)
					own := eval.ScoreEvents(c, items, false, false)
					out[key], out[key+"_main"], out[key+"_own_types"] = eventJSON(all), eventJSON(main), eventJSON(own)
					if !asJSON {
						printEvents(e, name+", all events", all, el, verbose)
						printEvents(e, name+", main event", main, el, false)
						printEvents(e, name+", all events, sitrep's own types", own, el, false)
					}
				}
				scoreBoth("plover_gsr", "plover-gsr", items)
				if m, err := eval.LoadCAMEOMap(dir); err == nil {
					if pdir, ok := find("petrarch-validation"); ok {
						items, err := eval.LoadPetrarchGSR(pdir, m)
						if err != nil {
							return err
						}
						scoreBoth("petrarch_gsr", "petrarch2 GSR", items)
					}
					if cdir, ok := find("conflibert-cameo-muc4"); ok {
						items, err := eval.LoadConfliBERT(cdir, "test")
						if err != nil {
							return err
						}
						s := eval.ScoreClasses(c, items, m.TypeClasses())
						out["conflibert_cameo"] = map[string]any{"sentences": s.Items, "accuracy": s.Accuracy(), "macro_f1": s.MacroF1(),
							"source_accuracy": s.SourceAccuracy(), "target_accuracy": s.TargetAccuracy()}
						if !asJSON {
							printClasses(e, s, verbose)
						}
					}
				}
			}
			if dir, ok := find("case2021-task2-acled-snippets"); ok {
				items, err := eval.LoadACLED(dir)
				if err != nil {
					return err
				}
				s := eval.ScoreACLED(c, items)
				out["case2021"] = map[string]any{"snippets": s.Items, "agreement": s.Agreement(),
					"theatre_snippets": s.TheatreItems, "theatre_agreement": s.TheatreAgreement()}
				if !asJSON {
					fmt.Fprintf(e.stdout, "case2021 ACLED snippets: %d, type agreement %.3f; Iraq/Syria/ISIS subset %d, agreement %.3f\n",
						s.Items, s.Agreement(), s.TheatreItems, s.TheatreAgreement())
					if verbose {
						labels := make([]string, 0, len(s.ByLabel))
						for l := range s.ByLabel {
							labels = append(labels, l)
						}
						sort.Strings(labels)
						for _, l := range labels {
							b := s.ByLabel[l]
							fmt.Fprintf(e.stdout, "  %-30s %3d/%3d\n", l, b[0], b[1])
						}
					}
				}
			}
			for _, set := range []struct {
				key, name string
				path      func() (string, error)
			}{{"modality", "modality set", eval.ModalityPath}, {"modality_heldout", "held-out modality set", eval.ModalityHeldoutPath}} {
				path, err := set.path()
				if err != nil || !fileExists(path) {
					continue
				}
				items, err := eval.LoadModality(path)
				if err != nil {
					return err
				}
				// The sets' background sentences are dated years before this.
				s := eval.ScoreModality(c, items, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
				out[set.key] = map[string]any{"sentences": s.Items, "type_found": s.Found, "accuracy": s.Accuracy(),
					"hedged_as_asserted": s.HedgedAssertedRate(), "negated_right": s.NegatedRight, "claimant_right": s.ClaimantRight}
				if asJSON {
					continue
				}
				fmt.Fprintf(e.stdout, "%s: %d sentences, event of the labelled type found in %d; modality accuracy %.3f; denied/possible/planned coded asserted %.1f%%; negation right %d/%d; claimant right %d/%d\n",
					set.name, s.Items, s.Found, s.Accuracy(), 100*s.HedgedAssertedRate(), s.NegatedRight, s.Found, s.ClaimantRight, s.Found)
				for _, m := range news.Modalities {
					b := s.ByGold[m]
					fmt.Fprintf(e.stdout, "  %-12s %3d/%3d\n", m, b[0], b[1])
				}
				if verbose {
					for _, l := range s.Errors {
						fmt.Fprintln(e.stdout, "  ", l)
					}
				}
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&shared, "shared", "", "folder holding data/<set> (default ../shared or $SITREP_SHARED)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list misses and per-type counts")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}

func eventJSON(s eval.EventScore) map[string]any {
	return map[string]any{"sentences": s.Sentences, "precision": s.Precision, "recall": s.Recall, "f1": s.F1,
		"source_accuracy": s.SourceAccuracy(), "target_accuracy": s.TargetAccuracy()}
}

func printEvents(e *env, name string, s eval.EventScore, el time.Duration, verbose bool) {
	fmt.Fprintf(e.stdout, "%s: %d sentences  type precision %.3f  recall %.3f  F1 %.3f  source %.3f (%d/%d)  target %.3f (%d/%d)  %.0f sentences/s\n",
		name, s.Sentences, s.Precision, s.Recall, s.F1, s.SourceAccuracy(), s.SourceRight, s.SourceTotal,
		s.TargetAccuracy(), s.TargetRight, s.TargetTotal, float64(s.Sentences)/el.Seconds())
	if !verbose {
		return
	}
	types := make([]string, 0, len(s.PerType))
	for t := range s.PerType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		c := s.PerType[t]
		fmt.Fprintf(e.stdout, "  %-10s tp %3d  fp %3d  fn %3d\n", t, c[0], c[1], c[2])
	}
	for _, m := range s.Misses {
		fmt.Fprintln(e.stdout, "  miss:", m)
	}
}

func printClasses(e *env, s eval.ClassScore, verbose bool) {
	fmt.Fprintf(e.stdout, "conflibert CAMEO test: %d sentences  quad-class accuracy %.3f  macro-F1 %.3f  source %.3f (%d/%d)  target %.3f (%d/%d)\n",
		s.Items, s.Accuracy(), s.MacroF1(), s.SourceAccuracy(), s.SourceRight, s.SourceTotal, s.TargetAccuracy(), s.TargetRight, s.TargetTotal)
	if !verbose {
		return
	}
	fmt.Fprintln(e.stdout, "  gold \\ coded   0    1    2    3    4")
	for g, row := range s.Confusion {
		fmt.Fprintf(e.stdout, "  %d           %4d %4d %4d %4d %4d\n", g, row[0], row[1], row[2], row[3], row[4])
	}
	for _, m := range s.Misses {
		fmt.Fprintln(e.stdout, "  miss:", m)
	}
}

func dirExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
