package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
)

func newEvalDatesCmd(e *env) *cobra.Command {
	var shared string
	var verbose, asJSON bool
	cmd := &cobra.Command{
		Use:   "dates",
		Short: "Score date resolution on TempEval-3's DATE expressions",
		Long: `Dates runs sentence splitting and the date stage on the TempEval-3 TBAQ
documents (TimeBank and AQUAINT news), each published on its creation date,
and scores the gold DATE expressions: found (a resolved expression overlaps
it) and right (with the same TimeML value). The set is read from --shared
(default ../shared, or $SITREP_SHARED).`,
		Example: `  sitrep eval dates
  sitrep eval dates -v   # list misses and wrong values`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, ok := eval.SharedData("tempeval3-tbaq")
			if shared != "" {
				dir = filepath.Join(shared, "data", "tempeval3-tbaq")
				ok = dirExists(dir)
			}
			if !ok {
				return fmt.Errorf("%s: tempeval3-tbaq not found (set --shared or SITREP_SHARED)", dir)
			}
			docs, err := eval.LoadTempEval(dir)
			if err != nil {
				return err
			}
			s := eval.ScoreTimex(docs)
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"documents": s.Docs, "dates": s.Dates, "found": s.Found,
					"right": s.Right, "accuracy": s.Accuracy(), "extracted": s.Extracted, "extracted_matching_gold": s.Matched})
			}
			fmt.Fprintf(e.stdout, "tempeval3 DATE expressions: %d documents, %d dates, found %d, right value %d: accuracy %.3f; %d of %d expressions found overlap a gold TIMEX3\n",
				s.Docs, s.Dates, s.Found, s.Right, s.Accuracy(), s.Matched, s.Extracted)
			if verbose {
				for _, m := range s.Errors {
					fmt.Fprintln(e.stdout, "  ", m)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&shared, "shared", "", "folder holding data/tempeval3-tbaq (default ../shared or $SITREP_SHARED)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list misses and wrong values")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}
