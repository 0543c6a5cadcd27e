package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/story"
)

func newEvalDedupCmd(e *env) *cobra.Command {
	var shared string
	var verbose, asJSON bool
	cmd := &cobra.Command{
		Use:   "dedup",
		Short: "Score copies, stories and event merging",
		Long: `Dedup reads the sample corpus's rendered pages through the pipeline, as
sitrep ingest does, finds the copies among them in reading order, and scores
the groups of copies against the articles' copy_of (the team's syndicated
copies: the same wire story under other outlets' headlines, cut or added
to): pairwise precision, recall and F1 over pairs of documents.

It then groups the team's labelled reports (internal/eval/testdata/stories.tsv:
headlines and leads of real developments, several per story, in other words)
into stories as they would arrive, and scores every pair of them, counting
apart the hard negatives: reports of other stories within the window. It
scores event merging on the sample corpus against the team's labels
(internal/eval/testdata/incidents.tsv: which coded events are one
real-world incident), pairwise over the labelled events. Then
it groups the WikiRef220 pages (the web pages Wikipedia articles cite,
by topic) into stories and scores them against the topics (B-cubed); the
topics are coarser than stories, so the story threshold is shown at its
default and at two coarser settings. The set is read from --shared
(default ../shared, or $SITREP_SHARED).`,
		Example: `  sitrep eval dedup
  sitrep eval dedup -v   # list the pairs missed or wrongly joined`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := eval.ScoreCorpusCopies(cmd.Context())
			if err != nil {
				return err
			}
			out := map[string]any{"copies": map[string]any{"documents": s.Documents,
				"gold_pairs": s.GoldPairs, "found_pairs": s.FoundPairs, "right": s.Right, "precision": s.P, "recall": s.R, "f1": s.F1}}
			var lines []string
			lines = append(lines, fmt.Sprintf("copies, sample corpus: %d documents, %d gold pairs, %d found, %d right  precision %.3f  recall %.3f  F1 %.3f",
				s.Documents, s.GoldPairs, s.FoundPairs, s.Right, s.P, s.R, s.F1))
			items, err := eval.LoadStoryItems()
			if err != nil {
				return err
			}
			ps, err := eval.ScoreStoryPairs(items, story.DefaultThreshold)
			if err != nil {
				return err
			}
			out["story_pairs"] = map[string]any{"reports": ps.Documents, "stories": ps.Stories, "found": ps.Found,
				"gold_pairs": ps.GoldPairs, "found_pairs": ps.FoundPairs, "right": ps.Right, "precision": ps.P, "recall": ps.R, "f1": ps.F1,
				"hard_negatives": ps.HardNegatives, "hard_negatives_apart": ps.HardNegativesApart}
			lines = append(lines, fmt.Sprintf("stories, the team's labelled reports: %d reports of %d stories, %d found; %d gold pairs, %d found, %d right  precision %.3f  recall %.3f  F1 %.3f; hard negatives (other stories within %.0f hours) kept apart %d of %d",
				ps.Documents, ps.Stories, ps.Found, ps.GoldPairs, ps.FoundPairs, ps.Right, ps.P, ps.R, ps.F1, story.DefaultWindow.Hours(), ps.HardNegativesApart, ps.HardNegatives))
			if verbose {
				for _, m := range ps.Misses {
					lines = append(lines, "  missed:  "+m)
				}
				for _, x := range ps.Extras {
					lines = append(lines, "  wrongly: "+x)
				}
			}
			labels, err := eval.LoadIncidentLabels()
			if err != nil {
				return err
			}
			is, err := eval.ScoreIncidents(cmd.Context(), labels)
			if err != nil {
				return err
			}
			out["incidents"] = map[string]any{"labels": is.Labels, "unmatched_labels": is.Unmatched, "events": is.Events,
				"incidents": is.Incidents, "gold_pairs": is.GoldPairs, "found_pairs": is.FoundPairs, "right": is.Right,
				"precision": is.P, "recall": is.R, "f1": is.F1, "merged_incidents": is.Merged, "mergeable_reports": is.Reports}
			lines = append(lines, fmt.Sprintf("event merging, sample corpus: %d labelled events of %d incidents (%d of %d label lines match no coded event); %d gold pairs, %d found, %d right  precision %.3f  recall %.3f  F1 %.3f; over the corpus %d incidents of several reports among %d mergeable reports",
				is.Events, is.Incidents, is.Unmatched, is.Labels, is.GoldPairs, is.FoundPairs, is.Right, is.P, is.R, is.F1, is.Merged, is.Reports))
			if verbose {
				for _, m := range is.Misses {
					lines = append(lines, "  missed:  "+m)
				}
				for _, x := range is.Extras {
					lines = append(lines, "  wrongly: "+x)
				}
			}
			dir, ok := eval.SharedData("wikiref-news-clustering")
			if shared != "" {
				dir = filepath.Join(shared, "data", "wikiref-news-clustering")
				ok = dirExists(dir)
			}
			if ok {
				docs, err := eval.LoadWikiRef(dir)
				if err != nil {
					return err
				}
				// The set groups by topic, coarser than a story: the
				// threshold's other settings show the granularity.
				var sweep []map[string]any
				for _, th := range []float64{story.DefaultThreshold, 0.2, 0.1} {
					b := eval.ScoreStories(docs, th)
					sweep = append(sweep, map[string]any{"threshold": th, "clusters": b.Clusters, "precision": b.P, "recall": b.R, "f1": b.F1})
					what := "the default"
					if th != story.DefaultThreshold {
						what = "coarser"
					}
					lines = append(lines, fmt.Sprintf("stories, WikiRef220 (topics), threshold %.1f (%s): %d documents, %d clusters for %d topics  B-cubed precision %.3f  recall %.3f  F1 %.3f",
						th, what, b.Documents, b.Clusters, b.Classes, b.P, b.R, b.F1))
				}
				out["wikiref"] = sweep
			} else {
				lines = append(lines, dir+": wikiref-news-clustering not found; stories not scored (set --shared or SITREP_SHARED)")
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(out)
			}
			for _, l := range lines {
				fmt.Fprintln(e.stdout, l)
			}
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
	cmd.Flags().StringVar(&shared, "shared", "", "folder holding data/wikiref-news-clustering (default ../shared or $SITREP_SHARED)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list the pairs missed or wrongly joined")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}
