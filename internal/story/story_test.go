package story_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/story"
)

func TestStories(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2020, 1, d, h, 0, 0, 0, time.UTC) }
	docs := []struct {
		id, title, text string
		at              time.Time
		story           string // the ID of the document whose story it joins
	}{
		{"a", "Rockets hit Iraqi base housing US troops near Kirkuk",
			"More than 30 rockets struck the K1 base near Kirkuk on Friday, killing a US civilian contractor and wounding service members, officials said.", day(27, 20), "a"},
		{"b", "US contractor killed in rocket attack on Kirkuk base",
			"A rocket barrage on the K1 military base in Kirkuk province killed an American contractor on Friday evening, the Pentagon said, blaming Kataib Hezbollah.", day(27, 23), "a"},
		// The same day, another place and another event.
		{"c", "Protesters fill Tahrir Square in Baghdad",
			"Thousands of protesters gathered in Baghdad's Tahrir Square on Friday to demand the resignation of the government and an end to corruption.", day(27, 21), "c"},
		// Back at the base ten days later: outside the window, a new story.
		{"d", "Rockets hit Kirkuk base again",
			"Rockets struck the K1 base near Kirkuk again on Monday, wounding Iraqi soldiers, officials said.", day(6+31-31, 9).AddDate(0, 1, 0), "d"},
		// A report read later but published earlier gives the story its title.
		{"e", "Early report: rockets strike K1 base near Kirkuk",
			"Rockets struck the K1 base near Kirkuk on Friday evening, where US contractors and Iraqi forces are based, officials said; casualties were not yet known.", day(27, 19), "a"},
	}
	ctx := context.Background()
	c := story.New()
	got := map[string]*story.Story{}
	for _, d := range docs {
		s, err := c.Add(ctx, story.Report{ID: news.ID(d.id), Title: d.title, Text: d.text, Published: d.at})
		if err != nil {
			t.Fatal(err)
		}
		got[d.id] = s
	}
	for _, d := range docs {
		if got[d.id].ID != got[d.story].ID {
			t.Errorf("%s: story %s, want %s's (%s)", d.id, got[d.id].ID, d.story, got[d.story].ID)
		}
	}
	s := got["a"]
	if s.ID != "sa" || s.Title != "Early report: rockets strike K1 base near Kirkuk" || !s.First.Equal(day(27, 19)) || s.Size != 3 {
		t.Errorf("story %+v", s)
	}
}

// Reports in other words join by what the pipeline read of them, when
// they share a place; a report of another place does not, whatever actors
// and kinds of event it shares.
func TestStoryEntities(t *testing.T) {
	at := time.Date(2014, 6, 10, 8, 0, 0, 0, time.UTC)
	c := story.New()
	add := func(r story.Report) *story.Story {
		s, err := c.Add(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := add(story.Report{ID: "a", Title: "Islamic State fighters seize Mosul as Iraqi troops flee", Published: at,
		Entities: []string{"place:Mosul", "actor:IMGISI", "event:SEIZE"}})
	b := add(story.Report{ID: "b", Title: "Iraq's second city falls to jihadist militants", Published: at.Add(3 * time.Hour),
		Entities: []string{"place:Mosul", "actor:IMGISI", "event:SEIZE"}})
	d := add(story.Report{ID: "d", Title: "Insurgents overrun Tikrit", Published: at.Add(30 * time.Hour),
		Entities: []string{"place:Tikrit", "actor:IMGISI", "event:SEIZE"}})
	if b != a {
		t.Errorf("the second report of Mosul's fall started story %s", b.ID)
	}
	if d == a {
		t.Errorf("Tikrit joined the story of Mosul")
	}
	if got := story.EntitiesOf(&news.Document{}); len(got) != 0 {
		t.Errorf("entities of an empty document: %v", got)
	}
}

// Titles and texts are outside input: whatever they are, a report joins
// one story and the story holds it.
func FuzzAdd(f *testing.F) {
	f.Add("Rockets hit K1 base", "More than 30 rockets struck the base.", "place:Kirkuk")
	f.Add("", "", "")
	f.Add("ÿ\x00", "a an the of", "place:")
	c := story.New()
	n := 0
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, title, text, entity string) {
		n++
		s, err := c.Add(ctx, story.Report{ID: news.ID(fmt.Sprint(n)), Title: title, Text: text, Entities: []string{entity}})
		if err != nil || s == nil || s.Size < 1 {
			t.Fatalf("report %d: story %+v, %v", n, s, err)
		}
		if got, _ := c.Index.Get(ctx, s.ID); got != s {
			t.Fatalf("report %d: its story %s is not in the index", n, s.ID)
		}
	})
}

// A copy joins the story of the document it copies, whatever its words;
// a copy of a document the index has no story for starts its own.
func TestAddTo(t *testing.T) {
	ctx := context.Background()
	c := story.New()
	at := time.Date(2020, 1, 3, 6, 0, 0, 0, time.UTC)
	a, err := c.Add(ctx, story.Report{ID: "a", Title: "US strike at Baghdad airport kills Soleimani", Published: at})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.AddTo(ctx, story.Report{ID: "b", Title: "Iran's top general killed", Published: at.Add(-time.Hour)}, a.ID)
	if err != nil || b != a || a.Size != 2 || a.Title != "Iran's top general killed" || !a.First.Equal(at.Add(-time.Hour)) {
		t.Errorf("copy: story %+v, %v", b, err)
	}
	d, err := c.AddTo(ctx, story.Report{ID: "d", Title: "Something else", Published: at}, "snothere")
	if err != nil || d.ID != "sd" {
		t.Errorf("copy of an unknown story: %+v, %v", d, err)
	}
}

// BenchmarkAdd measures adding reports to an in-memory clusterer that
// holds thousands of stories over many days.
func BenchmarkAdd(b *testing.B) {
	ctx := context.Background()
	c := story.New()
	places := []string{"Mosul", "Kirkuk", "Ramadi", "Erbil", "Baghdad", "Tikrit", "Raqqa", "Deir ez-Zor"}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := places[i%len(places)]
		_, err := c.Add(ctx, story.Report{ID: news.ID(fmt.Sprint(i)),
			Title:     fmt.Sprintf("Rockets hit base near %s, report %d", p, i),
			Text:      fmt.Sprintf("Rockets struck a base near %s on day %d, officials said, the %dth attack this year.", p, i/100, i),
			Published: start.Add(time.Duration(i) * 15 * time.Minute), Entities: []string{"place:" + p, "event:ASSAULT"}})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// A story stops taking reports MaxSpan after its first: the same words
// every day make new stories, not one that snowballs.
func TestStoryStopsGrowing(t *testing.T) {
	c := story.New()
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	ids := map[string]bool{}
	for day := range 40 {
		s, err := c.Add(t.Context(), story.Report{ID: news.ID(fmt.Sprint(day)), Title: "Rockets hit Ain al-Asad air base in Anbar",
			Text: "Several rockets struck the Ain al-Asad air base, which hosts US troops, officials said.", Published: start.AddDate(0, 0, day)})
		if err != nil {
			t.Fatal(err)
		}
		if !s.Last.IsZero() && s.Last.Sub(s.First) > story.MaxSpan {
			t.Fatalf("day %d: story %s spans %v", day, s.ID, s.Last.Sub(s.First))
		}
		ids[s.ID] = true
	}
	if len(ids) < 2 || len(ids) > 40/14+2 {
		t.Errorf("40 days of the same report made %d stories", len(ids))
	}
}
