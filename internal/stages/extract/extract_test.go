package extract_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/extract"
)

func TestParseStamp(t *testing.T) {
	tests := []struct {
		in, want string // want "" for no date
	}{
		{"June 10, 2014", "2014-06-10"},
		{"10 June 2014", "2014-06-10"},
		{"Tuesday 10 June 2014 18.30 BST", "2014-06-10"},
		{"31 Aug 2014, 18:22", "2014-08-31"},
		{"Jun 10th 2014", "2014-06-10"},
		{"2014-06-10T17:45:00Z", "2014-06-10T17:45:00Z"},
		{"2014-06-10T20:45:00+03:00", "2014-06-10T17:45:00Z"},
		{"2014-06-10 17:45", "2014-06-10"},
		{"18 August 2014, 19:05 GMT", "2014-08-18T19:05:00Z"},
		{"Jul 26, 2021, 4:40 PM UTC", "2021-07-26T16:40:00Z"},
		{"Tue, 9 Sep 2014 06:30:12 -0400", "2014-09-09T10:30:12Z"},
		{"19/02/2017, 14:32", "2017-02-19"},
		{"02/19/2017", "2017-02-19"},
		{"01.11.2014 | 10:48", "2014-11-01"},
		{"3 hours ago", ""},
		{"Tuesday", ""},
		{"June 2014", ""},
		{"31 February 2014", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, ok := extract.ParseStamp(tt.in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("ParseStamp(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func process(t *testing.T, cfg extract.Config, d *news.Document) error {
	t.Helper()
	ex, err := extract.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = ex.Process(context.Background(), d)
	if err == nil {
		if verr := d.Validate(); verr != nil {
			t.Fatalf("invalid document: %v", verr)
		}
	}
	return err
}

const article = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Rockets hit Ain al-Asad | Gulf Monitor</title>
<meta property="og:site_name" content="Gulf Monitor">
<meta property="article:published_time" content="2021-03-03T08:15:00+03:00">
<link rel="canonical" href="https://gulfmonitor.example/2021/03/03/rockets">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rockets hit Ain al-Asad</h1><p class="byline">By Nadia Saleh</p>
<p>ANBAR - At least ten rockets struck Ain al-Asad air base in western Iraq on Wednesday morning, the US-led coalition said.</p>
<p>A US civilian contractor died of a heart attack while sheltering, the Pentagon said later. No group claimed the attack.</p>
<p>The attack came two days before Pope Francis was due to visit Iraq, the first papal visit to the country.</p>
<p>Iraqi security officials said the rockets were fired from a village a few kilometres east of the base, where a launcher was later found.</p>
<p>Coalition spokesman Wayne Marotto said the base's air defences engaged the rockets and that damage was being assessed.</p>
</article>
<aside><h3>Related</h3><ul>
<li><a href="/2021/02/16/erbil-rockets">Rocket attack on Erbil airport kills contractor</a></li>
<li><a href="https://gulfmonitor.example/2020/01/08/iran-missiles">Iran fires missiles at bases hosting US troops</a></li>
</ul></aside>
<footer>© 2021 Gulf Monitor</footer></body></html>`

func TestHTML(t *testing.T) {
	d := news.NewDocument("a.html", news.FormatHTML, "", []byte(article))
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	if d.Title != "Rockets hit Ain al-Asad" {
		t.Errorf("title %q", d.Title)
	}
	if d.Published.String() != "2021-03-03T05:15:00Z" {
		t.Errorf("published %q, want the instant from article:published_time", d.Published)
	}
	if d.Source != "Gulf Monitor" || d.Language != "en" || d.URL != "https://gulfmonitor.example/2021/03/03/rockets" {
		t.Errorf("source %q language %q url %q", d.Source, d.Language, d.URL)
	}
	if !strings.HasPrefix(d.Text, "ANBAR - At least ten rockets") || !strings.Contains(d.Text, "\n\nA US civilian contractor") || strings.Contains(d.Text, "Related") || strings.Contains(d.Text, "©") {
		t.Errorf("text:\n%s", d.Text)
	}
	if len(d.Links) != 2 || d.Links[0].URL != "https://gulfmonitor.example/2021/02/16/erbil-rockets" {
		t.Errorf("links %+v", d.Links)
	}
}

// A short page goes through trafilatura's fallback, whose text runs its
// blocks together: the paragraphs are found again from the page.
func TestHTMLShortPageKeepsParagraphs(t *testing.T) {
	page := `<html><head><title>Attack on Erbil air base</title></head><body><nav><a href="/">Iraq</a></nav><article>
<h1>Attack on Erbil air base</h1><p>Kataib Hezbollah fired rockets at a base hosting US forces in Erbil on Monday, Iraqi officials said.</p>
<p>Iraqi police said the militia has attacked US troops several times since January.</p></article></body></html>`
	d := news.NewDocument("a.html", news.FormatHTML, "", []byte(page))
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	want := "Kataib Hezbollah fired rockets at a base hosting US forces in Erbil on Monday, Iraqi officials said.\n\n" +
		"Iraqi police said the militia has attacked US troops several times since January."
	if d.Text != want {
		t.Errorf("text %q\nwant %q", d.Text, want)
	}
}

func TestHTMLLegacyCharset(t *testing.T) {
	page := []byte(`<html><head><meta charset="windows-1252"><title>T</title></head><body><article><p>` +
		strings.Repeat("The minister\x92s statement was read aloud on state television in Baghdad. ", 8) + `</p></article></body></html>`)
	d := news.NewDocument("a.html", news.FormatHTML, "", page)
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Text, "minister’s statement") {
		t.Errorf("Windows-1252 apostrophe not decoded: %q", d.Text[:60])
	}
}

func TestHTMLWithoutText(t *testing.T) {
	for name, page := range map[string]string{
		"no body":     `<html><head><title>Only a title</title></head></html>`,
		"empty body":  `<html><body>   </body></html>`,
		"only script": `<html><body><script>var x = 1;</script></body></html>`,
	} {
		d := news.NewDocument(name, news.FormatHTML, "", []byte(page))
		if err := process(t, extract.Config{}, d); !errors.Is(err, extract.ErrNoText) {
			t.Errorf("%s: err = %v, want ErrNoText", name, err)
		}
	}
}

func TestHTMLDeeplyNested(t *testing.T) {
	page := strings.Repeat("<div>", 100000) + "<p>deep</p>" + strings.Repeat("</div>", 100000)
	d := news.NewDocument("deep.html", news.FormatHTML, "", []byte(page))
	err := process(t, extract.Config{}, d)
	if err == nil {
		t.Fatal("100,000 nested elements were accepted")
	}
	if !strings.Contains(err.Error(), "html") {
		t.Errorf("error %q does not say the HTML was the problem", err)
	}
}

func TestText(t *testing.T) {
	raw := "Skip to content\nKurdistan Observer\nPeshmerga enter Kobani to reinforce defenders\nBy Dilan Amedi\nPublished 1 November 2014\n\n" +
		"SURUC - Iraqi Kurdish fighters crossed into Kobani on Friday with heavy weapons, officials said.\n\n" +
		"Related stories\nKurds hold Kobani as coalition strikes intensify - Levant Daily - October 20, 2014\n"
	d := news.NewDocument("a.txt", news.FormatText, "", []byte(raw))
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	if d.Title != "Peshmerga enter Kobani to reinforce defenders" || d.Published.String() != "2014-11-01" ||
		strings.Join(d.Authors, ";") != "Dilan Amedi" || d.Language != "en" || len(d.Links) != 1 {
		t.Errorf("title %q published %q authors %q language %q links %v", d.Title, d.Published, d.Authors, d.Language, d.Links)
	}
	if d.Text != "SURUC - Iraqi Kurdish fighters crossed into Kobani on Friday with heavy weapons, officials said." {
		t.Errorf("text %q", d.Text)
	}
}

func TestGivenMetadataWins(t *testing.T) {
	d := news.NewDocument("x.jsonl:1", news.FormatText, "https://x.example/1", []byte("A different headline here\nBy Someone Else\nJune 1, 2019\n\nBody sentence that is long enough."))
	d.Title = "Title from the export"
	d.Published, _ = news.ParseDate("2020-01-05")
	d.Source = "Export"
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	if d.Title != "Title from the export" || d.Published.String() != "2020-01-05" || d.Source != "Export" {
		t.Errorf("declared metadata overwritten: %q %q %q", d.Title, d.Published, d.Source)
	}
}

func TestReferenceDate(t *testing.T) {
	raw := []byte("Militants attacked a checkpoint near Tikrit, police said.")
	d := news.NewDocument("a.txt", news.FormatText, "", raw)
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	if !d.Published.IsZero() || len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "no publication date") {
		t.Errorf("without a reference: published %q problems %v", d.Published, d.Problems)
	}
	d = news.NewDocument("a.txt", news.FormatText, "", raw)
	if err := process(t, extract.Config{Published: "2015-04-01"}, d); err != nil {
		t.Fatal(err)
	}
	if d.Published.String() != "2015-04-01" || len(d.Problems) != 0 {
		t.Errorf("with a reference: published %q problems %v", d.Published, d.Problems)
	}
	if _, err := extract.New(extract.Config{Published: "1 April 2015"}); err == nil {
		t.Error("a malformed reference date was accepted")
	}
}

func TestTextEncodings(t *testing.T) {
	body := "Iraqi forces said the road to Baiji was open again after weeks of fighting."
	tests := []struct {
		name    string
		raw     []byte
		want    string
		problem string
	}{
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), body...), body, ""},
		{"windows-1252", []byte("The minister\x92s convoy reached Baiji after weeks of fighting, officials said."), "The minister’s convoy reached Baiji after weeks of fighting, officials said.", "Windows-1252"},
		{"broken utf-8", []byte("Forces reached Qayyarah \xe2\x80 after a long advance — officials said the town was calm."), "Forces reached Qayyarah \uFFFD after a long advance — officials said the town was calm.", "invalid UTF-8"},
		{"utf-16", utf16le("\ufeff" + body), body, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := news.NewDocument("a.txt", news.FormatText, "", tt.raw)
			if err := process(t, extract.Config{Published: "2016-01-01"}, d); err != nil {
				t.Fatal(err)
			}
			if d.Text != tt.want {
				t.Errorf("text %q, want %q", d.Text, tt.want)
			}
			var problems []string
			for _, p := range d.Problems {
				problems = append(problems, p.Message)
			}
			if got := strings.Join(problems, "; "); tt.problem == "" && got != "" || !strings.Contains(got, tt.problem) {
				t.Errorf("problems %q, want one mentioning %q", got, tt.problem)
			}
		})
	}
}

func utf16le(s string) []byte {
	var b bytes.Buffer
	for _, r := range s {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.Bytes()
}

// FuzzExtract feeds arbitrary bytes to both extractors: no panic, and every
// document that comes out is valid.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(article), true)
	f.Add([]byte("Title\nBy A B\nJune 1, 2019\n\nBody text of the story."), false)
	f.Add([]byte("<html><body><div><div><p>x</p>"), true)
	f.Add([]byte("\xff\xfe\x00<\x00p"), true)
	ex, err := extract.New(extract.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte, html bool) {
		format := news.FormatText
		if html {
			format = news.FormatHTML
		}
		d := news.NewDocument("fuzz", format, "", raw)
		if err := ex.Process(context.Background(), d); err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(d.Text) == "" {
			t.Fatal("accepted a document without text")
		}
	})
}

func TestHTMLDropsPromos(t *testing.T) {
	page := `<html><head><title>Lawmakers vote on troops</title></head><body><article><h1>Lawmakers vote on troops</h1>
<p>Iraq's parliament voted on Sunday to ask the government to end the presence of foreign troops, lawmakers said.</p>
<p><strong>Read more:</strong> <a href="/a">Sadr supporters march in Baghdad to demand US troop withdrawal</a></p>
<p>See also - Protesters storm embassy compound</p>
<p>Related: the vote is not binding, and the caretaker government may lack the authority to act on it, legal experts said.</p>
<p>The resolution passed with 170 votes, the speaker's office said.</p></article></body></html>`
	d := news.NewDocument("a.html", news.FormatHTML, "", []byte(page))
	if err := process(t, extract.Config{}, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Text, "Sadr supporters") || strings.Contains(d.Text, "Protesters storm") {
		t.Errorf("promos kept:\n%s", d.Text)
	}
	// A sentence of the article's own that opens with a label stays.
	if !strings.Contains(d.Text, "the vote is not binding") || !strings.Contains(d.Text, "170 votes") {
		t.Errorf("article text lost:\n%s", d.Text)
	}
}
