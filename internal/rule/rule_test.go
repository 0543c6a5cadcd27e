package rule

import (
	"errors"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/gazetteer"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func places(t testing.TB) Places {
	g, err := gazetteer.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func ptr[T any](v T) *T { return &v }

// strike is an asserted air strike on US forces at Ain al-Asad air base
// (Anbar, Iraq), reported by three outlets.
func strike() *store.EventHit {
	return &store.EventHit{
		Title: "Rockets hit base housing US troops",
		Event: news.EventRecord{
			Type: "ASSAULT", Mode: ptr("aerial"), Modality: news.Asserted,
			Sources:  []news.ActorRef{{Text: "Kataib Hezbollah", Code: "IRQREBSHI", Name: "Kataib Hezbollah"}},
			Targets:  []news.ActorRef{{Text: "US forces", Code: "USAMIL", Name: "United States military"}},
			Sentence: "Rockets fired by Kataib Hezbollah hit Ain al-Asad air base, which houses US forces.",
			Place: &news.EventPlace{Name: "Ain al-Asad air base", Lat: 33.80, Lon: 42.44, Country: "IRQ",
				Admin1: ptr("Anbar"), Precision: "point"},
		},
		Reports: 4, Sources: 3,
	}
}

func TestMatch(t *testing.T) {
	g := places(t)
	for _, tt := range []struct {
		rule string
		want bool
	}{
		{"type:ASSAULT", true},
		{"type:assault", true},
		{"type:PROTEST", false},
		{"type:PROTEST,ASSAULT", true},
		{"-type:PROTEST", true},
		{"mode:aerial", true},
		{"modality:asserted", true},
		{"modality:planned,threatened", false},
		{"target:USAMIL", true},
		{"target:USA", true}, // a code prefix
		{"source:USAMIL", false},
		{"actor:USAMIL", true},
		{`target:"US forces"`, true},
		{`actor:kataib`, true},
		{"in:Iraq", true},
		{"in:IRQ", true},
		{"in:Syria", false},
		{"in:Syria,Iraq", true},
		{"in:Anbar", true},
		{"in:Nineveh", false},
		{"near:Ramadi~150km", true},
		{"near:Ramadi~50km", false},
		{"near:33.8,42.4~10km", true},
		{"sources>=3", true},
		{"sources>=4", false},
		{"sources>2", true},
		{"reports>=4", true},
		{"rockets", true},
		{`"air base"`, true},
		{"air", true},
		{"bas", false},         // words, not parts of them
		{"text:housing", true}, // the title counts
		{"type:ASSAULT modality:asserted target:\"US forces\" in:Iraq,Syria sources>=2", true},
		{"type:ASSAULT modality:asserted target:\"US forces\" in:Iraq,Syria sources>=5", false},
		{"type:ASSAULT -in:Anbar", false},
	} {
		r, err := Parse(tt.rule, g)
		if err != nil {
			t.Errorf("%s: %v", tt.rule, err)
			continue
		}
		if got := r.Match(strike()); got != tt.want {
			t.Errorf("%s: match %v, want %v", tt.rule, got, tt.want)
		}
	}
}

func TestMatchUnplaced(t *testing.T) {
	h := strike()
	h.Event.Place = nil
	for _, rule := range []string{"in:IRQ", "near:33.8,42.4~10km"} {
		r, err := Parse(rule, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Match(h) {
			t.Errorf("%s matches an event with no place", rule)
		}
	}
}

func TestParseErrors(t *testing.T) {
	g := places(t)
	for _, tt := range []struct{ rule, want string }{
		{"", "empty rule"},
		{"   ", "empty rule"},
		{"typ:ASSAULT", `unknown field "typ"`},
		{"type:", "a value is missing"},
		{`text:"open`, "quote is not closed"},
		{`text:""`, "empty quotes"},
		{"modality:maybe", `modality "maybe": want one of asserted`},
		{"in:Atlantis", `no place of that name`},
		{"near:Erbil", "give a distance"},
		{"near:Erbil~far", "not a distance"},
		{"near:Erbil~0km", "not a distance"},
		{"near:95,44~10km", "not latitude,longitude"},
		{"near:Atlantis~10km", "no place named"},
		{"sources:2", "sources takes >= or >"},
		{"sources>=two", "not a count"},
		{"type>=2", `"type" takes ":"`},
		{"type:ASS-AULT", "want a code"},
		{`type:ASSAULT"x`, "not closed"},
	} {
		_, err := Parse(tt.rule, g)
		if err == nil || !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.rule, err, tt.want)
		}
	}
	if _, err := Parse("in:Iraq", nil); err == nil || !strings.Contains(err.Error(), "ISO country code") {
		t.Errorf("in:Iraq without a gazetteer: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"type:ASSAULT modality:asserted target:\"US forces\" in:IRQ,SYR sources>=2",
		`-actor:kataib "air base" near:33.8,42.4~25km`, "reports>1", `text:"a,b"`, "-", ",", `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Parse(src, nil)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("%q: error %v does not wrap ErrSyntax", src, err)
			}
			return
		}
		r.Match(strike()) // must not panic
		if r.String() != src {
			t.Fatalf("String %q, want %q", r.String(), src)
		}
	})
}

func TestQuery(t *testing.T) {
	g := places(t)
	for _, tt := range []struct {
		rule string
		want store.EventQuery
		err  string
	}{
		{"type:ASSAULT actor:IMGISI in:Anbar", store.EventQuery{Type: "ASSAULT", Actor: "IMGISI", Place: "anbar"}, ""},
		{"in:Iraq modality:asserted", store.EventQuery{Place: "IRQ", Modality: news.Asserted}, ""},
		{`"car bomb" type:ASSAULT`, store.EventQuery{Type: "ASSAULT", Text: `"car bomb"`}, ""},
		{"type:ASSAULT,PROTEST", store.EventQuery{}, "one value per field"},
		{"type:ASSAULT type:PROTEST", store.EventQuery{}, "one type term"},
		{"-in:Anbar", store.EventQuery{}, "cannot leave events out"},
		{"sources>=2", store.EventQuery{}, "a count is of events"},
		{"target:USA", store.EventQuery{}, "use actor:"},
	} {
		r, err := Parse(tt.rule, g)
		if err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		q, err := r.Query()
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.rule, err, tt.err)
			}
			continue
		}
		if err != nil || q.Type != tt.want.Type || q.Actor != tt.want.Actor || q.Place != tt.want.Place ||
			q.Modality != tt.want.Modality || q.Text != tt.want.Text {
			t.Errorf("%s: %+v %v, want %+v", tt.rule, q, err, tt.want)
		}
	}
	r, _ := Parse("near:Erbil~50km", g)
	if q, err := r.Query(); err != nil || q.Near == nil || q.Near.Km != 50 {
		t.Errorf("near: %+v %v", q, err)
	}
}
