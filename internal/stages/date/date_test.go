package date_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/actor"
	"github.com/sitrep-dev/sitrep/internal/stages/date"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/stages/sentence"
)

// Published on Wednesday, 15 January 2020.
var dct = time.Date(2020, 1, 15, 10, 0, 0, 0, time.UTC)

func TestResolve(t *testing.T) {
	tests := []struct{ in, want string }{ // "text=value" for each expression
		{"US jets struck on Monday.", "Monday=2020-01-13"},
		{"The minister will visit Baghdad on Friday.", "Friday=2020-01-17"},
		{"The talks are set for next Tuesday.", "next Tuesday=2020-01-21"},
		{"It happened last Wednesday.", "last Wednesday=2020-01-08"},
		{"Protests began on Wednesday.", "Wednesday=2020-01-15"},
		{"The strike came on Jan. 3.", "Jan. 3=2020-01-03"},
		{"The base was hit on 8 January 2020.", "8 January 2020=2020-01-08"},
		{"In December, militias stormed the embassy.", "December=2019-12"},
		{"The report was published 2019-03-23.", "2019-03-23=2019-03-23"},
		{"Attacks rose last week.", "last week=2020-W02"},
		{"Attacks rose this month.", "this month=2020-01"},
		{"The drawdown ends next year.", "next year=2021"},
		{"It fell two years ago.", "two years ago=2018"},
		{"There were 154 attacks in the third quarter of 2019.", "the third quarter of 2019=2019-Q3"},
		{"Profits rose in the third quarter.", "the third quarter=2019-Q3"},
		{"Islamic State seized Mosul in 2014.", "2014=2014"},
		{"The group grew in the 1990s.", "the 1990s=199"},
		{"Forces are now in Erbil.", "now=PRESENT_REF"},
		{"The US recently sent more troops.", "recently=PAST_REF"},
		{"Talks resumed yesterday.", "yesterday=2020-01-14"},
		{"It was last May.", "last May=2019-05"},
		{"Profit rose in this year's third quarter.", "this year's third quarter=2020-Q3"},
		{"Sales fell in the third quarter of 2019, from a year earlier, but rose in the latest quarter.",
			"the third quarter of 2019=2019-Q3|a year earlier=2018-Q3|the latest quarter=2019-Q3"},
		{"He was arrested on March 3.", "March 3=2019-03-03"},
		{"Talks will open on March 3.", "March 3=2020-03-03"},
		{"Talks opened Friday, Jan. 10.", "Friday, Jan. 10=2020-01-10"},
		{"Militants attacked pilgrims on Ashura.", "Ashura=2019-09-10"},
		{"The vote is set for Election Day 2020.", "Election Day 2020=2020-11-03"},
		{"Shops reopened after Eid al-Adha.", "Eid al-Adha=2019-08-12"},
		{"He returned last Christmas.", "last Christmas=2019-12-25"},
		{"They will meet at Easter.", "Easter=2020-04-12"},
		{"It began in nineteen ninety-six.", "nineteen ninety-six=1996"},
		{"Two thousand Iraqi soldiers took part.", ""},
		{"The approach of the year two thousand has alarmed them.", "the year two thousand=2000"},
		{"NPR has more from San Francisco.\nIn nineteen ninety-one Charles Keating was convicted.", "nineteen ninety-one=1991"},
		{"The campaign is a theme until Election Day.", "Election Day=2020-11-03"},
		{"Clinics are a theme of the campaign ahead of Thanksgiving.", "Thanksgiving=2019-11-28"},
		{"The dividend is payable Jan. 2.", "Jan. 2=2020-01-02"},
		{"He said the case will be heard in May.", "May=2020-05"},
		{"Trading is to resume in Paris Tuesday.", "Tuesday=2020-01-21"},
		{"Shares fell on Friday, after rising the previous Friday.", "Friday=2020-01-10|the previous Friday=2020-01-03"},
		{"It opened in 2014. Later that year it closed.", "2014=2014|Later that year=2014"},
		{"Talks failed on Jan. 3. The next day, rockets hit the base.", "Jan. 3=2020-01-03|The next day=2020-01-04"},
		{"Rockets hit the base last night.", "last night=2020-01-14"},
		{"Forces will hold the line in the next year.", "the next year=2021"},
		{"The convoy could leave as soon as Friday.", "Friday=2020-01-17"},
		{"It should be in place by year's end.", "year's end=2020"},
		{"They met on Valentine's Day.", "Valentine's Day=2019-02-14"},
		{"It grew in the nineties.", "the nineties=199"},
		{"Sales rose in fiscal 2019.", "fiscal 2019=2019"},
		{"Prices will rise in coming months and in the near term.", "coming months=FUTURE_REF|the near term=FUTURE_REF"},
		{"Talks will resume at a later date.", "a later date=FUTURE_REF"},
		{"Talks resume in February.", "February=2020-02"},
		{"In February, the army retook the town.", "February=2019-02"},
		{"On Friday, the council will vote.", "Friday=2020-01-17"},
		{"On Friday, the council voted.", "Friday=2020-01-10"},
		{"All members had filed their reports by Monday.", "Monday=2020-01-13"},
		{"Lawyers will appeal Monday's ruling.", "Monday=2020-01-13"},
		{"Talks are set to resume Monday.", "Monday=2020-01-20"},
		{"The review should end by May.", "May=2020-05"},
		{"She may go.", ""},
		{"It was hit by 2,000 rockets.", ""},
		{"On February 30 nothing happened.", ""},
		{"The year 9999 is far.", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, x := range date.Resolve(tt.in, dct) {
			got = append(got, tt.in[x.Span.Start:x.Span.End]+"="+x.Value)
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, g, tt.want)
		}
	}
}

