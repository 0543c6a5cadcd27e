package report_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/report"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages"
	"github.com/sitrep-dev/sitrep/internal/store/database"
)

// Two weeks of news: the week reported (11 to 17 March 2024) and the one
// before it.
var articles = []struct{ url, outlet, published, title, text string }{
	{"https://tigris.example/1", "Tigris Wire", "2024-03-05T09:00:00Z", "Rocket attack in Kirkuk",
		"KIRKUK, Iraq - Rockets fired by Kataib Hezbollah struck the K1 base near Kirkuk on Tuesday, officials said."},
	{"https://tigris.example/2", "Tigris Wire", "2024-03-12T09:00:00Z", "Drone hits Ain al-Asad <script>alert(1)</script>",
		"ANBAR, Iraq - A drone launched by Kataib Hezbollah struck Ain al-Asad air base on Tuesday, officials said."},
	{"https://gulf.example/3", "Gulf Monitor", "2024-03-12T15:00:00Z", "Ain al-Asad attacked",
		"Kataib Hezbollah attacked Ain al-Asad air base with a drone on Tuesday, Iraqi officials said."},
	{"https://levant.example/4", "Levant Daily", "2024-03-13T10:00:00Z", "US to send more troops",
		"The Pentagon said the United States will deploy 300 more troops to Iraq next month.\n\n" +
			"There are about 2,500 US troops in Iraq, the Pentagon said."},
	{"https://gulf.example/5", "Gulf Monitor", "2024-03-14T10:00:00Z", "Militia count of US forces",
		"Kataib Hezbollah said 4,000 US troops remain in Iraq and threatened to attack them."},
}

func store(t *testing.T) *database.Store {
	t.Helper()
	var b bytes.Buffer
	for _, a := range articles {
		line, _ := json.Marshal(map[string]string{"url": a.url, "source": a.outlet, "published": a.published, "title": a.title, "text": a.text})
		b.Write(append(line, '\n'))
	}
	st, err := database.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := pipeline.New(stages.Builtin, nil, pipeline.Env{})
	if err != nil {
		t.Fatal(err)
	}
	src := &source.Paths{Paths: []string{"-"}, Stdin: &b}
	if _, err := ingest.Run(t.Context(), ingest.Options{Source: src, Pipeline: p, Sink: st, Workers: 1}, nil); err != nil {
		t.Fatal(err)
	}
	return st
}

func build(t *testing.T) *report.Report {
	r, err := report.Build(t.Context(), store(t), time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 17, 0, 0, 0, 0, time.UTC), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBuild(t *testing.T) {
	r := build(t)
	if r.PrevSince != "2024-03-04" || r.PrevUntil != "2024-03-10" {
		t.Errorf("previous period %s to %s", r.PrevSince, r.PrevUntil)
	}
	// The attack two outlets report leads.
	if len(r.Key) == 0 || r.Key[0].Outlets != 2 || r.Key[0].Type != "ASSAULT" || len(r.Key[0].Refs) < 2 {
		t.Fatalf("key developments: %+v", r.Key)
	}
	for _, it := range r.Key {
		if it.Modality != "asserted" {
			t.Errorf("key development %q is %s", it.Summary, it.Modality)
		}
	}
	// The deployment is only planned, and the attack only threatened.
	var planned, threatened bool
	for _, it := range r.Pending {
		planned = planned || it.Modality == "planned" && strings.Contains(it.Sentence, "300 more troops")
		threatened = threatened || it.Modality == "threatened"
	}
	if !planned || !threatened {
		t.Errorf("pending: %+v", r.Pending)
	}
	// ASSAULT: in the week and the week before.
	var assault bool
	for _, c := range r.ByType {
		if c.Key == "ASSAULT" {
			assault = c.Now >= 1 && c.Before >= 1
		}
	}
	if !assault {
		t.Errorf("by type: %+v", r.ByType)
	}
	var anbar bool
	for _, c := range r.ByPlace {
		anbar = anbar || strings.HasPrefix(c.Label, "Anbar")
	}
	if !anbar {
		t.Errorf("by place: %+v", r.ByPlace)
	}
	if len(r.Actors) == 0 || r.Actors[0].Now == 0 {
		t.Errorf("actors: %+v", r.Actors)
	}
	// 2,500 troops against 4,000: they disagree. "300 more" is a change,
	// not a level, and takes no part.
	var troops bool
	for _, c := range r.Claims {
		if c.Unit == "troops" {
			troops = c.Disagree && c.Low == 2500 && c.High == 4000 &&
				slices.ContainsFunc(c.Claims, func(cl report.Claim) bool { return cl.Value == 300 && cl.Increment })
		}
	}
	if !troops {
		t.Errorf("claims: %+v", r.Claims)
	}
	// Every reference is a source listed.
	for _, it := range append(r.Key, r.Pending...) {
		for _, n := range it.Refs {
			if n < 1 || n > len(r.Sources) {
				t.Errorf("%q cites [%d] of %d sources", it.Summary, n, len(r.Sources))
			}
		}
	}
}

func TestRender(t *testing.T) {
	r := build(t)
	var md bytes.Buffer
	if err := report.Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Situation report, 2024-03-11 to 2024-03-17", "## Key developments", "## Planned, demanded or threatened",
		"| ASSAULT |", "**troops**: claims disagree", "## Sources", "<https://gulf.example/3>"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	var page bytes.Buffer
	if err := report.HTML(&page, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var scripts, svgs, links int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				scripts++
			case "svg":
				svgs++
			case "a":
				links++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if scripts != 0 || svgs != 3 || links == 0 {
		t.Errorf("HTML: %d scripts, %d charts, %d links", scripts, svgs, links)
	}
	if !strings.Contains(page.String(), "&lt;script&gt;") {
		t.Error("a title holding <script> is not escaped")
	}
}

func TestBadPeriod(t *testing.T) {
	_, err := report.Build(t.Context(), store(t), time.Date(2024, 3, 17, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "before it starts") {
		t.Errorf("error %v", err)
	}
}
