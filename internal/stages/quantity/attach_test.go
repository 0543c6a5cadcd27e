package quantity_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/corpus"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/quantity"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

var update = flag.Bool("update", false, "rewrite golden files")

type coder struct {
	actors *actor.Finder
	events *event.Coder
}

func newCoder(t testing.TB) coder {
	t.Helper()
	f, err := actor.New(actor.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := event.New(event.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return coder{f, c}
}

func (c coder) code(t testing.TB, text string, pub time.Time) *news.Document {
	t.Helper()
	doc := &news.Document{Text: text}
	if !pub.IsZero() {
		doc.Published = news.Day(pub)
	}
	doc.Layers.Add(news.LayerText)
	sentence.Split(doc)
	c.actors.Find(doc)
	c.events.Code(doc)
	quantity.Find(doc)
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	return doc
}

// measures renders each event an amount measures as "TYPE role=value".
func measures(doc *news.Document) []string {
	var out []string
	for _, q := range doc.Quantities {
		if q.Event >= 0 {
			out = append(out, fmt.Sprintf("%s %s=%v", doc.Events[q.Event].Type, q.Role, q.Value))
		}
	}
	return out
}

func TestAttach(t *testing.T) {
	c := newCoder(t)
	tests := []struct {
		in   string
		want string
	}{
		{"The Pentagon will deploy up to 275 troops to Baghdad.", "MOBILIZE size=275"},
		{"A car bomb killed at least 43 people and wounded 60 others in Baghdad.", "ASSAULT fatalities=43|ASSAULT injured=60"},
		{"Iraqi police said 12 civilians were killed in the shelling.", "ASSAULT fatalities=12"},
		{"Tens of thousands of protesters rallied in Tahrir Square.", "PROTEST size=10000"},
		{"The strike killed the commander and several other people, both Iraqi and Iranian.", "ASSAULT fatalities=3"},
		{"Gunmen stormed the checkpoint; the death toll rose to 20.", "ASSAULT fatalities=20"},
		{"The minister said 300 schools had reopened.", ""},
		{"A contractor was killed and four US soldiers and two Iraqi policemen were wounded when rockets hit the base.",
			"ASSAULT injured=4|ASSAULT injured=2"},
		{"The rockets hit the base, killing a contractor and wounding four soldiers and two policemen.",
			"ASSAULT injured=4|ASSAULT injured=2"},
	}
	for _, tt := range tests {
		doc := c.code(t, tt.in, time.Time{})
		if got := strings.Join(measures(doc), "|"); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// TestCorpusGolden reads the amounts in the team's sample articles and
// compares them with testdata/corpus.golden (go test -update rewrites it).
func TestClaimant(t *testing.T) {
	c := newCoder(t)
	doc := c.code(t, "About 2,500 US troops remain in Iraq, the Pentagon said. The base holds 300 aircraft.", time.Time{})
	var got []string
	for _, q := range doc.Quantities {
		got = append(got, doc.Snippet(q.Span)+"<"+doc.Snippet(q.Claimant)+">")
	}
	if g := strings.Join(got, "|"); g != "About 2,500 US troops<the Pentagon>|300 aircraft<>" {
		t.Errorf("got %s", g)
	}
}

// TestRecordAddsUp checks that amounts of one role add up on the event.
func TestRecordAddsUp(t *testing.T) {
	c := newCoder(t)
	doc := c.code(t, "A contractor was killed and four US soldiers and two Iraqi policemen were wounded when rockets hit the base.", time.Time{})
	var injured float64
	for _, e := range doc.Record().Events {
		if e.Injured != nil {
			injured = *e.Injured
		}
	}
	if injured != 6 {
		t.Errorf("injured = %v, want 6", injured)
	}
}

func TestCorpusGolden(t *testing.T) {
	articles, err := corpus.Articles()
	if err != nil {
		t.Fatal(err)
	}
	c := newCoder(t)
	var b strings.Builder
	for _, a := range articles {
		doc := c.code(t, a.Text(), a.Published.Time)
		fmt.Fprintf(&b, "## %s\n", a.ID)
		for _, q := range doc.Quantities {
			fmt.Fprintf(&b, "%v [%s,%s] %s", q.Value, bound(q.Low), bound(q.High), q.Unit)
			if q.Approximate {
				b.WriteString(" ~")
			}
			fmt.Fprintf(&b, " %q", doc.Snippet(q.Span))
			if q.Event >= 0 {
				fmt.Fprintf(&b, " %s of %s %q", q.Role, doc.Events[q.Event].Type, doc.Snippet(doc.Events[q.Event].Trigger))
			}
			b.WriteString("\n")
		}
	}
	path := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	gl, wl := strings.Split(b.String(), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("amounts differ from %s at line %d:\n got %s\nwant %s\n(review and run go test -update if intended)", path, i+1, g, w)
		}
	}
}

func bound(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+"
	case math.IsInf(f, -1):
		return "-"
	}
	return fmt.Sprint(f)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"up to 275 troops", "3,000 to 5,000", "tens of thousands of", "٢٧٥", "1,2,3,4",
		"February 30", "9999 rockets", "0 rockets", "between 5 and", "$", "$12m", "several hundred thousand",
		"60-plus", "a dozen", "half a", "two-man", "30km", "1.5.5", "1,000,00", "twenty-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 2000 {
			return
		}
		q, ok := quantity.Parse(strings.ToValidUTF8(text, ""))
		if !ok {
			return
		}
		if math.IsNaN(q.Value) || q.Low > q.High || q.Span.Start < 0 || q.Span.End < q.Span.Start {
			t.Fatalf("%q: bad quantity %+v", text, q)
		}
	})
}

// FuzzFind runs the whole stage on arbitrary text, with events, and
// checks the document stays valid.
func FuzzFind(f *testing.F) {
	f.Add("A car bomb killed at least 43 people and wounded 60 others.")
	f.Add("up to 275 troops, 3,000 to 5,000, dozens of")
	c := newCoder(f)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4000 {
			return
		}
		c.code(t, strings.ToValidUTF8(text, ""), time.Time{})
	})
}

func BenchmarkFind(b *testing.B) {
	c := newCoder(b)
	text := "The Pentagon will deploy up to 275 troops to Baghdad, officials said on Monday. " +
		"A car bomb killed at least 43 people and wounded 60 others in the capital, the third such attack in 2019. " +
		"Tens of thousands of protesters rallied in Tahrir Square, about 3 km from the Green Zone. " +
		"Iraqi forces said they had retaken 18,000 square kilometres of territory since June 30. "
	doc := c.code(b, text, time.Time{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		quantity.Find(doc)
	}
	b.ReportMetric(float64(b.N*4)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkFindLong runs the stage on one text of 3,000 sentences: the
// cost per sentence should match BenchmarkFind's, not grow with the text.
func BenchmarkFindLong(b *testing.B) {
	c := newCoder(b)
	doc := c.code(b, strings.Repeat("A car bomb killed at least 43 people and wounded 60 others in Baghdad, officials said. ", 3000), time.Time{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		quantity.Find(doc)
	}
	b.ReportMetric(float64(b.N*len(doc.Sentences))/b.Elapsed().Seconds(), "sentences/s")
}
