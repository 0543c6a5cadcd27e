package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
)

func newEvalCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Score sitrep against evaluation sets",
	}
	cmd.AddCommand(newEvalExtractionCmd(e), newEvalCleanerCmd(e), newEvalCorpusCmd(e), newEvalEventsCmd(e), newEvalQuantitiesCmd(e), newEvalDatesCmd(e), newEvalPlacesCmd(e), newEvalDedupCmd(e))
	return cmd
}

func newEvalExtractionCmd(e *env) *cobra.Command {
	var fallback, asJSON bool
	cmd := &cobra.Command{
		Use:   "extraction DIR...",
		Short: "Score main-text extraction on an HTML benchmark folder",
		Long: `Extraction scores HTML main-text extraction with each benchmark's own metric.
DIR is a benchmark folder: scrapinghub-article-extraction (4-token shingle
precision and recall per page, averaged) or trafilatura-eval-english
(must-have and must-not-have segments), as in ../shared/data.`,
		Example: `  sitrep eval extraction ../shared/data/scrapinghub-article-extraction ../shared/data/trafilatura-eval-english`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ex, err := extract.New(extract.Config{Fallback: fallback})
			if err != nil {
				return err
			}
			for _, dir := range args {
				b, err := eval.DetectBenchmark(dir)
				if err != nil {
					return err
				}
				pages, err := eval.LoadPages(b, dir)
				if err != nil {
					return err
				}
				s := eval.ScoreExtraction(b, pages, func(p eval.Page) (string, error) {
					doc := news.NewDocument(p.ID, news.FormatHTML, p.URL, p.HTML)
					err := ex.Process(context.Background(), doc)
					return doc.Text, err
				})
				if asJSON {
					if err := json.NewEncoder(e.stdout).Encode(map[string]any{
						"benchmark": b, "pages": s.Pages, "failed": s.Failed, "precision": s.Precision, "recall": s.Recall,
						"f1": s.F1, "accuracy": s.Accuracy, "pages_per_second": s.PagesPerSecond(), "fallback": fallback,
					}); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(e.stdout, "%s: %d pages (%d failed)  precision %.3f  recall %.3f  F1 %.3f  accuracy %.3f  %.0f pages/s on one core\n",
					b, s.Pages, s.Failed, s.Precision, s.Recall, s.F1, s.Accuracy, s.PagesPerSecond())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&fallback, "fallback", false, "enable go-trafilatura's fallback extractors")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	return cmd
}

func newEvalCleanerCmd(e *env) *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "cleaner [DIR...]",
		Short: "Score the plain-text boilerplate cleaner on labelled texts",
		Long: `Cleaner scores the plain-text boilerplate cleaner on labelled files (format in
internal/boilerplate/testdata/labelled/README.md): precision and recall of
the lines it removes, titles, links, dates and authors. Without DIR it
scores the team's sets in internal/boilerplate/testdata (run it from the
repository).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dirs := args
			if len(dirs) == 0 {
				root, err := eval.RepoRoot()
				if err != nil {
					return fmt.Errorf("%w: give the labelled folders as arguments", err)
				}
				for _, set := range []string{"labelled", "heldout"} {
					dirs = append(dirs, filepath.Join(root, "internal", "boilerplate", "testdata", set))
				}
			}
			for _, dir := range dirs {
				texts, err := eval.LoadLabelled(os.DirFS(dir), ".")
				if err != nil {
					return fmt.Errorf("%s: %w", dir, err)
				}
				s := eval.ScoreCleaner(texts, stampDay)
				fmt.Fprintf(e.stdout, "%s: %d texts, %d lines  removed lines: precision %.3f  recall %.3f  F1 %.3f\n",
					dir, s.Texts, s.Lines, s.Precision, s.Recall, s.F1)
				fmt.Fprintf(e.stdout, "  titles %d/%d  links %d/%d  dates %d/%d  authors %d/%d\n",
					s.TitleCorrect, s.Texts, s.LinksFound, s.Links, s.DatesCorrect, s.Dates, s.AuthorsCorrect, s.Bylines)
				if verbose {
					for _, le := range s.Errors {
						fmt.Fprintf(e.stdout, "  %s:%d want %s got %s  %s\n", le.Text, le.Line, le.Want, le.Got, le.Content)
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every misjudged line")
	return cmd
}

// stampDay reads a date stamp the way extraction does, as YYYY-MM-DD.
func stampDay(s string) string {
	d, ok := extract.ParseStamp(s)
	if !ok {
		return ""
	}
	return d.Time.Format("2006-01-02")
}

func newEvalCorpusCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "corpus",
		Short: "Score extraction on the built-in sample corpus against its canonical articles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := eval.ScoreCorpus(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "sample corpus: %d documents  text F1 %.3f (exact %d)  titles %d  dates %d  authors %d  sources %d\n",
				s.Documents, s.TextF1, s.ExactText, s.Titles, s.Dates, s.Authors, s.Sources)
			for _, m := range s.Misses {
				fmt.Fprintf(e.stdout, "  %s: %s\n", m.Input, m.What)
			}
			return nil
		},
	}
}
