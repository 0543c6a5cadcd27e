package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sitrep-dev/sitrep/internal/boilerplate"
	"github.com/sitrep-dev/sitrep/internal/news"
)

// text extracts a plain-text document with the boilerplate cleaner.
func (e *Extractor) text(doc *news.Document) error {
	s := decodeText(doc)
	res := boilerplate.Clean(s)
	doc.Text = res.Text
	if doc.Title == "" {
		doc.Title = res.Title
	}
	if len(doc.Authors) == 0 {
		doc.Authors = res.Authors
	}
	if doc.Published.IsZero() && res.Date != "" {
		if d, ok := ParseStamp(res.Date); ok {
			doc.Published = d
		} else {
			doc.Problemf(Spec.Name, "date %q not understood", res.Date)
		}
	}
	if doc.Source == "" {
		doc.Source = res.Site
	}
	doc.Links = append(doc.Links, res.Links...)
	return nil
}

// decodeText returns the document's raw bytes as UTF-8. Text that is mostly
// UTF-8 with a few broken bytes keeps its UTF-8 and loses the broken bytes;
// text with no UTF-8 in it at all is read as Windows-1252, the legacy
// encoding of most Western news text. Either repair is recorded.
func decodeText(doc *news.Document) string {
	raw := doc.Raw
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte("\xff\xfe")), bytes.HasPrefix(raw, []byte("\xfe\xff")):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		if err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	if utf8.Valid(raw) {
		return string(raw)
	}
	valid, invalid := utf8Counts(raw)
	if valid == 0 {
		out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err == nil {
			doc.Problemf(Spec.Name, "not UTF-8: read as Windows-1252")
			return string(out)
		}
	}
	doc.Problemf(Spec.Name, "invalid UTF-8: %d bytes replaced", invalid)
	return strings.ToValidUTF8(string(raw), "\uFFFD")
}

// utf8Counts counts the valid multi-byte UTF-8 sequences and the invalid
// bytes in b.
func utf8Counts(b []byte) (valid, invalid int) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		b = b[size:]
	}
	return valid, invalid
}