func TestUnknownPublicationDate(t *testing.T) {
	for _, x := range date.Resolve("Protests began on Wednesday and ended in 2014.", time.Time{}) {
		if x.Precision != news.PrecisionYear && x.Value != "" {
			t.Errorf("a relative expression was resolved with no publication date: %+v", x)
		}
	}
}

func code(t testing.TB, text string) *news.Document {
	t.Helper()
	f, err := actor.New(actor.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := event.New(event.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	doc := &news.Document{Text: text, Published: news.Day(dct)}
	doc.Layers.Add(news.LayerText)
	sentence.Split(doc)
	f.Find(doc)
	c.Code(doc)
	date.Find(doc)
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestEventDates(t *testing.T) {
	doc := code(t, "Kataib Hezbollah fired rockets at US troops on Monday. The Pentagon may send more troops. "+
		"Islamic State fighters seized Mosul in June 2014.")
	var got []string
	for _, e := range doc.Record().Events {
		got = append(got, e.Type+" "+string(e.Modality)+" "+*e.Date+" "+string(*e.DatePrecision))
	}
	want := "ASSAULT asserted 2020-01-13 day|MOBILIZE possible 2020-01-15 reported|COERCE background 2014-06 month"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

// A dateline's date is resolved but dates no event: it says when the
// report was filed, and the event keeps its own expression or the
// publication day.
func TestDatelineDatesNoEvent(t *testing.T) {
	doc := code(t, "BAGHDAD, Jan. 10 (Reuters) - Kataib Hezbollah fired rockets at US troops.")
	var inDateline, inText int
	for _, x := range doc.Times {
		if x.Sentence == -1 {
			inDateline++
			if x.Value != "2020-01-10" {
				t.Errorf("dateline date = %q, want 2020-01-10", x.Value)
			}
		} else {
			inText++
		}
	}
	if inDateline != 1 || inText != 0 {
		t.Fatalf("got %d dateline and %d text expressions, want 1 and 0: %+v", inDateline, inText, doc.Times)
	}
	evs := doc.Record().Events
	if len(evs) != 1 || *evs[0].DatePrecision != news.PrecisionReported {
		t.Errorf("event should keep the publication day: %+v", evs)
	}
}

// A date in another clause ("warned that ... after December 31", "after
// the strike on Monday") does not date the event.
func TestEventDateClause(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Militia leaders threatened on Monday to attack US forces.", "THREATEN 2020-01-13 day"},
		{"Militia leaders threatened that they would attack US forces after March 31.", "THREATEN 2020-01-15 reported"},
	} {
		doc := code(t, tt.text)
		evs := doc.Record().Events
		if len(evs) == 0 {
			t.Fatalf("%q: no event", tt.text)
		}
		e := evs[0]
		if got := e.Type + " " + *e.Date + " " + string(*e.DatePrecision); got != tt.want {
			t.Errorf("%q: first event %s, want %s", tt.text, got, tt.want)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"on Monday", "Feb. 30", "last week", "the third quarter of 1989", "99/99/99", "19981320",
		"a year earlier", "the year-ago quarter", "the '80s", "20th century", "next May", "0000-00-00", "9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 2000 {
			return
		}
		text = strings.ToValidUTF8(text, "")
		for _, x := range date.Resolve(text, dct) {
			if x.Span.Start < 0 || x.Span.End > len(text) || x.Span.End < x.Span.Start || !x.End.IsZero() && x.End.Before(x.Start) {
				t.Fatalf("%q: bad expression %+v", text, x)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	doc := code(b, "Kataib Hezbollah fired rockets at US troops on Monday, officials said. "+
		"The Pentagon will send 450 more troops next week, after the attacks of Jan. 3. "+
		"Islamic State fighters seized Mosul in June 2014, two years before the offensive. "+
		"Profits fell in the third quarter, compared with a year earlier.")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		date.Find(doc)
	}
	b.ReportMetric(float64(b.N*4)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkFindLong runs the stage on one text of 3,000 sentences: the
// cost per sentence should match BenchmarkFind's, not grow with the text.
func BenchmarkFindLong(b *testing.B) {
	doc := code(b, strings.Repeat("Kataib Hezbollah fired rockets at US troops near Mosul on Monday, Iraqi officials said. ", 3000))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		date.Find(doc)
	}
	b.ReportMetric(float64(b.N*len(doc.Sentences))/b.Elapsed().Seconds(), "sentences/s")
}
