package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// detectLanguage returns the ISO 639-1 code of text's language, or "" when
// the text is too short to tell. Sorani Kurdish, which the statistical
// detector does not know, is recognised by the letters only it uses among
// Arabic-script languages; it has no 639-1 code, so its 639-3 code is used.
func detectLanguage(text string) string {
	// 1,500 bytes (a few hundred words) decide as well as the whole
	// article, and trigram scoring over every candidate language is the
	// costliest step of the text pipeline.
	if len(text) > 1500 {
		cut := 1500
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if strings.ContainsAny(text, "ڕڵێۆە") {
		return "ckb"
	}
	if plainlyEnglish(text) {
		return "en"
	}
	info := whatlanggo.Detect(text)
	if info.Confidence < 0.2 && utf8.RuneCountInString(text) < 200 {
		return ""
	}
	return info.Lang.Iso6391()
}

// englishWords are function words frequent in English and rare as words in
// other languages written in Latin script.
var englishWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("the of and to that for with said was were has have had from his its their which would will by been this they are not but after who") {
		englishWords[w] = true
	}
}

// plainlyEnglish reports text whose words are at least one in eight of
// these English function words, over thirty words or more. English news
// runs at one in five to one in four; other languages, which lack these
// words, come nowhere near, so the statistical detector (which
// scores trigrams against every Latin-script language and is the slowest
// step of the text pipeline) is needed only for the rest.
func plainlyEnglish(text string) bool {
	words, hits := 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		if englishWords[strings.ToLower(w)] {
			hits++
		}
		if words >= 300 {
			break
		}
	}
	return words >= 30 && hits*8 >= words
}
