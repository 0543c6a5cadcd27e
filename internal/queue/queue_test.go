package queue

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/sitrep-dev/sitrep/internal/news"
)

func testQueue() *Queue {
	return &Queue{name: "T", subject: "sitrep.T.docs", maxMsg: 1 << 20}
}

func TestMessageRoundTrip(t *testing.T) {
	q := testQueue()
	small := news.NewDocument("feed.jsonl:3", news.FormatHTML, "https://x.example/a", []byte("<html><p>Rockets hit the base.</p></html>"))
	small.Title, small.Source, small.Authors, small.Language = "Rockets", "Tigris Wire", []string{"A. Writer"}, "en"
	small.Published, _ = news.ParseDate("2020-01-08T10:00:00Z")
	big := news.NewDocument("big.txt", news.FormatText, "", bytes.Repeat([]byte("The coalition said the strikes hit ISIS positions near Mosul. "), 2000))
	for _, d := range []*news.Document{small, big} {
		msg, err := q.Message(d)
		if err != nil {
			t.Fatal(err)
		}
		if msg.Header.Get(nats.MsgIdHdr) != string(d.ID) {
			t.Errorf("%s: message ID %q, want the document's", d.Input, msg.Header.Get(nats.MsgIdHdr))
		}
		if len(d.Raw) > gzipOver && len(msg.Data) >= len(d.Raw)/4 {
			t.Errorf("%s: %d bytes sent for %d: not compressed", d.Input, len(msg.Data), len(d.Raw))
		}
		got, err := Document(msg.Data, msg.Header)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != d.ID || !bytes.Equal(got.Raw, d.Raw) || got.Title != d.Title || got.Source != d.Source ||
			got.Published != d.Published || got.Language != d.Language || strings.Join(got.Authors, ",") != strings.Join(d.Authors, ",") ||
			got.Input != d.Input || got.Format != d.Format {
			t.Errorf("%s: came back as %+v", d.Input, got)
		}
	}
}

func TestMessageTooLarge(t *testing.T) {
	q := testQueue()
	q.maxMsg = 4 << 10
	// Random-looking bytes do not compress.
	raw := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range raw {
		raw[i] = byte(r.Uint32())
	}
	_, err := q.Message(news.NewDocument("huge.txt", news.FormatText, "", raw))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "max_payload") {
		t.Errorf("a document over the server's limit: %v", err)
	}
}

func TestDocumentRefusesBadMessages(t *testing.T) {
	q := testQueue()
	msg, err := q.Message(news.NewDocument("a.txt", news.FormatText, "", []byte("Title\n\nText.")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		header func(nats.Header)
		want   string
	}{
		{"damaged", []byte("Title\n\nTeXt."), nil, "does not match its hash"},
		{"no header", msg.Data, func(h nats.Header) { h.Del(headerDoc) }, "not a sitrep document message"},
		{"unknown encoding", msg.Data, func(h nats.Header) { h.Set(headerEncoding, "br") }, "unknown encoding"},
		{"bad gzip", msg.Data, func(h nats.Header) { h.Set(headerEncoding, "gzip") }, "gzip"},
		{"unknown format", msg.Data, func(h nats.Header) {
			h.Set(headerDoc, strings.Replace(h.Get(headerDoc), `"format":"text"`, `"format":"pdf"`, 1))
		}, "unknown format"},
	}
	for _, tt := range tests {
		h := nats.Header{}
		for k, v := range msg.Header {
			h[k] = append([]string(nil), v...)
		}
		if tt.header != nil {
			tt.header(h)
		}
		if _, err := Document(tt.data, h); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}

// Messages come from the network: whatever they hold, reading one fails
// cleanly or gives a document whose content is what its hash says.
func FuzzDocument(f *testing.F) {
	q := testQueue()
	for _, raw := range [][]byte{[]byte("Title\n\nText."), bytes.Repeat([]byte("words and more words "), 3000)} {
		msg, err := q.Message(news.NewDocument("a.txt", news.FormatText, "https://x.example/a", raw))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(msg.Data, msg.Header.Get(headerDoc), msg.Header.Get(headerEncoding))
	}
	f.Add([]byte{0x1f, 0x8b, 0, 0}, `{"input":"x","format":"html","hash":""}`, "gzip")
	f.Fuzz(func(t *testing.T, data []byte, doc, enc string) {
		h := nats.Header{}
		h.Set(headerDoc, doc)
		if enc != "" {
			h.Set(headerEncoding, enc)
		}
		d, err := Document(data, h)
		if err != nil {
			return
		}
		if again := news.NewDocument(d.Input, d.Format, d.URL, d.Raw); again.ID != d.ID {
			t.Errorf("document %s read with ID %s", again.ID, d.ID)
		}
	})
}
