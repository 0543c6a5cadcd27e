package duplicate_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/news"
)

const wire = `Islamic State militants took control of Ramadi, the capital of Anbar province, on Sunday after Iraqi troops and police withdrew from their last major base in the city, security officials and witnesses said.

The fall of the army's Anbar Operations Command headquarters ended an assault that intensified late last week with a wave of suicide car bombs. On Friday the militants overran the provincial government compound in the centre of the city, and by Sunday afternoon convoys of soldiers and police were leaving Ramadi toward the east, along with thousands of residents.

Local officials said hundreds of people, including civilians and members of the security forces, had been killed since Friday. Prime Minister Haider al-Abadi ordered the Popular Mobilization Forces, the mostly Shiite volunteer militias, to prepare to enter Anbar, a step Sunni leaders in the province had long resisted.

The loss of Ramadi is the heaviest setback for the government since the fall of Mosul a year ago and a blow to the American strategy of air strikes in support of Iraqi ground forces.`

// A report of the same day in other words: the same facts, not a copy.
const rewritten = `Iraqi security forces abandoned Ramadi on Sunday, leaving the Anbar provincial capital to Islamic State fighters who had pressed their attack since Friday with a series of car bombs.

Soldiers and police pulled back east of the city as residents fled. Abadi called on the Shiite-led volunteer forces to get ready for a campaign in the Sunni province, and officials put the dead in the hundreds. The defeat is the worst for Baghdad since Mosul fell last June.`

func TestCopies(t *testing.T) {
	paragraphs := strings.Split(wire, "\n\n")
	tests := []struct {
		name    string
		a, b    news.Fingerprint
		want    bool
		wantWhy string
	}{
		{"same text, another headline", duplicate.Sign("Islamic State seizes Ramadi", wire), duplicate.Sign("Militants capture Ramadi", wire), true, "same text"},
		{"same words, other spacing and case", duplicate.Sign("", wire), duplicate.Sign("", strings.ToUpper(strings.ReplaceAll(wire, "\n\n", " "))), true, "same text"},
		{"cut short by a paragraph", duplicate.Sign("", wire), duplicate.Sign("", strings.Join(paragraphs[:3], "\n\n")), true, "shares about"},
		{"with an editor's line added", duplicate.Sign("", wire), duplicate.Sign("", wire+"\n\nReporting by the Baghdad bureau; editing by the desk."), true, "shares about"},
		{"the same story in other words", duplicate.Sign("", wire), duplicate.Sign("", rewritten), false, ""},
		{"one paragraph of the story", duplicate.Sign("", wire), duplicate.Sign("", paragraphs[1]), false, ""},
		{"a headline in a list and its story", duplicate.Sign("Islamic State seizes Ramadi", ""), duplicate.Sign("Islamic State seizes Ramadi", wire), true, "same headline"},
		{"a headline and another story", duplicate.Sign("Islamic State seizes Ramadi", ""), duplicate.Sign("Militants capture Ramadi", wire), false, ""},
		{"no text", duplicate.Sign("", ""), duplicate.Sign("", ""), false, ""},
	}
	for _, tt := range tests {
		got, why := duplicate.Copies(tt.a, tt.b)
		if got != tt.want || !strings.HasPrefix(why, tt.wantWhy) {
			t.Errorf("%s: got %v %q, want %v %q (similarity %.2f, containment %.2f)", tt.name, got, why, tt.want, tt.wantWhy,
				duplicate.Similarity(tt.a, tt.b), duplicate.Containment(tt.a, tt.b))
		}
	}
}

