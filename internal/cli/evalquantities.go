package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
)

func newEvalQuantitiesCmd(e *env) *cobra.Command {
	var shared string
	var verbose, asJSON bool
	cmd := &cobra.Command{
		Use:   "quantities",
		Short: "Score amount extraction on re3d's Quantity entities",
		Long: `Quantities runs sentence splitting and the quantity stage on the re3d
documents (Syria/Iraq conflict reporting) and matches the amounts found with
the gold Quantity entities by overlap: precision, recall, F1, and how often a
matched amount has the value of the gold text. The set is read from
--shared (default ../shared, or $SITREP_SHARED).`,
		Example: `  sitrep eval quantities
  sitrep eval quantities -v   # list misses and extra amounts`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, ok := eval.SharedData("re3d")
			if shared != "" {
				dir = filepath.Join(shared, "data", "re3d")
				ok = dirExists(dir)
			}
			if !ok {
				return fmt.Errorf("%s: re3d not found (set --shared or SITREP_SHARED)", dir)
			}
			docs, err := eval.LoadRe3d(dir)
			if err != nil {
				return err
			}
			s := eval.ScoreQuantities(docs)
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"documents": s.Docs, "gold": s.Gold, "found": s.Found,
					"precision": s.Precision, "recall": s.Recall, "f1": s.F1, "value_right": s.ValueRight, "value_total": s.ValueTotal})
			}
			fmt.Fprintf(e.stdout, "re3d quantities: %d documents, %d gold, %d found  precision %.3f  recall %.3f  F1 %.3f  value right %d/%d\n",
				s.Docs, s.Gold, s.Found, s.Precision, s.Recall, s.F1, s.ValueRight, s.ValueTotal)
			if verbose {
				for _, m := range s.Misses {
					fmt.Fprintln(e.stdout, "  miss: ", m)
				}
				for _, x := range s.Extra {
					fmt.Fprintln(e.stdout, "  extra:", x)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&shared, "shared", "", "folder holding data/re3d (default ../shared or $SITREP_SHARED)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list misses and extra amounts")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}
