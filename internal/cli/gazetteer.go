package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
)

func newGazetteerCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "gazetteer",
		Short: "Work with place files",
	}
	cmd.AddCommand(newGazetteerImportCmd(e))
	return cmd
}

func newGazetteerImportCmd(e *env) *cobra.Command {
	var out string
	var countries []string
	var minRank int
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Convert a GeoNames dump into a place file",
		Long: `Import reads a GeoNames dump (allCountries.txt, a country file such as
IQ.txt, or cities500.txt) and writes the places sitrep keeps from it
(populated places, capitals, countries, provinces, districts, airports and
bases, with their Latin-script names) in the team's place format
(docs/lexicons.md), to review, edit and load with --places. GeoNames files
can also be given to --places directly.`,
		Example: `  sitrep gazetteer import cities500.txt --country IQ,SY --out theatre-places.txt
  sitrep extract --places theatre-places.txt page.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			g := gazetteer.New()
			if err := g.LoadGeoNames(args[0]); err != nil {
				return err
			}
			keep := map[string]bool{}
			for _, c := range countries {
				for _, c := range strings.Split(c, ",") {
					if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
						keep[gazetteer.ISO3(c)] = true
					}
				}
			}
			var places []*gazetteer.Place
			for _, p := range g.Places {
				if (len(keep) == 0 || keep[p.Country]) && p.Rank <= minRank {
					places = append(places, p)
				}
			}
			if err := e.writeTo(out, func(w io.Writer) error { return gazetteer.Write(w, places) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%d places written\n", len(places))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to this file (default standard output)")
	cmd.Flags().StringSliceVar(&countries, "country", nil, "keep only these countries (ISO codes, two or three letters)")
	cmd.Flags().IntVar(&minRank, "max-rank", 5, "keep places of this rank or more prominent (1 = capitals and cities of millions, 5 = villages)")
	return cmd
}
