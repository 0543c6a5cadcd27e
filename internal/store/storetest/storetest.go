// Package storetest is the conformance suite every store.Store backend
// must pass. A backend's tests call Run with a function that opens a fresh,
// empty store.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Run runs the suite. open must return a new, empty store each call.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("PutIsIdempotent", func(t *testing.T) { testPutIsIdempotent(t, open(t)) })
	t.Run("GetByPrefix", func(t *testing.T) { testGetByPrefix(t, open(t)) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("Search", func(t *testing.T) { testSearch(t, open(t)) })
	t.Run("Stats", func(t *testing.T) { testStats(t, open(t)) })
	t.Run("ConcurrentPut", func(t *testing.T) { testConcurrentPut(t, open(t)) })
	t.Run("Events", func(t *testing.T) { testEvents(t, open(t)) })
	t.Run("Quantities", func(t *testing.T) { testQuantities(t, open(t)) })
	t.Run("Duplicates", func(t *testing.T) { testDuplicates(t, open(t)) })
	t.Run("Stories", func(t *testing.T) { testStories(t, open(t)) })
	t.Run("Incidents", func(t *testing.T) { testIncidents(t, open(t)) })
}

// Doc returns a processed document for tests.
func Doc(url, title, text string, day string) *news.Document {
	d := news.NewDocument("test:"+title, news.FormatText, url, []byte(title+"\n"+text))
	d.Title, d.Text, d.Source, d.Language = title, text, "Tigris Wire", "en"
	if day != "" {
		d.Published, _ = news.ParseDate(day)
	}
	d.Layers.Add(news.LayerText)
	return d
}

func testPutIsIdempotent(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := Doc("https://x.example/a", "Rockets hit Ain al-Asad", "Several rockets struck the base.", "2020-01-08")
	b := Doc("https://x.example/b", "Parliament votes", "Lawmakers voted on Sunday.", "2020-01-05")
	added, err := s.Put(ctx, []*news.Document{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if !added[0] || !added[1] {
		t.Fatalf("first Put added %v, want both", added)
	}
	again := Doc("https://x.example/a", "Rockets hit Ain al-Asad", "Several rockets struck the base.", "2020-01-08")
	added, err = s.Put(ctx, []*news.Document{again, b})
	if err != nil {
		t.Fatal(err)
	}
	if added[0] || added[1] {
		t.Fatalf("second Put added %v, want nothing", added)
	}
	// The same content under another URL is another report.
	copied := Doc("https://y.example/a", "Rockets hit Ain al-Asad", "Several rockets struck the base.", "2020-01-08")
	if added, err = s.Put(ctx, []*news.Document{copied}); err != nil || !added[0] {
		t.Fatalf("a copy at another URL: added %v, err %v", added, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 3 {
		t.Fatalf("%d documents stored, want 3", st.Documents)
	}
}

func testGetByPrefix(t *testing.T, s store.Store) {
	ctx := t.Context()
	// Enough documents that some IDs share their first four hex digits.
	var docs []*news.Document
	for i := range 2000 {
		docs = append(docs, Doc(fmt.Sprintf("https://x.example/%d", i), fmt.Sprintf("Story %d", i), "Text.", ""))
	}
	if _, err := s.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	want := docs[7]
	for _, id := range []string{string(want.ID), strings.ToUpper(string(want.ID))} {
		got, err := s.Get(ctx, id)
		if err != nil || got.ID != want.ID {
			t.Fatalf("Get(%q) = %v, %v; want %s", id, got, err, want.ID)
		}
	}
	if _, err := s.Get(ctx, "ffffffffffffffff"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(unknown) error = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(ctx, string(want.ID[:2])); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(2-character prefix) error = %v, want ErrNotFound", err)
	}
	byPrefix := map[string][]news.ID{}
	for _, d := range docs {
		p := string(d.ID[:4])
		byPrefix[p] = append(byPrefix[p], d.ID)
	}
	var unique, shared string
	for p, ids := range byPrefix {
		switch {
		case len(ids) == 1 && unique == "":
			unique = p
		case len(ids) > 1 && shared == "":
			shared = p
		}
	}
	if got, err := s.Get(ctx, unique); err != nil || got.ID != byPrefix[unique][0] {
		t.Errorf("Get(unique prefix %q) = %v, %v", unique, got, err)
	}
	if _, err := s.Get(ctx, shared); !errors.Is(err, store.ErrAmbiguous) {
		t.Errorf("Get(shared prefix %q) error = %v, want ErrAmbiguous", shared, err)
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	ctx := t.Context()
	d := Doc("https://x.example/rt", "Round trip", "Body text.\n\nSecond paragraph.", "")
	d.Published = news.Instant(time.Date(2020, 1, 3, 1, 2, 3, 0, time.UTC))
	d.Authors = []string{"Layla Karim", "Tom Reece"}
	d.Links = []news.Link{{URL: "https://x.example/other", Text: "Another story here"}, {Text: "Headline only"}}
	d.Problemf("extract", "something odd")
	if _, err := s.Put(ctx, []*news.Document{d}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, string(d.ID))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(d.Record())
	have, _ := json.Marshal(got.Record())
	if string(want) != string(have) {
		t.Errorf("stored document differs:\n got %+v\nwant %+v", have, want)
	}
	if got.Input != d.Input || got.Hash != d.Hash || got.Format != d.Format {
		t.Errorf("input fields differ: %q %q %q", got.Input, got.Hash, got.Format)
	}
}

func testSearch(t *testing.T, s store.Store) {
	ctx := t.Context()
	docs := []*news.Document{
		Doc("https://x.example/1", "Rockets hit Ain al-Asad air base", "Several rockets struck the base in Anbar province on Wednesday.", "2021-03-03"),
		Doc("https://x.example/2", "Parliament votes on foreign troops", "Lawmakers in Baghdad voted to ask the government to end the presence of foreign troops. Ain al-Asad was mentioned.", "2020-01-05"),
		Doc("https://x.example/3", "Mosul offensive begins", "Iraqi forces began the offensive to retake Mosul from the Islamic State.", "2016-10-17"),
	}
	if _, err := s.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string // titles, best first; nil for no hits
	}{
		{`"Ain al-Asad"`, []string{"Rockets hit Ain al-Asad air base", "Parliament votes on foreign troops"}},
		{`al-Asad rockets`, []string{"Rockets hit Ain al-Asad air base"}},
		{`Mosul OR parliament`, []string{"Mosul offensive begins", "Parliament votes on foreign troops"}},
		{`troops -Baghdad`, nil},
		{`offens*`, []string{"Mosul offensive begins"}},
		{`U.S. "unclosed`, nil},
	}
	for _, tt := range tests {
		hits, err := s.Search(ctx, store.Query{Text: tt.q})
		if err != nil {
			t.Errorf("Search(%q): %v", tt.q, err)
			continue
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Doc.Title)
		}
		if len(tt.want) == 2 && len(got) == 2 && tt.q == `Mosul OR parliament` {
			// Both match one word once; either order is right.
			if got[0] > got[1] {
				got[0], got[1] = got[1], got[0]
			}
			if tt.want[0] > tt.want[1] {
				tt.want[0], tt.want[1] = tt.want[1], tt.want[0]
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Search(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	hits, err := s.Search(ctx, store.Query{Text: "rockets", Limit: 1})
	if err != nil || len(hits) != 1 {
		t.Fatalf("limit 1: %d hits, %v", len(hits), err)
	}
	if !strings.Contains(hits[0].Snippet, "**rockets**") {
		t.Errorf("snippet %q does not mark the match", hits[0].Snippet)
	}
	if _, err := s.Search(ctx, store.Query{Text: "-only -negatives"}); err == nil {
		t.Error("a query with nothing to look for gave no error")
	}
}

func testStats(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := Doc("https://x.example/1", "One", "Text one.", "2014-06-10")
	b := Doc("https://x.example/2", "Two", "Text two.", "2024-09-27")
	c := Doc("https://x.example/3", "Three", "Text three.", "")
	c.Source = "Gulf Monitor"
	c.Problemf("extract", "no publication date found")
	if _, err := s.Put(ctx, []*news.Document{a, b, c}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 3 || st.WithoutDate != 1 || st.WithProblems != 1 {
		t.Errorf("stats %+v", st)
	}
	if st.First.Format(time.DateOnly) != "2014-06-10" || st.Last.Format(time.DateOnly) != "2024-09-27" {
		t.Errorf("date range %v to %v", st.First, st.Last)
	}
	if len(st.Sources) != 2 || st.Sources[0] != (store.Count{Value: "Tigris Wire", N: 2}) {
		t.Errorf("sources %v", st.Sources)
	}
}

func testConcurrentPut(t *testing.T, s store.Store) {
	ctx := context.WithoutCancel(t.Context())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				// Every writer puts the same 25 documents plus its own 25.
				shared := Doc(fmt.Sprintf("https://x.example/shared/%d", i), "Shared", "Same text.", "")
				own := Doc(fmt.Sprintf("https://x.example/%d/%d", w, i), "Own", "Own text.", "")
				if _, err := s.Put(ctx, []*news.Document{shared, own}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 125 {
		t.Errorf("%d documents after concurrent puts, want 125", st.Documents)
	}
}

// withEvent returns a document holding one coded event: source mention
// src, target tgt, found in text by their first occurrence.
func withEvent(url, text, day, typ string, modality news.Modality, src, srcCode, tgt, tgtCode string) *news.Document {
	d := Doc(url, typ+" story", text, day)
	span := func(s string) news.Span {
		i := strings.Index(text, s)
		return news.Span{Start: i, End: i + len(s)}
	}
	d.Sentences = []news.Sentence{{Span: news.Span{Start: 0, End: len(text)}}}
	d.Mentions = []news.Mention{
		{Span: span(src), Name: src, Code: srcCode},
		{Span: span(tgt), Name: tgt, Code: tgtCode},
	}
	d.Events = []news.Event{{Type: typ, Trigger: news.Span{Start: 0, End: 1}, Source: []int{0}, Target: []int{1},
		Modality: modality, Within: -1, Confidence: 0.9}}
	d.Layers.Add(news.LayerSentences)
	d.Layers.Add(news.LayerActors)
	d.Layers.Add(news.LayerEvents)
	return d
}

func testEvents(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := withEvent("https://a.example/1", "Kataib Hezbollah fired rockets at US troops.", "2020-01-02", "ASSAULT", news.Asserted, "Kataib Hezbollah", "IRQREBSHI", "US troops", "USAMIL")
	b := withEvent("https://a.example/2", "The Pentagon may send Marines to Iraq.", "2020-01-05", "MOBILIZE", news.Possible, "The Pentagon", "USAMIL", "Iraq", "IRQ")
	for range 2 {
		if _, err := s.Put(ctx, []*news.Document{a, b}); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		q    store.EventQuery
		want []string // types, newest first
	}{
		{"all, once each, newest first", store.EventQuery{}, []string{"MOBILIZE", "ASSAULT"}},
		{"by type", store.EventQuery{Type: "assault"}, []string{"ASSAULT"}},
		{"by code prefix, source or target", store.EventQuery{Actor: "USAMIL"}, []string{"MOBILIZE", "ASSAULT"}},
		{"by country", store.EventQuery{Actor: "IRQ"}, []string{"MOBILIZE", "ASSAULT"}},
		{"by name", store.EventQuery{Actor: "kataib"}, []string{"ASSAULT"}},
		{"by modality", store.EventQuery{Modality: news.Possible}, []string{"MOBILIZE"}},
		{"since", store.EventQuery{Since: day("2020-01-03")}, []string{"MOBILIZE"}},
		{"until", store.EventQuery{Until: day("2020-01-02")}, []string{"ASSAULT"}},
		{"by document", store.EventQuery{Doc: a.ID}, []string{"ASSAULT"}},
		{"by incident", store.EventQuery{Incident: string(a.ID) + ":0"}, []string{"ASSAULT"}},
		{"reported since", store.EventQuery{ReportedSince: day("2020-01-03")}, []string{"MOBILIZE"}},
		{"reported until", store.EventQuery{ReportedUntil: day("2020-01-04")}, []string{"ASSAULT"}},
		{"nothing", store.EventQuery{Type: "PROTEST"}, nil},
	}
	for _, tt := range tests {
		hits, err := s.Events(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Event.Type)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	// Brief leaves the incident out; Counted counts it still.
	for _, q := range []store.EventQuery{{Brief: true}, {Brief: true, Counted: true}} {
		hits, err := s.Events(ctx, q)
		if err != nil || len(hits) != 2 {
			t.Fatalf("%+v: %v, %v", q, hits, err)
		}
		for _, h := range hits {
			if len(h.Evidence) != 0 || q.Counted != (h.Reports == 1 && h.Sources == 1) {
				t.Errorf("%+v: reports %d, sources %d, evidence %d", q, h.Reports, h.Sources, len(h.Evidence))
			}
		}
	}
	hits, err := s.Events(ctx, store.EventQuery{Type: "ASSAULT"})
	if err != nil || len(hits) != 1 {
		t.Fatalf("got %v, %v", hits, err)
	}
	// Placed events answer map queries; unplaced ones never match.
	c := withEvent("https://a.example/3", "Rockets hit Ain al-Asad air base.", "2020-01-08", "ASSAULT", news.Asserted, "Rockets", "---", "Ain al-Asad", "USAMIL")
	c.Places = []news.PlaceMention{{Span: news.Span{Start: 12, End: 23}, Events: []int{0},
		Place: news.Place{Name: "Ain al-Asad", Lat: 33.80, Lon: 42.44, Country: "IRQ", Kind: "base", Precision: "point"}}}
	c.Layers.Add(news.LayerPlaces)
	if _, err := s.Put(ctx, []*news.Document{c}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		near *store.Circle
		want int
	}{
		{&store.Circle{Lat: 33.5, Lon: 42.5, Km: 50}, 1},  // Ain al-Asad is about 34 km away
		{&store.Circle{Lat: 33.3, Lon: 44.4, Km: 100}, 0}, // Baghdad is 190 km away
		{&store.Circle{Lat: 33.80, Lon: 42.44, Km: 1}, 1},
	} {
		hits, err := s.Events(ctx, store.EventQuery{Near: tt.near})
		if err != nil || len(hits) != tt.want {
			t.Errorf("near %+v: %d hits, %v; want %d", *tt.near, len(hits), err, tt.want)
		}
		if len(hits) == 1 && (hits[0].Event.Place == nil || hits[0].Event.Place.Name != "Ain al-Asad") {
			t.Errorf("near %+v: hit lost its place: %+v", *tt.near, hits[0].Event.Place)
		}
	}
	// A 2020 story about June 2014: --since and --until see the event's
	// own period.
	old := withEvent("https://a.example/4", "Islamic State fighters seized Mosul in June 2014.", "2020-06-10", "COERCE", news.Background, "Islamic State", "IMGISI", "Mosul", "IRQ")
	june := time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC)
	old.Times = []news.Timex{{Span: news.Span{Start: 39, End: 48}, Value: "2014-06", Precision: news.PrecisionMonth,
		Start: june, End: june.AddDate(0, 1, 0), Events: []int{0}}}
	old.Layers.Add(news.LayerTimes)
	// A year-long period overlaps a week in its middle.
	year := withEvent("https://a.example/5", "Militias mobilized fighters across Iraq in 2019.", "2021-03-01", "MOBILIZE", news.Background, "Militias", "IRQREB", "Iraq", "IRQ")
	y2019 := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	year.Times = []news.Timex{{Span: news.Span{Start: 43, End: 47}, Value: "2019", Precision: news.PrecisionYear,
		Start: y2019, End: y2019.AddDate(1, 0, 0), Events: []int{0}}}
	year.Layers.Add(news.LayerTimes)
	if _, err := s.Put(ctx, []*news.Document{old, year}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    store.EventQuery
		want bool
	}{
		{store.EventQuery{Type: "MOBILIZE", Since: day("2019-06-10"), Until: day("2019-06-20")}, true},
		{store.EventQuery{Type: "MOBILIZE", Since: day("2020-01-01"), Until: day("2020-01-02")}, false},
		{store.EventQuery{Type: "COERCE", Since: day("2014-06-15"), Until: day("2014-06-20")}, true},
		{store.EventQuery{Type: "COERCE", Since: day("2020-06-01")}, false},
		{store.EventQuery{Type: "COERCE", Until: day("2014-05-31")}, false},
	} {
		hits, err := s.Events(ctx, tt.q)
		if err != nil || (len(hits) == 1) != tt.want {
			t.Errorf("%v..%v: %d hits, %v; want found %v", tt.q.Since, tt.q.Until, len(hits), err, tt.want)
		}
	}
	h := hits[0]
	if h.Doc != a.ID || h.Title != "ASSAULT story" || h.Published.String() != "2020-01-02" ||
		h.Event.SourceActor == nil || h.Event.SourceActor.Code != "IRQREBSHI" || h.Event.Sentence != a.Text {
		t.Errorf("hit lost its evidence: %+v", h)
	}
}

// withQuantity adds an amount found in the document's text to its event.
func withQuantity(d *news.Document, text, unit string, value float64, role news.QuantityRole) *news.Document {
	i := strings.Index(d.Text, text)
	q := news.Quantity{Span: news.Span{Start: i, End: i + len(text)}, Value: value, Low: value, High: value, Unit: unit, Event: -1}
	if role != "" {
		q.Event, q.Role = 0, role
	}
	d.Quantities = append(d.Quantities, q)
	d.Layers.Add(news.LayerQuantities)
	return d
}

func testQuantities(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := withEvent("https://q.example/1", "A car bomb killed 43 people in Baghdad.", "2020-01-02", "ASSAULT", news.Asserted, "car bomb", "---", "people", "CVL")
	withQuantity(a, "43 people", "people", 43, news.Fatalities)
	b := withEvent("https://q.example/2", "The Pentagon will send up to 275 troops to Iraq.", "2020-01-05", "MOBILIZE", news.Planned, "The Pentagon", "USAMIL", "Iraq", "IRQ")
	withQuantity(b, "up to 275 troops", "troops", 275, news.Size)
	withQuantity(b, "Iraq", "", 1, "")
	for range 2 {
		if _, err := s.Put(ctx, []*news.Document{a, b}); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		q    store.QuantityQuery
		want []string // texts, newest first
	}{
		{"all, once each, newest first", store.QuantityQuery{}, []string{"up to 275 troops", "Iraq", "43 people"}},
		{"by unit", store.QuantityQuery{Unit: "Troops"}, []string{"up to 275 troops"}},
		{"by role", store.QuantityQuery{Role: news.Fatalities}, []string{"43 people"}},
		{"at least", store.QuantityQuery{Min: 100}, []string{"up to 275 troops"}},
		{"since", store.QuantityQuery{Since: day("2020-01-03")}, []string{"up to 275 troops", "Iraq"}},
		{"until", store.QuantityQuery{Until: day("2020-01-02")}, []string{"43 people"}},
		{"by document", store.QuantityQuery{Doc: a.ID}, []string{"43 people"}},
		{"nothing", store.QuantityQuery{Unit: "rockets"}, nil},
	}
	for _, tt := range tests {
		hits, err := s.Quantities(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Quantity.Text)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	// More rows than one insert statement carries, over a batch of
	// documents: all are written, none twice.
	var many []*news.Document
	for d := range 3 {
		var b strings.Builder
		for i := range 150 {
			fmt.Fprintf(&b, "Militants fired %d rockets. ", d*1000+i+1)
		}
		doc := Doc(fmt.Sprintf("https://q.example/many/%d", d), "", b.String(), "2020-02-01")
		for i := range 150 {
			withQuantity(doc, fmt.Sprintf("%d rockets", d*1000+i+1), "rockets", float64(d*1000+i+1), "")
		}
		many = append(many, doc)
	}
	if _, err := s.Put(ctx, many); err != nil {
		t.Fatal(err)
	}
	for _, doc := range many {
		hits, err := s.Quantities(ctx, store.QuantityQuery{Doc: doc.ID, Limit: 1000})
		if err != nil || len(hits) != 150 {
			t.Fatalf("%s: %d quantities stored, want 150 (%v)", doc.URL, len(hits), err)
		}
	}
	hits, err := s.Quantities(ctx, store.QuantityQuery{Role: news.Size})
	if err != nil || len(hits) != 1 {
		t.Fatalf("got %v, %v", hits, err)
	}
	h := hits[0]
	if h.Doc != b.ID || h.EventType != "MOBILIZE" || h.Quantity.Value != 275 || h.Quantity.Sentence != b.Text ||
		h.Quantity.Role == nil || *h.Quantity.Role != "size" {
		t.Errorf("hit lost its evidence: %+v", h)
	}
}

// Fingerprinted returns Doc with its fingerprint, as the pipeline's
// fingerprint stage leaves it.
func Fingerprinted(url, title, text, published string) *news.Document {
	d := Doc(url, title, text, "")
	d.Published, _ = news.ParseDate(published)
	d.Fingerprint = duplicate.Sign(title, text)
	d.Layers.Add(news.LayerFingerprint)
	return d
}

const wireStory = `Islamic State militants took control of Ramadi, the capital of Anbar province, on Sunday after Iraqi troops and police withdrew from their last major base in the city, security officials and witnesses said. The fall of the army's Anbar Operations Command headquarters ended an assault that intensified late last week with a wave of suicide car bombs. Local officials said hundreds of people had been killed since Friday.`

func testDuplicates(t *testing.T, s store.Store) {
	ctx := t.Context()
	post := Fingerprinted("https://post.example/ramadi", "Militants capture Ramadi", wireStory, "2015-05-17T22:15:00Z")
	daily := Fingerprinted("https://daily.example/ramadi", "Ramadi falls", wireStory+" The army said it would retake the city.", "2015-05-17T23:05:00Z")
	other := Fingerprinted("https://other.example/abadi", "Abadi calls in volunteers",
		"Prime Minister Haider al-Abadi ordered the Popular Mobilization Forces to prepare to enter Anbar on Sunday, a step Sunni leaders had long resisted.", "2015-05-17T23:30:00Z")
	// One batch: the second copy names the first, the other story nothing.
	if _, err := s.Put(ctx, []*news.Document{post, daily, other}); err != nil {
		t.Fatal(err)
	}
	want := func(d *news.Document, of news.ID) {
		t.Helper()
		got, err := s.Get(ctx, string(d.ID))
		if err != nil {
			t.Fatal(err)
		}
		if got.DuplicateOf != of {
			t.Errorf("%s: duplicate of %q, want %q", d.URL, got.DuplicateOf, of)
		}
	}
	want(post, "")
	want(daily, post.ID)
	want(other, "")
	if daily.DuplicateOf != post.ID {
		t.Errorf("Put left the document's DuplicateOf at %q", daily.DuplicateOf)
	}
	// A later batch: the wire's original, published first, becomes the
	// earliest copy of all; a headline item names it too.
	wire := Fingerprinted("https://wire.example/ramadi", "Islamic State seizes Ramadi", wireStory, "2015-05-17T19:40:00Z")
	item := Fingerprinted("https://list.example/#3", "Islamic State seizes Ramadi", "", "")
	if _, err := s.Put(ctx, []*news.Document{wire, item}); err != nil {
		t.Fatal(err)
	}
	want(wire, "")
	want(post, wire.ID)
	want(daily, wire.ID)
	want(item, wire.ID)
	want(other, "")
	if st, err := s.Stats(ctx); err != nil || st.Copies != 3 {
		t.Errorf("stats: %d copies (%v), want 3", st.Copies, err)
	}
	// Putting them again changes nothing.
	if added, err := s.Put(ctx, []*news.Document{post, wire}); err != nil || added[0] || added[1] {
		t.Fatalf("re-put: %v %v", added, err)
	}
	want(post, wire.ID)
	want(wire, "")
}

func testStories(t *testing.T, s store.Store) {
	ctx := t.Context()
	wire := Fingerprinted("https://wire.example/ramadi", "Islamic State seizes Ramadi", wireStory, "2015-05-17T19:40:00Z")
	post := Fingerprinted("https://post.example/ramadi", "Militants capture Ramadi", wireStory, "2015-05-17T22:15:00Z")
	other := Fingerprinted("https://other.example/kobani", "Kurdish fighters hold Kobani",
		"Kurdish fighters in the Syrian border town of Kobani pushed back an Islamic State attack on Sunday, a monitoring group said.", "2015-05-17T23:30:00Z")
	if _, err := s.Put(ctx, []*news.Document{wire, post, other}); err != nil {
		t.Fatal(err)
	}
	if post.Story == "" || post.Story != wire.Story || other.Story == wire.Story {
		t.Fatalf("stories: wire %q, its copy %q, another %q", wire.Story, post.Story, other.Story)
	}
	// A later batch: a rewrite in other words of the same development
	// joins the story; the story keeps its ID and earliest title.
	rewrite := Fingerprinted("https://daily.example/ramadi", "Ramadi lost as Iraqi troops withdraw from Anbar capital",
		"Islamic State militants took Ramadi, the capital of Anbar province, after Iraqi troops and police withdrew from their last base in the city on Sunday, officials said.",
		"2015-05-18T08:00:00Z")
	if _, err := s.Put(ctx, []*news.Document{rewrite}); err != nil {
		t.Fatal(err)
	}
	if rewrite.Story != wire.Story {
		t.Errorf("the rewrite started story %q, want %q", rewrite.Story, wire.Story)
	}
	got, err := s.Get(ctx, string(rewrite.ID))
	if err != nil || got.Story != wire.Story {
		t.Errorf("stored story %q (%v), want %q", got.Story, err, wire.Story)
	}
	hits, err := s.Stories(ctx, store.StoryQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Fatalf("%d stories, want 2: %+v", len(hits), hits)
	}
	h := hits[0] // the latest reported
	if h.ID != wire.Story || h.Size != 3 || h.Sources != 1 || len(h.Members) != 3 || h.Title != wire.Title ||
		!h.First.Equal(wire.Published.Time) || !h.Last.Equal(rewrite.Published.Time) {
		t.Errorf("story %+v", h)
	}
	if m := h.Members; len(m) == 3 && (m[0].Doc != wire.ID || m[1].Doc != post.ID || m[1].DuplicateOf != wire.ID) {
		t.Errorf("members, earliest first: %+v", m)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		q    store.StoryQuery
		want int
	}{
		{store.StoryQuery{MinSize: 2}, 1},
		{store.StoryQuery{Since: day("2015-05-18")}, 1},
		{store.StoryQuery{Until: day("2015-05-16")}, 0},
		{store.StoryQuery{ID: other.Story}, 1},
		{store.StoryQuery{Limit: 1}, 1},
	} {
		if hits, err := s.Stories(ctx, c.q); err != nil || len(hits) != c.want {
			t.Errorf("%+v: %d stories (%v), want %d", c.q, len(hits), err, c.want)
		}
	}
	// Putting a document again changes no story.
	if _, err := s.Put(ctx, []*news.Document{rewrite, other}); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Stories(ctx, store.StoryQuery{ID: wire.Story}); len(hits) != 1 || hits[0].Size != 3 {
		t.Errorf("after re-put: %+v", hits)
	}
}

// attack returns a document reporting an ASSAULT by src on tgt at the
// document's publication day, at a place when lat and lon are not zero.
func attack(url, outlet, day, src, srcCode, tgt, tgtCode string, lat, lon float64) *news.Document {
	text := src + " attacked " + tgt + "."
	d := withEvent(url, text, day, "ASSAULT", news.Asserted, src, srcCode, tgt, tgtCode)
	d.Source = outlet
	if lat != 0 || lon != 0 {
		d.Places = []news.PlaceMention{{Span: news.Span{Start: 0, End: 1}, Events: []int{0},
			Place: news.Place{Name: "Ain al-Asad", Lat: lat, Lon: lon, Country: "IRQ", Precision: "point"}}}
		d.Layers.Add(news.LayerPlaces)
	}
	return d
}

func testIncidents(t *testing.T, s store.Store) {
	ctx := t.Context()
	// One missile attack reported by two outlets a day apart; an attack on
	// the same base a year later; a strike by another attacker the same day.
	a := attack("https://a.example/1", "Tigris Wire", "2020-01-08", "Iran's Revolutionary Guards", "IRNMIL", "US troops", "USAMIL", 33.79, 42.44)
	b := attack("https://b.example/1", "Gulf Monitor", "2020-01-09", "Revolutionary Guards", "IRNMIL", "the base", "USAMIL", 33.79, 42.44)
	later := attack("https://b.example/2", "Gulf Monitor", "2021-03-03", "militants", "IRQREB", "US troops", "USAMIL", 33.79, 42.44)
	other := attack("https://c.example/1", "Levant Daily", "2020-01-08", "US aircraft", "USAMIL", "Kataib Hezbollah", "IRQREBSHI", 33.79, 42.44)
	if _, err := s.Put(ctx, []*news.Document{a, other}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, []*news.Document{b, later}); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Events(ctx, store.EventQuery{Type: "ASSAULT"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 3 {
		t.Fatalf("%d events, want 3 (two reports merged)", len(hits))
	}
	var merged *store.EventHit
	for i := range hits {
		if len(hits[i].Evidence) > 1 {
			merged = &hits[i]
		} else if hits[i].Sources != 1 || len(hits[i].Evidence) != 1 {
			t.Errorf("a lone event: %d sources, %d reports", hits[i].Sources, len(hits[i].Evidence))
		}
	}
	if merged == nil {
		t.Fatal("no event with two reports")
	}
	if merged.Doc != a.ID || merged.Sources != 2 || len(merged.Evidence) != 2 || merged.Incident != string(a.ID)+":0" ||
		merged.Evidence[0].Doc != a.ID || merged.Evidence[1].Doc != b.ID || merged.Evidence[1].Why == "" || merged.Evidence[0].Why != "" {
		t.Errorf("merged event: %+v", *merged)
	}
	if hits, _ := s.Events(ctx, store.EventQuery{Type: "ASSAULT", Reports: true}); len(hits) != 4 {
		t.Errorf("%d reports, want 4", len(hits))
	}
	// A document's events are its own reports, merged or not.
	if hits, _ := s.Events(ctx, store.EventQuery{Doc: b.ID}); len(hits) != 1 || hits[0].Doc != b.ID || hits[0].Incident != string(a.ID)+":0" {
		t.Errorf("b's events: %+v", hits)
	}
	if st, err := s.Stats(ctx); err != nil || st.Events != 4 || st.Incidents != 3 {
		t.Errorf("stats: %d events, %d incidents (%v), want 4 and 3", st.Events, st.Incidents, err)
	}
	// Splitting the first report off leaves both alone, and the second
	// report's incident takes its name.
	from, err := s.Split(ctx, string(a.ID)+":0")
	if err != nil || from != string(a.ID)+":0" {
		t.Fatalf("split: %q, %v", from, err)
	}
	if hits, _ := s.Events(ctx, store.EventQuery{Type: "ASSAULT"}); len(hits) != 4 {
		t.Errorf("after the split: %d events, want 4", len(hits))
	}
	if _, err := s.Split(ctx, string(b.ID)+":0"); err == nil {
		t.Error("split a report that stands alone")
	}
	if _, err := s.Split(ctx, "nonsense"); err == nil {
		t.Error("split a malformed reference")
	}
	if _, err := s.Split(ctx, "0123456789abcdef:0"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("split an unknown event: %v", err)
	}
	// A third report joins the incident it matches, not the one split off
	// and not the other attacker's.
	c := attack("https://d.example/1", "Kurdistan Observer", "2020-01-09", "Iranian missiles", "IRNMIL", "US forces", "USAMIL", 33.79, 42.44)
	if _, err := s.Put(ctx, []*news.Document{c}); err != nil {
		t.Fatal(err)
	}
	hits, err = s.Events(ctx, store.EventQuery{Doc: c.ID})
	if err != nil || len(hits) != 1 {
		t.Fatalf("%d events (%v)", len(hits), err)
	}
	if got := hits[0].Incident; got != string(a.ID)+":0" && got != string(b.ID)+":0" {
		t.Errorf("the third report joined %s", got)
	}
}
