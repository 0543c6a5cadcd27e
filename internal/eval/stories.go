package eval

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
	"github.com/sitrep-dev/sitrep/internal/story"
)

// A TopicDoc is one document of a topic clustering set.
type TopicDoc struct {
	ID, Topic, Title, Text string
}

// LoadWikiRef reads WikiRef220.jsonl: web pages cited by Wikipedia
// articles, by topic. The first line of a page is its title.
func LoadWikiRef(dir string) ([]TopicDoc, error) {
	path := filepath.Join(dir, "WikiRef220.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []TopicDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r struct{ File, Topic, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		text := strings.ReplaceAll(r.Text, "\r\n", "\n")
		title, body, _ := strings.Cut(strings.TrimSpace(text), "\n")
		out = append(out, TopicDoc{ID: r.File, Topic: r.Topic, Title: strings.TrimSpace(title), Text: body})
	}
	return out, sc.Err()
}

// BCubed is the B-cubed precision, recall and F1 of a clustering: for each
// document, the share of its cluster in its gold class and the share of
// its class in its cluster, averaged over documents.
type BCubed struct {
	Documents, Clusters, Classes int
	P, R, F1                     float64
}

// ScoreStories clusters the documents into stories in the order given
// (dates unknown, so the time window does not apply) and scores the
// stories against the topics.
func ScoreStories(docs []TopicDoc, threshold float64) BCubed {
	c := story.New()
	c.Threshold = threshold
	cluster := map[string]string{}
	for _, d := range docs {
		s, err := c.Add(context.Background(), story.Report{ID: news.ID(d.ID), Title: d.Title, Text: d.Text})
		if err != nil {
			panic(err) // a Memory index fails nothing
		}
		cluster[d.ID] = s.ID
	}
	classes := map[string]bool{}
	for _, d := range docs {
		classes[d.Topic] = true
	}
	s := BCubed{Documents: len(docs), Clusters: len(c.Index.(*story.Memory).Stories()), Classes: len(classes)}
	for _, d := range docs {
		var inCluster, inClass, both int
		for _, e := range docs {
			sameCluster, sameClass := cluster[e.ID] == cluster[d.ID], e.Topic == d.Topic
			if sameCluster {
				inCluster++
			}
			if sameClass {
				inClass++
			}
			if sameCluster && sameClass {
				both++
			}
		}
		s.P += float64(both) / float64(inCluster)
		s.R += float64(both) / float64(inClass)
	}
	if len(docs) > 0 {
		s.P /= float64(len(docs))
		s.R /= float64(len(docs))
	}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// A StoryItem is one report of the team's labelled story set
// (testdata/stories.tsv).
type StoryItem struct {
	Line           int
	Story          string
	Published      time.Time
	Headline, Lead string
}

//go:embed testdata/stories.tsv
var storiesTSV string

// LoadStoryItems reads the team's labelled story set.
func LoadStoryItems() ([]StoryItem, error) {
	var out []StoryItem
	for n, line := range strings.Split(storiesTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("stories.tsv:%d: %d fields, want 4 (story, published, headline, lead)", n+1, len(f))
		}
		at, err := time.Parse(time.RFC3339, f[1])
		if err != nil {
			return nil, fmt.Errorf("stories.tsv:%d: %w", n+1, err)
		}
		out = append(out, StoryItem{Line: n + 1, Story: f[0], Published: at, Headline: f[2], Lead: f[3]})
	}
	return out, nil
}

// StoryPairScore is PairScore with the hard negatives counted apart:
// reports of different stories published within the story window of each
// other.
type StoryPairScore struct {
	PairScore
	Stories, Found     int
	HardNegatives      int
	HardNegativesApart int
}

// ScoreStoryPairs clusters the labelled reports into stories in order of
// publication, as they would arrive, and scores every pair: pairwise
// precision, recall and F1 of "same story", and how many hard negatives
// stay apart.
func ScoreStoryPairs(items []StoryItem, threshold float64) (StoryPairScore, error) {
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b StoryItem) int { return a.Published.Compare(b.Published) })
	read, err := reader()
	if err != nil {
		return StoryPairScore{}, err
	}
	c := story.New()
	c.Threshold = threshold
	got := make([]string, len(sorted))
	gold := map[string]bool{}
	for i, it := range sorted {
		// The pipeline reads the headline and the lead as one short text.
		d := read(it.Headline+".\n\n"+it.Lead, it.Published)
		st, err := c.Add(context.Background(), story.Report{ID: news.ID(fmt.Sprint(it.Line)), Title: it.Headline, Text: it.Lead,
			Published: it.Published, Entities: story.EntitiesOf(d)})
		if err != nil {
			return StoryPairScore{}, err
		}
		got[i] = st.ID
		gold[it.Story] = true
	}
	s := StoryPairScore{Stories: len(gold), Found: len(c.Index.(*story.Memory).Stories())}
	s.Documents = len(sorted)
	for i, a := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			b := sorted[j]
			g, f := a.Story == b.Story, got[i] == got[j]
			s.pair(g, f, func() string { return fmt.Sprintf("%q (%s) and %q (%s)", a.Headline, a.Story, b.Headline, b.Story) })
			if !g && b.Published.Sub(a.Published) <= story.DefaultWindow {
				s.HardNegatives++
				if !f {
					s.HardNegativesApart++
				}
			}
		}
	}
	s.finish()
	return s, nil
}

// reader returns a function that codes a text published at a time, as
// the pipeline does after extraction: actors and events (Coder), then
// places.
func reader() (func(text string, published time.Time) *news.Document, error) {
	c, err := NewCoder()
	if err != nil {
		return nil, err
	}
	f, err := place.New(place.Config{})
	if err != nil {
		return nil, err
	}
	return func(text string, published time.Time) *news.Document {
		d := c.Code(text, published)
		f.Find(d)
		return d
	}, nil
}
