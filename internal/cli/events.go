package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func newEventsCmd(e *env) *cobra.Command {
	var q store.EventQuery
	var modality, since, until, format, near string
	cmd := &cobra.Command{
		Use:   "events",
		Short: "List stored events with their evidence",
		Long: `Events lists the events coded from stored documents, newest first, each
with its type, modality, source and target actors, and the sentence and
document behind it.

--actor takes a code prefix in capitals (IRQ, USAMIL, IMGISI) or part of a
name in any other case (kataib, "popular mobilization"); it matches source
or target. Dates are YYYY-MM-DD: --since and --until keep the events whose
own date (the period the text dates them to) overlaps the range, or, for an
undated event, whose document was published in it. --near keeps events
placed within KM of LAT,LON.

Reports of one real-world event (the strike a wire story, its rewrites and
next week's background paragraph all tell of) are merged into one event,
listed once with every report as its evidence, the outlets that report it,
and why each report was merged. --reports lists each report on its own;
"sitrep events split" undoes a merge.`,
		Example: `  sitrep events --type ASSAULT --modality asserted
  sitrep events --actor USAMIL --since 2020-01-01 --until 2020-01-31
  sitrep events --modality planned --format csv > planned.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if q.Type != "" && !validType(q.Type) {
				return fmt.Errorf("--type %q: not a PLOVER type (%s)", q.Type, strings.Join(event.Types, ", "))
			}
			if modality != "" {
				q.Modality = news.Modality(strings.ToLower(modality))
				ok := false
				for _, m := range news.Modalities {
					ok = ok || m == q.Modality
				}
				if !ok {
					return fmt.Errorf("--modality %q: want one of %v", modality, news.Modalities)
				}
			}
			var err error
			if q.Since, err = parseDay("--since", since); err != nil {
				return err
			}
			if q.Until, err = parseDay("--until", until); err != nil {
				return err
			}
			if format != "text" && format != "json" && format != "csv" && format != "geojson" {
				return fmt.Errorf("--format %q: want text, json, csv or geojson", format)
			}
			if near != "" {
				c, err := parseNear(near)
				if err != nil {
					return err
				}
				q.Near = &c
			}
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			hits, err := st.Events(cmd.Context(), q)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return writeJSONLines(e.stdout, hits, store.EventHit.Record)
			case "csv":
				return writeEventsCSV(e.stdout, hits)
			case "geojson":
				return writeEventsGeoJSON(e.stdout, hits)
			}
			writeEvents(e.stdout, hits)
			return nil
		},
	}
	cmd.Flags().StringVar(&q.Type, "type", "", "PLOVER event type, e.g. ASSAULT")
	cmd.Flags().StringVar(&q.Actor, "actor", "", "actor code prefix (USAMIL) or part of a name (kataib)")
	cmd.Flags().StringVar(&modality, "modality", "", "asserted, planned, possible, demanded, threatened, denied, conditional or background")
	cmd.Flags().StringVar(&since, "since", "", "happened on or after YYYY-MM-DD")
	cmd.Flags().StringVar(&until, "until", "", "happened on or before YYYY-MM-DD")
	cmd.Flags().StringVar(&near, "near", "", "placed within KM of LAT,LON: 36.34,43.13,50")
	cmd.Flags().StringVar(&format, "format", "text", "text, json (one object per line), csv or geojson (placed events, for maps)")
	cmd.Flags().IntVar(&q.Limit, "limit", 100, "most events listed")
	cmd.Flags().BoolVar(&q.Reports, "reports", false, "list every document's report of an event, not one line per real-world event")
	cmd.AddCommand(newEventsSplitCmd(e))
	return cmd
}

func newEventsSplitCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "split DOCUMENT:INDEX",
		Short: "Take a report out of the event it was merged into",
		Long: `Split undoes a merge: the report named (as sitrep events prints it,
DOCUMENT:INDEX) leaves the real-world event it was merged into and stands
alone, and is never merged into that event again.`,
		Example: `  sitrep events split 5bde0477a55dfdd6:8`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			from, err := st.Split(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s now stands alone; it was one of %s's reports\n", args[0], from)
			return nil
		},
	}
}

// parseNear reads "LAT,LON,KM".
func parseNear(s string) (store.Circle, error) {
	parts := strings.Split(s, ",")
	var v [3]float64
	ok := len(parts) == 3
	for i := 0; ok && i < 3; i++ {
		f, err := strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
		v[i], ok = f, err == nil
	}
	if !ok || v[0] < -90 || v[0] > 90 || v[1] < -180 || v[1] > 180 || v[2] <= 0 {
		return store.Circle{}, fmt.Errorf("--near %q: want LAT,LON,KM, e.g. 36.34,43.13,50", s)
	}
	return store.Circle{Lat: v[0], Lon: v[1], Km: v[2]}, nil
}

// writeEventsGeoJSON writes the placed events as a GeoJSON
// FeatureCollection of points, each with the event's record as properties.
func writeEventsGeoJSON(w io.Writer, hits []store.EventHit) error {
	type feature struct {
		Type       string               `json:"type"`
		Geometry   map[string]any       `json:"geometry"`
		Properties store.EventHitRecord `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for _, h := range hits {
		if h.Event.Place == nil {
			continue
		}
		fc.Features = append(fc.Features, feature{Type: "Feature",
			Geometry:   map[string]any{"type": "Point", "coordinates": []float64{h.Event.Place.Lon, h.Event.Place.Lat}},
			Properties: h.Record()})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(fc)
}

func validType(t string) bool {
	for _, x := range event.Types {
		if strings.EqualFold(x, t) {
			return true
		}
	}
	return false
}

func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want YYYY-MM-DD", flag, s)
	}
	return t, nil
}

