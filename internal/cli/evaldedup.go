package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
)

func newEvalDedupCmd(e *env) *cobra.Command {
	var verbose, asJSON bool
	cmd := &cobra.Command{
		Use:   "dedup",
		Short: "Score copy detection on the sample corpus's syndicated copies",
		Long: `Dedup reads the sample corpus's rendered pages through the pipeline, as
sitrep ingest does, finds the copies among them in reading order, and scores
the groups of copies against the articles' copy_of (the team's syndicated
copies: the same wire story under other outlets' headlines, cut or added
to): pairwise precision, recall and F1 over pairs of documents.`,
		Example: `  sitrep eval dedup
  sitrep eval dedup -v   # list the pairs missed or wrongly joined`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := eval.ScoreCorpusCopies(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(map[string]any{"copies": map[string]any{"documents": s.Documents,
					"gold_pairs": s.GoldPairs, "found_pairs": s.FoundPairs, "right": s.Right, "precision": s.P, "recall": s.R, "f1": s.F1}})
			}
			fmt.Fprintf(e.stdout, "copies, sample corpus: %d documents, %d gold pairs, %d found, %d right  precision %.3f  recall %.3f  F1 %.3f\n",
				s.Documents, s.GoldPairs, s.FoundPairs, s.Right, s.P, s.R, s.F1)
			if verbose {
				for _, m := range s.Misses {
					fmt.Fprintln(e.stdout, "  missed: ", m)
				}
				for _, x := range s.Extras {
					fmt.Fprintln(e.stdout, "  wrongly:", x)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list the pairs missed or wrongly joined")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}
