package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/report"
)

func newReportCmd(e *env) *cobra.Command {
	var since, until, format, out string
	cmd := &cobra.Command{
		Use:   "report [--since D] [--until D] [--format md|html] [--out FILE]",
		Short: "Write the situation report of a period",
		Long: `Report writes the situation report of a period (days inclusive; by default
the week ending on the day of the latest document stored):

  - key developments: events reported as having happened, the most widely
    reported first, each with the documents behind it;
  - events by type and by place, and the most active actors, against the
    period before, as long (charts in the HTML);
  - the numbers claimed, by what they count, with who claims them and where
    the claims disagree;
  - what is planned, demanded or threatened but has not happened;
  - the sources, numbered, that every line cites.

Markdown goes well in an email or a wiki; the HTML is one page with no
script and nothing fetched, to send on as it is. The dashboard shows the
same report.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := parseDay("--since", since)
			if err != nil {
				return err
			}
			u, err := parseDay("--until", until)
			if err != nil {
				return err
			}
			if format != "md" && format != "html" {
				return fmt.Errorf("--format %q: want md or html", format)
			}
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if s, u, err = report.Span(cmd.Context(), st, s, u); err != nil {
				return err
			}
			r, err := report.Build(cmd.Context(), st, s, u, report.Options{})
			if err != nil {
				return err
			}
			return e.writeTo(out, func(w io.Writer) error {
				if format == "html" {
					return report.HTML(w, r)
				}
				return report.Markdown(w, r)
			})
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "first day (YYYY-MM-DD); a week before --until by default")
	cmd.Flags().StringVar(&until, "until", "", "last day (YYYY-MM-DD); the latest document's day by default")
	cmd.Flags().StringVar(&format, "format", "md", "md or html")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to this file instead of standard output")
	return cmd
}