func actorText(a *news.ActorRef) string {
	if a == nil {
		return "-"
	}
	return fmt.Sprintf("%s [%s]", a.Text, a.Code)
}

func writeEvents(w io.Writer, hits []store.EventHit) {
	if len(hits) == 0 {
		fmt.Fprintln(w, "no events")
		return
	}
	for _, h := range hits {
		ev := h.Event
		mode := ""
		if ev.Mode != nil {
			mode = "/" + *ev.Mode
		}
		neg := ""
		if ev.Negated {
			neg = " negated"
		}
		fmt.Fprintf(w, "%s  %s%s  %s%s  %s -> %s  (%q)\n", h.Published.String(), ev.Type, mode, ev.Modality, neg,
			actorText(ev.SourceActor), actorText(ev.TargetActor), ev.Trigger)
		if ev.Claimant != nil {
			fmt.Fprintf(w, "    claimed by: %s\n", *ev.Claimant)
		}
		if m := measured(ev); m != "" {
			fmt.Fprintf(w, "    %s\n", m)
		}
		if ev.Date != nil && ev.DatePrecision != nil && *ev.DatePrecision != news.PrecisionReported {
			fmt.Fprintf(w, "    dated %s (%s)\n", *ev.Date, *ev.DatePrecision)
		}
		if p := ev.Place; p != nil && p.Precision != "country" && p.Precision != "region" {
			rel := ""
			if p.Relation != nil {
				rel = *p.Relation + " "
			}
			fmt.Fprintf(w, "    at %s%s, %s (%.4f, %.4f)\n", rel, p.Name, p.Country, p.Lat, p.Lon)
		}
		fmt.Fprintf(w, "    %s\n    %s:%d  %s  %s\n", ev.Sentence, h.Doc, h.Index, h.Source, h.Title)
		if h.Reports > 1 {
			writeEvidence(w, h)
		}
	}
}

// writeEvidence lists an incident's reports a document to a line, with
// why the document's first report was merged.
func writeEvidence(w io.Writer, h store.EventHit) {
	more := ""
	if len(h.Evidence) < h.Reports {
		more = fmt.Sprintf(", the first %d", len(h.Evidence))
	}
	fmt.Fprintf(w, "    one of %d reports from %s (incident %s%s):\n", h.Reports, plural(h.Sources, "outlet"), h.Incident, more)
	for i := 0; i < len(h.Evidence); {
		e := h.Evidence[i]
		var trig []string
		why := e.Why // how the document's first report joined
		j := i
		for ; j < len(h.Evidence) && h.Evidence[j].Doc == e.Doc; j++ {
			trig = append(trig, fmt.Sprintf("%q (%d)", h.Evidence[j].Trigger, h.Evidence[j].Index))
		}
		fmt.Fprintf(w, "      %s  %s  %s: %s\n", e.Doc, e.Published.String(), orNone(e.Source), strings.Join(trig, ", "))
		if why != "" {
			fmt.Fprintf(w, "        merged: %s\n", why)
		}
		i = j
	}
}

// measured renders an event's size and casualties: "size 275, killed 3".
func measured(ev news.EventRecord) string {
	var parts []string
	for _, m := range []struct {
		name string
		v    *float64
	}{{"size", ev.Size}, {"killed", ev.Fatalities}, {"wounded", ev.Injured}} {
		if m.v != nil {
			parts = append(parts, m.name+" "+number(*m.v))
		}
	}
	return strings.Join(parts, ", ")
}

func writeEventsCSV(w io.Writer, hits []store.EventHit) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"published", "type", "mode", "modality", "negated", "source", "source_code", "target", "target_code",
		"trigger", "claimant", "confidence", "size", "fatalities", "injured", "date", "date_precision",
		"place", "lat", "lon", "place_precision", "sentence", "document", "source_outlet", "title", "url",
		"incident", "source_count", "reports"})
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return number(*f)
	}
	for _, h := range hits {
		ev := h.Event
		ref := func(a *news.ActorRef) (string, string) {
			if a == nil {
				return "", ""
			}
			return a.Text, a.Code
		}
		st, sc := ref(ev.SourceActor)
		tt, tc := ref(ev.TargetActor)
		mode, claim := "", ""
		if ev.Mode != nil {
			mode = *ev.Mode
		}
		if ev.Claimant != nil {
			claim = *ev.Claimant
		}
		date, precision := "", ""
		if ev.Date != nil && ev.DatePrecision != nil {
			date, precision = *ev.Date, string(*ev.DatePrecision)
		}
		place, lat, lon, pp := "", "", "", ""
		if p := ev.Place; p != nil {
			place, lat, lon, pp = p.Name, number(p.Lat), number(p.Lon), p.Precision
		}
		cw.Write([]string{h.Published.String(), ev.Type, mode, string(ev.Modality), fmt.Sprint(ev.Negated), st, sc, tt, tc,
			ev.Trigger, claim, fmt.Sprintf("%.2f", ev.Confidence), opt(ev.Size), opt(ev.Fatalities), opt(ev.Injured),
			date, precision, place, lat, lon, pp, ev.Sentence, string(h.Doc), h.Source, h.Title, h.URL,
			h.Incident, fmt.Sprint(h.Sources), fmt.Sprint(h.Reports)})
	}
	cw.Flush()
	return cw.Error()
}
