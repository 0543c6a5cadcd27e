package eval

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/incident"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// An IncidentLabel names the events of one corpus article that report one
// real-world incident (testdata/incidents.tsv).
type IncidentLabel struct {
	Line     int
	Incident string
	Article  string // a corpus ID, or a prefix ending in *
	Type     string
	Trigger  string // "*" for any
	Words    string // in the event's sentence
}

//go:embed testdata/incidents.tsv
var incidentsTSV string

// LoadIncidentLabels reads the team's incident labels of the sample corpus.
func LoadIncidentLabels() ([]IncidentLabel, error) {
	var out []IncidentLabel
	for n, line := range strings.Split(incidentsTSV, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || slices.Contains(f, "") {
			return nil, fmt.Errorf("incidents.tsv:%d: want 5 non-empty fields (incident, article, type, trigger, words)", n+1)
		}
		out = append(out, IncidentLabel{n + 1, f[0], f[1], f[2], f[3], f[4]})
	}
	return out, nil
}

func (l IncidentLabel) matches(article string, e news.EventRecord) bool {
	if p, ok := strings.CutSuffix(l.Article, "*"); ok {
		if !strings.HasPrefix(article, p) {
			return false
		}
	} else if article != l.Article {
		return false
	}
	return e.Type == l.Type && (l.Trigger == "*" || strings.EqualFold(e.Trigger, l.Trigger)) && strings.Contains(e.Sentence, l.Words)
}

// IncidentScore is how well events are merged into incidents on the
// sample corpus: pairwise over the labelled events.
type IncidentScore struct {
	PairScore
	Labels, Unmatched int // label lines, and those no coded event matches
	Events            int // coded events the labels match
	Incidents         int // labelled incidents
	Merged            int // incidents of more than one report over the whole corpus
	Reports           int // mergeable reports over the whole corpus
}

// ScoreIncidents codes the sample corpus, groups every event into
// incidents in order of publication (as a store receives them), and scores
// every pair of labelled events: those of one labelled incident should
// share an incident, the others should not.
func ScoreIncidents(ctx context.Context, labels []IncidentLabel) (IncidentScore, error) {
	type coded struct {
		article   string
		published news.Date
		doc       *news.Document
		records   []news.EventRecord
		reports   []incident.Report
	}
	var docs []coded
	err := readCorpus(ctx, func(d *news.Document, a corpus.Article) error {
		docs = append(docs, coded{article: a.ID, published: d.Published, doc: d, records: d.Record().Events})
		return nil
	})
	if err != nil {
		return IncidentScore{}, err
	}
	slices.SortStableFunc(docs, func(a, b coded) int {
		if c := a.published.Time.Compare(b.published.Time); c != 0 {
			return c
		}
		return strings.Compare(a.article, b.article)
	})
	// Copies are found as the store finds them, in order of arrival: a
	// copy's reports meet its original's.
	found := duplicate.NewMemory()
	var all []incident.Report
	for i := range docs {
		d := &docs[i]
		dec, err := found.Add(ctx, duplicate.EntryOf(d.doc))
		if err != nil {
			return IncidentScore{}, err
		}
		d.doc.DuplicateOf = dec.Of
		d.reports = incident.Reports(d.doc)
		all = append(all, d.reports...)
	}
	s := IncidentScore{Labels: len(labels)}
	of := map[string]string{} // report Ref to its incident
	for _, in := range incident.Group(all) {
		for _, r := range in.Reports {
			of[r.Ref()] = in.ID
		}
		if len(in.Reports) > 1 {
			s.Merged++
		}
	}
	for _, r := range all {
		if r.Mergeable() {
			s.Reports++
		}
	}
	type labelled struct {
		ref, gold, what string
	}
	var evs []labelled
	seen := map[string]bool{}
	golds := map[string]bool{}
	for _, l := range labels {
		golds[l.Incident] = true
		found := false
		for _, d := range docs {
			for i, e := range d.records {
				if !l.matches(d.article, e) {
					continue
				}
				found = true
				ref := d.reports[i].Ref()
				if seen[ref] {
					continue // two lines name one event: the first one's label holds
				}
				seen[ref] = true
				evs = append(evs, labelled{ref, l.Incident, fmt.Sprintf("%s %q in %s", e.Type, e.Trigger, d.article)})
			}
		}
		if !found {
			s.Unmatched++
		}
	}
	s.Events, s.Incidents, s.Documents = len(evs), len(golds), len(docs)
	for i, a := range evs {
		for _, b := range evs[i+1:] {
			s.pair(a.gold == b.gold, of[a.ref] == of[b.ref], func() string {
				return fmt.Sprintf("%s (%s) and %s (%s)", a.what, a.gold, b.what, b.gold)
			})
		}
	}
	s.finish()
	return s, nil
}