func TestMemoryEarliestCopy(t *testing.T) {
	ctx := context.Background()
	day := func(h int) time.Time { return time.Date(2015, 5, 17, h, 0, 0, 0, time.UTC) }
	m := duplicate.NewMemory()
	steps := []struct {
		doc          news.ID
		title, text  string
		published    time.Time
		of, replaces news.ID
	}{
		{"post", "Militants capture Ramadi", wire, day(22), "", ""},
		{"other", "Abadi calls in volunteers", rewritten, day(21), "", ""},
		{"daily", "Ramadi falls", wire, day(23), "post", ""},
		// The wire's original, published first but read last: the copies
		// become its copies.
		{"wire", "Islamic State seizes Ramadi", wire, day(19), "", "post"},
		{"list", "Ramadi falls", "", time.Time{}, "wire", ""},
	}
	for _, st := range steps {
		d, err := m.Add(ctx, duplicate.Entry{Doc: st.doc, Published: st.published, Fingerprint: duplicate.Sign(st.title, st.text)})
		if err != nil {
			t.Fatal(err)
		}
		if d.Of != st.of || d.Replaces != st.replaces {
			t.Errorf("%s: of %q replaces %q, want %q and %q (%s)", st.doc, d.Of, d.Replaces, st.of, st.replaces, d.Why)
		}
	}
	// After the wire came in, a later copy names the wire.
	d, err := m.Add(ctx, duplicate.Entry{Doc: "late", Published: day(30), Fingerprint: duplicate.Sign("x", wire)})
	if err != nil || d.Of != "wire" {
		t.Errorf("late copy: of %q (%v), want wire", d.Of, err)
	}
}

// generated returns n documents of about words words: every tenth a copy
// of an earlier one with its last sentence dropped.
func generated(n, words int) []news.Fingerprint {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	texts := make([]string, 0, 64)
	out := make([]news.Fingerprint, n)
	for i := range out {
		if i%10 == 9 && len(texts) > 0 {
			t := texts[r.IntN(len(texts))]
			out[i] = duplicate.Sign("", t[:len(t)*9/10])
			continue
		}
		var b strings.Builder
		for range words {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteByte(' ')
		}
		t := b.String()
		if len(texts) < cap(texts) {
			texts = append(texts, t)
		} else {
			texts[r.IntN(len(texts))] = t
		}
		out[i] = duplicate.Sign("", t)
	}
	return out
}

func TestMemoryFindsGeneratedCopies(t *testing.T) {
	fps := generated(2000, 300)
	m := duplicate.NewMemory()
	copies := 0
	for i, fp := range fps {
		d, err := m.Add(context.Background(), duplicate.Entry{Doc: news.ID(fmt.Sprint(i)), Fingerprint: fp})
		if err != nil {
			t.Fatal(err)
		}
		if d.Of != "" {
			copies++
			if i%10 != 9 {
				t.Errorf("document %d is no copy but matched %s (%s)", i, d.Of, d.Why)
			}
		}
	}
	if copies < 195 {
		t.Errorf("found %d of 200 copies", copies)
	}
}

func FuzzSign(f *testing.F) {
	f.Add("Ramadi falls", wire)
	f.Add("", "a b c")
	f.Fuzz(func(t *testing.T, title, text string) {
		fp := duplicate.Sign(title, text)
		if ok, _ := duplicate.Copies(fp, fp); fp.Shingles > 0 && !ok {
			t.Errorf("a text is not a copy of itself")
		}
		if len(duplicate.Keys(fp)) > duplicate.Bands+1 {
			t.Errorf("too many keys")
		}
	})
}

func BenchmarkSign(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		duplicate.Sign("Islamic State seizes Ramadi", wire)
	}
}

// Two cuts of one story that share too little to match each other join
// one group when the whole story comes in.
func TestMemoryMergesGroups(t *testing.T) {
	ctx := context.Background()
	p := strings.Split(wire, "\n\n")
	head, tail := strings.Join(p[:3], "\n\n"), strings.Join(p[1:], "\n\n")
	m := duplicate.NewMemory()
	for _, st := range []struct {
		doc  news.ID
		text string
	}{{"head", head}, {"tail", tail}, {"whole", wire}} {
		if _, err := m.Add(ctx, duplicate.Entry{Doc: st.doc, Fingerprint: duplicate.Sign("", st.text)}); err != nil {
			t.Fatal(err)
		}
	}
	if ok, _ := duplicate.Copies(duplicate.Sign("", head), duplicate.Sign("", tail)); ok {
		t.Fatal("the two cuts match each other; the test needs them apart")
	}
	for _, d := range []news.ID{"tail", "whole"} {
		if of := m.Of(d); of != "head" {
			t.Errorf("%s: earliest copy %q, want head (read first)", d, of)
		}
	}
}
