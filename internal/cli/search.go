package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func newSearchCmd(e *env) *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search over stored documents, best matches first",
		Long: `Search finds stored documents by their words and shows the best matches
with a snippet. All words must match; use "quoted phrases", OR between
alternatives, -word to exclude a word and word* for a prefix. Title
matches count more than body matches.`,
		Example: `  sitrep search Mosul airstrike
  sitrep search '"Ain al-Asad" rockets' --limit 5
  sitrep search 'Soleimani OR Muhandis' --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			hits, err := st.Search(cmd.Context(), store.Query{Text: strings.Join(args, " "), Limit: limit})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLines(e.stdout, hits, store.Hit.Record)
			}
			writeHits(e.stdout, hits)
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 10, "most results shown")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per result")
	return cmd
}

// writeJSONLines writes each hit's record as one JSON object per line.
func writeJSONLines[H, R any](w io.Writer, hits []H, record func(H) R) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, h := range hits {
		if err := enc.Encode(record(h)); err != nil {
			return err
		}
	}
	return nil
}

func writeHits(w io.Writer, hits []store.Hit) {
	if len(hits) == 0 {
		fmt.Fprintln(w, "no documents match")
		return
	}
	for i, h := range hits {
		d := h.Doc
		date := d.Published.Time.Format(time.DateOnly)
		if d.Published.IsZero() {
			date = "(no date)  "
		}
		fmt.Fprintf(w, "%2d. %s  %s  %s\n", i+1, d.ID, date, orDash(d.Source))
		fmt.Fprintf(w, "    %s\n", orDash(d.Title))
		fmt.Fprintf(w, "    %s\n", strings.Join(strings.Fields(h.Snippet), " "))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newShowCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one stored document with its metadata",
		Long:  "Show prints a stored document. ID may be shortened to any unique prefix of at least 4 characters.",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			d, err := st.Get(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			hits, err := st.Events(cmd.Context(), store.EventQuery{Doc: d.ID, Limit: 10000})
			if err != nil {
				return err
			}
			qhits, err := st.Quantities(cmd.Context(), store.QuantityQuery{Doc: d.ID, Limit: 10000})
			if err != nil {
				return err
			}
			if asJSON {
				r := d.Record()
				for _, h := range hits {
					r.Events = append(r.Events, h.Event)
				}
				for _, h := range qhits {
					r.Quantities = append(r.Quantities, h.Quantity)
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			writeDocument(e.stdout, d)
			if len(hits) > 0 {
				fmt.Fprintf(e.stdout, "\n%d events:\n", len(hits))
				writeEvents(e.stdout, hits)
			}
			if len(qhits) > 0 {
				fmt.Fprintf(e.stdout, "\n%d quantities:\n", len(qhits))
				writeQuantities(e.stdout, qhits)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the document as JSON")
	return cmd
}

func writeDocument(w io.Writer, d *news.Document) {
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-10s %s\n", name+":", value)
		}
	}
	field("id", string(d.ID))
	field("title", d.Title)
	field("published", d.Published.String())
	field("source", d.Source)
	field("authors", strings.Join(d.Authors, "; "))
	field("language", d.Language)
	field("url", d.URL)
	field("input", d.Input)
	field("copy of", string(d.DuplicateOf))
	field("story", d.Story)
	for _, p := range d.Problems {
		field("problem", p.Stage+": "+p.Message)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, d.Text)
	if len(d.Links) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "links:")
		for _, l := range d.Links {
			if l.URL != "" {
				fmt.Fprintf(w, "  %s <%s>\n", l.Text, l.URL)
			} else {
				fmt.Fprintf(w, "  %s\n", l.Text)
			}
		}
	}
}

func newStatsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Summarise what the database holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.Stats(cmd.Context())
			if err != nil {
				return err
			}
			writeStats(e.stdout, s)
			return nil
		},
	}
}

func writeStats(w io.Writer, s store.Stats) {
	fmt.Fprint(w, plural(s.Documents, "document"))
	if !s.First.IsZero() {
		fmt.Fprintf(w, ", published %s to %s", s.First.Format(time.DateOnly), s.Last.Format(time.DateOnly))
	}
	fmt.Fprintln(w)
	if s.WithoutDate > 0 {
		fmt.Fprintf(w, "%d without a publication date\n", s.WithoutDate)
	}
	if s.WithProblems > 0 {
		fmt.Fprintf(w, "%d with warnings\n", s.WithProblems)
	}
	if s.Copies > 0 {
		fmt.Fprintf(w, "%d copies of earlier documents (duplicate_of)\n", s.Copies)
	}
	if s.Stories > 0 {
		fmt.Fprintf(w, "%d stories, %d of them of more than one document\n", s.Stories, s.StoriesShared)
	}
	if s.Events > 0 {
		fmt.Fprintf(w, "%s coded, %s once reports of one event are merged\n", plural(s.Events, "event"), plural(s.Incidents, "event"))
	}
	list := func(name string, counts []store.Count) {
		var parts []string
		for _, c := range counts {
			parts = append(parts, fmt.Sprintf("%s %d", orDash(c.Value), c.N))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%-10s %s\n", name+":", strings.Join(parts, ", "))
		}
	}
	list("sources", s.Sources)
	list("languages", s.Languages)
}
