package actordict_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/token"
)

func TestBuiltinLoads(t *testing.T) {
	d, err := actordict.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Actors) < 500 {
		t.Errorf("built-in lexicon has %d actors, want the whole theatre", len(d.Actors))
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"Iraq\n":                        "x.txt:1: entry \"Iraq\" has no code line",
		"    IRQ\n":                     "x.txt:1: indented line outside an entry",
		"Iraq\n    iraq\n":              "x.txt:2: \"iraq\" is neither a code line",
		"Abadi\n    IRQGOV 2014-13..\n": "x.txt:2: date \"2014-13\"",
	} {
		err := actordict.New().Parse("x.txt", strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestAtDates(t *testing.T) {
	d := actordict.New()
	err := d.Parse("people.txt", strings.NewReader(`Haider al-Abadi; Abadi
    IRQPTY 2003..2014-09-08 Dawa Party
    IRQGOV 2014-09-08..2018-10-25 Prime Minister
`))
	if err != nil {
		t.Fatal(err)
	}
	a := d.Actors[0]
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for when, want := range map[string]string{"2016-01-01": "IRQGOV", "2010-01-01": "IRQPTY", "2020-01-01": "IRQGOV", "2018-10-24": "IRQGOV"} {
		if got := a.At(day(when)).Code; got != want {
			t.Errorf("At(%s) = %s, want %s", when, got, want)
		}
	}
}

func TestMatchCase(t *testing.T) {
	d := actordict.New()
	if err := d.Parse("x.txt", strings.NewReader("Islamic State; IS\n    IMGISI\ntroops\n    MIL\n")); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{"IS": true, "is": false, "Is": false, "Islamic State": true, "ISLAMIC STATE": true,
		"islamic state": false, "Troops": true, "troops": true} {
		_, ok := d.Match(actordict.NewText(text, token.Scan(nil, text, 0)), 0)
		if ok != want {
			t.Errorf("Match(%q) = %v, want %v", text, ok, want)
		}
	}
}

// FuzzParse feeds the lexicon parser arbitrary files, as a user's lexicon
// may be: it must fail cleanly or load something usable.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"Iraq; Iraqis\n    IRQ\n    adjective: Iraqi\n", "Abadi\n    IRQGOV 2014-09-08..2018 PM\n", "x\n\tMIL\n", ";;;\n", "a\n    IRQ ..\n", "\n\n#\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d := actordict.New()
		if err := d.Parse("fuzz.txt", strings.NewReader(in)); err != nil {
			return
		}
		for _, a := range d.Actors {
			a.At(time.Now())
			text := a.Name
			d.Match(actordict.NewText(text, token.Scan(nil, text, 0)), 0)
		}
	})
}
