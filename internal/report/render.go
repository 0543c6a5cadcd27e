package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// Markdown writes r as Markdown: tables for the comparisons, numbered
// references to the documents.
func Markdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Situation report, %s to %s\n\n", r.Since, r.Until)
	fmt.Fprintf(&b, "%d events (real-world events, each counted once), against %d from %s to %s.", r.Events, r.PrevEvents, r.PrevSince, r.PrevUntil)
	if r.Truncated {
		b.WriteString(" The period held more events than were read; the counts are of the newest.")
	}
	b.WriteString("\n\n## Key developments\n\n")
	items(&b, r.Key, "Nothing was reported as having happened.")
	b.WriteString("\n## Planned, demanded or threatened, not (yet) happened\n\n")
	items(&b, r.Pending, "Nothing was reported as planned, demanded or threatened.")
	for _, t := range []struct {
		title, col string
		rows       []Compare
	}{{"Events by type", "type", r.ByType}, {"Events by place", "place", r.ByPlace}, {"Most active actors", "actor", r.Actors}} {
		fmt.Fprintf(&b, "\n## %s\n\n", t.title)
		if len(t.rows) == 0 {
			b.WriteString("None.\n")
			continue
		}
		fmt.Fprintf(&b, "| %s | %s to %s | %s to %s | change |\n|---|---:|---:|---:|\n", t.col, r.Since, r.Until, r.PrevSince, r.PrevUntil)
		for _, c := range t.rows {
			fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", cell(c.Label), c.Now, c.Before, change(c.Now, c.Before))
		}
	}
	b.WriteString("\n## Numbers claimed\n\n")
	if len(r.Claims) == 0 {
		b.WriteString("No amount was claimed more than once.\n")
	}
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "**%s**", c.Unit)
		if c.Disagree {
			fmt.Fprintf(&b, ": claims disagree, from %s to %s", num(c.Low), num(c.High))
		}
		b.WriteString("\n\n")
		for _, cl := range c.Claims {
			fmt.Fprintf(&b, "- %s%s%s (%s, %s) [%d]\n", plus(cl.Increment), approx(cl.Approximate), num(cl.Value), cl.Claimant, cl.Date, cl.Ref)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Sources\n\n")
	for _, s := range r.Sources {
		fmt.Fprintf(&b, "%d. %s, *%s*, %s", s.N, cell(s.Outlet), cell(s.Title), s.Published)
		if s.URL != "" {
			fmt.Fprintf(&b, ", <%s>", s.URL)
		}
		fmt.Fprintf(&b, " (document %s)\n", s.Document)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func items(b *strings.Builder, its []Item, none string) {
	if len(its) == 0 {
		b.WriteString(none + "\n")
		return
	}
	for i, it := range its {
		fmt.Fprintf(b, "%d. %s %s", i+1, refs(it.Refs), cell(it.Summary))
		fmt.Fprintf(b, "\n   > %s\n", cell(it.Sentence))
	}
}

func refs(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// cell keeps text from breaking a Markdown line or table.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}

func change(now, before int) string {
	switch {
	case before == 0 && now == 0:
		return "–"
	case before == 0:
		return "new"
	}
	return fmt.Sprintf("%+d%%", (now-before)*100/before)
}

// plus marks an amount added to another: "+3000".
func plus(inc bool) string {
	if inc {
		return "+"
	}
	return ""
}

func approx(a bool) string {
	if a {
		return "~"
	}
	return ""
}

func num(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

//go:embed report.html
var page string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"change": change, "num": num, "approx": approx, "plus": plus,
	"bars": bars,
	"list": func(ns ...int) []int { return ns },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}).Parse(page))

// HTML writes r as one self-contained HTML page: styles inline, charts
// as inline SVG, no script. Every text is escaped by html/template.
func HTML(w io.Writer, r *Report) error { return tmpl.Execute(w, r) }

// A bar is one row of a chart: the period's count beside the period
// before's, scaled to the chart's largest.
type bar struct {
	Label          string
	Now, Before    int
	WNow, WBefore  float64
	Y, YText, YPrv int
}

// barChart is what the template draws for one comparison.
type barChart struct {
	Bars   []bar
	Height int
}

func bars(rows []Compare) barChart {
	most := 1
	for _, c := range rows {
		most = max(most, c.Now, c.Before)
	}
	const width = 360.0
	var out barChart
	for i, c := range rows {
		y := 4 + i*26
		out.Bars = append(out.Bars, bar{Label: c.Label, Now: c.Now, Before: c.Before,
			WNow: width * float64(c.Now) / float64(most), WBefore: width * float64(c.Before) / float64(most),
			Y: y, YText: y + 11, YPrv: y + 13})
	}
	out.Height = 8 + len(rows)*26
	return out
}
