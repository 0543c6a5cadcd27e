package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func newQuantitiesCmd(e *env) *cobra.Command {
	var q store.QuantityQuery
	var role, since, until, format string
	cmd := &cobra.Command{
		Use:   "quantities",
		Short: "List the amounts stored documents state, with their evidence",
		Long: `Quantities lists the amounts the quantity stage read in stored documents,
newest first: the value, what the text allows (low and high), the unit, the
event it measures if any, and the sentence and document behind it.

--unit is what is counted, as sitrep writes it: a plural noun ("troops",
"protesters", "attacks", "civilians"), "killed" or "wounded" for casualty
counts with no noun, or a measure ("km", "percent", "usd"). --role keeps
the amounts that measure an event: size, fatalities or injured.`,
		Example: `  sitrep quantities --unit troops --since 2014-06-01
  sitrep quantities --role fatalities --min 10 --format csv > deaths.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch news.QuantityRole(role) {
			case "", news.Size, news.Fatalities, news.Injured:
				q.Role = news.QuantityRole(role)
			default:
				return fmt.Errorf("--role %q: want size, fatalities or injured", role)
			}
			var err error
			if q.Since, err = parseDay("--since", since); err != nil {
				return err
			}
			if q.Until, err = parseDay("--until", until); err != nil {
				return err
			}
			if format != "text" && format != "json" && format != "csv" {
				return fmt.Errorf("--format %q: want text, json or csv", format)
			}
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			hits, err := st.Quantities(cmd.Context(), q)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return writeJSONLines(e.stdout, hits, store.QuantityHit.Record)
			case "csv":
				return writeQuantitiesCSV(e.stdout, hits)
			}
			writeQuantities(e.stdout, hits)
			return nil
		},
	}
	cmd.Flags().StringVar(&q.Unit, "unit", "", "what is counted: troops, killed, km, ...")
	cmd.Flags().StringVar(&role, "role", "", "size, fatalities or injured")
	cmd.Flags().Float64Var(&q.Min, "min", 0, "value at least this")
	cmd.Flags().StringVar(&since, "since", "", "published on or after YYYY-MM-DD")
	cmd.Flags().StringVar(&until, "until", "", "published on or before YYYY-MM-DD")
	cmd.Flags().StringVar(&format, "format", "text", "text, json (one object per line) or csv")
	cmd.Flags().IntVar(&q.Limit, "limit", 100, "most amounts listed")
	return cmd
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// rangeText renders what the text allows: "275", "up to 275", "6000 or more", "3000-5000".
func rangeText(r news.QuantityRecord) string {
	switch {
	case r.Low != nil && r.High != nil && *r.Low == *r.High:
		return number(*r.Low)
	case r.Low != nil && r.High != nil:
		return number(*r.Low) + "-" + number(*r.High)
	case r.Low != nil:
		return number(*r.Low) + " or more"
	case r.High != nil:
		return "up to " + number(*r.High)
	}
	return "about " + number(r.Value)
}

func writeQuantities(w io.Writer, hits []store.QuantityHit) {
	if len(hits) == 0 {
		fmt.Fprintln(w, "no quantities")
		return
	}
	for _, h := range hits {
		r := h.Quantity
		unit := r.Unit
		if unit == "" {
			unit = "-"
		}
		fmt.Fprintf(w, "%s  %s %s  (%q)", h.Published.String(), rangeText(r), unit, r.Text)
		if r.Role != nil {
			fmt.Fprintf(w, "  %s of %s", *r.Role, h.EventType)
		}
		if r.Claimant != nil {
			fmt.Fprintf(w, "\n    claimed by: %s", *r.Claimant)
		}
		fmt.Fprintf(w, "\n    %s\n    %s  %s  %s\n", r.Sentence, h.Doc, h.Source, h.Title)
	}
}

func writeQuantitiesCSV(w io.Writer, hits []store.QuantityHit) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"published", "value", "low", "high", "unit", "approximate", "text", "claimant", "role", "event_type",
		"sentence", "document", "source_outlet", "title", "url"})
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return number(*f)
	}
	for _, h := range hits {
		r := h.Quantity
		role, claim := "", ""
		if r.Role != nil {
			role = *r.Role
		}
		if r.Claimant != nil {
			claim = *r.Claimant
		}
		cw.Write([]string{h.Published.String(), number(r.Value), opt(r.Low), opt(r.High), r.Unit, fmt.Sprint(r.Approximate),
			r.Text, claim, role, h.EventType, strings.TrimSpace(r.Sentence), string(h.Doc), h.Source, h.Title, h.URL})
	}
	cw.Flush()
	return cw.Error()
}
