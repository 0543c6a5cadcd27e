package fingerprint_test

import (
	"testing"

	"github.com/sitrep-dev/sitrep/internal/duplicate"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/stages/fingerprint"
)

func TestSign(t *testing.T) {
	text := "Islamic State militants took control of Ramadi, the capital of Anbar province, on Sunday after Iraqi troops withdrew from their last base."
	a := &news.Document{Title: "Islamic State seizes Ramadi", Text: text}
	b := &news.Document{Title: "Militants capture Ramadi", Text: text}
	c := &news.Document{Title: "Islamic State seizes Ramadi"}
	for _, d := range []*news.Document{a, b, c} {
		fingerprint.Sign(d)
	}
	if ok, why := duplicate.Copies(a.Fingerprint, b.Fingerprint); !ok || why != "same text" {
		t.Errorf("one text under two headlines: %v %q", ok, why)
	}
	if !a.Layers.Has(news.LayerFingerprint) {
		t.Errorf("the fingerprint layer is not marked")
	}
	if !c.Fingerprint.TitleOnly {
		t.Errorf("a headline with no body is not marked as one: %+v", c.Fingerprint)
	}
	if ok, _ := duplicate.Copies(c.Fingerprint, a.Fingerprint); !ok {
		t.Errorf("a headline item does not match its story")
	}
}
