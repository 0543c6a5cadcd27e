package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// detectLanguage returns the ISO 639-1 code of text's language, or "" when
// the text is too short to tell. Sorani Kurdish, which the statistical
// detector does not know, is recognised by the letters only it uses among
// Arabic-script languages; it has no 639-1 code, so its 639-3 code is used.
func detectLanguage(text string) string {
	if len(text) > 4000 {
		cut := 4000
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if strings.ContainsAny(text, "ڕڵێۆە") {
		return "ckb"
	}
	info := whatlanggo.Detect(text)
	if info.Confidence < 0.2 && utf8.RuneCountInString(text) < 200 {
		return ""
	}
	return info.Lang.Iso6391()
}
