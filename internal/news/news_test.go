package news_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		hasTime  bool
		err      bool
	}{
		{in: "2014-06-10", want: "2014-06-10"},
		{in: " 2014-06-10 ", want: "2014-06-10"},
		{in: "2014-06-10T17:45:00Z", want: "2014-06-10T17:45:00Z", hasTime: true},
		{in: "2014-06-10T20:45:00+03:00", want: "2014-06-10T20:45:00+03:00", hasTime: true},
		{in: "2014-06-10 17:45:00", want: "2014-06-10T17:45:00Z", hasTime: true},
		{in: "2014-06-10T17:45:00.123Z", want: "2014-06-10T17:45:00Z", hasTime: true},
		{in: "", want: ""},
		{in: "10 June 2014", err: true},
		{in: "2014-13-01", err: true},
	}
	for _, tt := range tests {
		d, err := news.ParseDate(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseDate(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if tt.err {
			continue
		}
		if got := d.String(); got != tt.want || d.HasTime != tt.hasTime {
			t.Errorf("ParseDate(%q) = %q (time %v), want %q (time %v)", tt.in, got, d.HasTime, tt.want, tt.hasTime)
		}
	}
}

func TestDateJSON(t *testing.T) {
	for _, d := range []news.Date{{}, news.Day(time.Date(2020, 1, 3, 15, 0, 0, 0, time.UTC)), news.Instant(time.Date(2020, 1, 3, 1, 2, 3, 0, time.UTC))} {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back news.Date
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("unmarshal %s: %v", b, err)
		}
		if back.String() != d.String() || back.HasTime != d.HasTime {
			t.Errorf("round trip of %s gave %q", b, back)
		}
	}
	if b, _ := json.Marshal(news.Date{}); string(b) != "null" {
		t.Errorf("zero date marshals to %s, want null", b)
	}
}

func TestIDIsStable(t *testing.T) {
	a := news.NewDocument("a.html", news.FormatHTML, "https://x.example/1", []byte("<p>hi</p>"))
	b := news.NewDocument("elsewhere/a.html", news.FormatHTML, "https://x.example/1", []byte("<p>hi</p>"))
	c := news.NewDocument("a.html", news.FormatHTML, "https://x.example/2", []byte("<p>hi</p>"))
	d := news.NewDocument("a.html", news.FormatHTML, "https://x.example/1", []byte("<p>hi!</p>"))
	if a.ID != b.ID {
		t.Errorf("same URL and content, different inputs: IDs %s and %s differ", a.ID, b.ID)
	}
	if a.ID == c.ID || a.ID == d.ID {
		t.Errorf("different URL or content gave the same ID %s", a.ID)
	}
	if len(a.ID) != 16 {
		t.Errorf("ID %q is not 16 hex digits", a.ID)
	}
}

// TestRecordShape pins the JSON shape documented in docs/json.md: every key
// present, lists never null.
func TestRecordShape(t *testing.T) {
	d := news.NewDocument("a.txt", news.FormatText, "", []byte("raw"))
	d.Text = "Body."
	d.Published = news.Day(time.Date(2020, 1, 5, 0, 0, 0, 0, time.UTC))
	got, err := json.MarshalIndent(d.Record(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/record.golden.json"
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got)+"\n" != string(want) {
		t.Errorf("record shape changed (run go test -update if intended):\n%s\nwant:\n%s", got, want)
	}
}

func TestValidSpan(t *testing.T) {
	d := &news.Document{Text: "Mosul – Tal Afar"}
	tests := []struct {
		s    news.Span
		want bool
	}{
		{news.Span{0, 5}, true},
		{news.Span{6, 9}, true}, // the dash is 3 bytes: [6,9)
		{news.Span{7, 9}, false},
		{news.Span{5, 4}, false},
		{news.Span{0, len(d.Text) + 1}, false},
		{news.Span{len(d.Text), len(d.Text)}, true},
	}
	for _, tt := range tests {
		if got := d.ValidSpan(tt.s); got != tt.want {
			t.Errorf("ValidSpan(%v) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	d := &news.Document{ID: "x", Text: "bad \xff byte"}
	d.Layers.Add(news.LayerText)
	if d.Validate() == nil {
		t.Error("Validate accepted invalid UTF-8 text")
	}
	d.Text = "fine"
	if err := d.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestPLOVERType(t *testing.T) {
	tests := []struct {
		typ      string
		modality news.Modality
		negated  bool
		within   int
		want     string
	}{
		{"AID", news.Planned, false, -1, "AGREE"},            // "Finland will give Tanzania a grant"
		{"ASSAULT", news.Conditional, false, -1, "THREATEN"}, // "will strike if ..."
		{"PROTEST", news.Planned, false, -1, "THREATEN"},     // "would boycott the talks"
		{"RETREAT", news.Denied, true, -1, "RETREAT"},        // "did not withdraw": still about a withdrawal
		{"CONSULT", news.Denied, true, -1, "REJECT"},         // "will not meet"
		{"AGREE", news.Denied, false, -1, "REJECT"},          // "failed to reach agreement"
		{"ASSAULT", news.Asserted, false, -1, "ASSAULT"},
		{"ASSAULT", news.Threatened, false, 0, "ASSAULT"},   // the THREATEN around it is the PLOVER event
		{"ASSAULT", news.Threatened, false, -1, "THREATEN"}, // no speech act around it: the threat is the event
	}
	for _, tt := range tests {
		e := news.Event{Type: tt.typ, Modality: tt.modality, Negated: tt.negated, Within: tt.within}
		if got := e.PLOVERType(); got != tt.want {
			t.Errorf("%s %s negated=%v: PLOVERType() = %s, want %s", tt.typ, tt.modality, tt.negated, got, tt.want)
		}
	}
}

func TestPLOVERTypeDemand(t *testing.T) {
	if got := (news.Event{Type: "RETREAT", Modality: news.Demanded, Within: -1}).PLOVERType(); got != "REQUEST" {
		t.Errorf("a top-level demanded withdrawal is %s, want REQUEST", got)
	}
}

func TestSpanGap(t *testing.T) {
	for _, tt := range []struct {
		a, b news.Span
		want int
	}{
		{news.Span{Start: 0, End: 5}, news.Span{Start: 8, End: 10}, 3},
		{news.Span{Start: 8, End: 10}, news.Span{Start: 0, End: 5}, 3},
		{news.Span{Start: 0, End: 5}, news.Span{Start: 5, End: 9}, 0},
		{news.Span{Start: 0, End: 9}, news.Span{Start: 3, End: 4}, 0},
	} {
		if got := tt.a.Gap(tt.b); got != tt.want {
			t.Errorf("%v.Gap(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
