package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/store"
)

func newStoriesCmd(e *env) *cobra.Command {
	var q store.StoryQuery
	var since, until string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stories",
		Short: "List stories: the documents that report one development",
		Long: `Stories lists the stories the store grouped documents into as they were
ingested, latest first: each with the title of its earliest report, when
it was first and last reported, how many documents and outlets report it,
and its documents (a syndicated copy names the document it copies).

Dates are YYYY-MM-DD: --since and --until keep the stories reported in
the range.`,
		Example: `  sitrep stories --since 2020-01-01 --until 2020-01-10
  sitrep stories --min-size 3 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if q.Since, err = parseDay("--since", since); err != nil {
				return err
			}
			if q.Until, err = parseDay("--until", until); err != nil {
				return err
			}
			if q.MinSize < 0 {
				return fmt.Errorf("--min-size %d: want 0 or more", q.MinSize)
			}
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			hits, err := st.Stories(cmd.Context(), q)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLines(e.stdout, hits, store.StoryHit.Record)
			}
			writeStories(e.stdout, hits)
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "reported on or after YYYY-MM-DD")
	cmd.Flags().StringVar(&until, "until", "", "reported on or before YYYY-MM-DD")
	cmd.Flags().IntVar(&q.MinSize, "min-size", 0, "only stories with at least this many documents")
	cmd.Flags().IntVar(&q.Limit, "limit", 50, "most stories listed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per story and line")
	return cmd
}

func writeStories(w io.Writer, hits []store.StoryHit) {
	if len(hits) == 0 {
		fmt.Fprintln(w, "no stories")
		return
	}
	for i, h := range hits {
		if i > 0 {
			fmt.Fprintln(w)
		}
		when := "undated"
		if !h.First.IsZero() {
			when = h.First.UTC().Format("2006-01-02 15:04")
			if h.Last.Sub(h.First) >= time.Minute {
				when += " to " + h.Last.UTC().Format("2006-01-02 15:04")
			}
		}
		fmt.Fprintf(w, "%s  %s\n    %s; %s from %s\n", h.ID, h.Title, when, plural(h.Size, "document"), plural(h.Sources, "outlet"))
		for _, m := range h.Members {
			day := "undated   "
			if !m.Published.IsZero() {
				day = m.Published.Time.UTC().Format(time.DateOnly)
			}
			fmt.Fprintf(w, "    %s  %s  %s: %s", m.Doc, day, orNone(m.Source), m.Title)
			if m.DuplicateOf != "" {
				fmt.Fprintf(w, "  (copy of %s)", m.DuplicateOf)
			}
			fmt.Fprintln(w)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "(no outlet)"
	}
	return s
}
