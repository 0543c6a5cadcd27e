// Package sentence splits a document's text into tokens and sentences.
//
// News text breaks the usual rules: abbreviations ("Gen.", "U.S.", "Jan."),
// quotes that end after the full stop, datelines ("BAGHDAD (Reuters) -"),
// headlines and list items without a full stop, and tables flattened into
// long lines. Every line is at least one sentence; a full stop, question or
// exclamation mark ends one unless an abbreviation owns it; a dateline at
// the start of a paragraph is left out; and a run-on line is cut into
// pieces of at most MaxTokens tokens so that later stages stay linear.
package sentence

import (
	"context"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// MaxTokens bounds a sentence's length. Real sentences stay well under it;
// longer ones are lists or tables that lost their line breaks.
const MaxTokens = 150

// Spec registers the stage.
var Spec = pipeline.Spec{
	Name:     "sentence",
	Requires: []news.Layer{news.LayerText},
	Provides: []news.Layer{news.LayerSentences},
	New: func(pipeline.Env, func(any) error) (pipeline.Stage, error) {
		return pipeline.StageFunc(func(_ context.Context, doc *news.Document) error {
			Split(doc)
			return nil
		}), nil
	},
}

// Split fills doc.Tokens and doc.Sentences from doc.Text.
func Split(doc *news.Document) {
	text := doc.Text
	doc.Tokens = token.Scan(doc.Tokens[:0], text, 0)
	doc.Sentences = doc.Sentences[:0]
	doc.Datelines = doc.Datelines[:0]
	toks := doc.Tokens
	start := 0 // first token of the current sentence
	lineStart := true
	flush := func(end int) {
		if end > start {
			doc.Sentences = append(doc.Sentences, news.Sentence{
				Span:  news.Span{Start: toks[start].Span.Start, End: toks[end-1].Span.End},
				First: start, Last: end,
			})
		}
		start = end
	}
	for i := 0; i < len(toks); i++ {
		if i > start && newline(text, toks[i-1].Span.End, toks[i].Span.Start) {
			flush(i)
			lineStart = true
		}
		if lineStart {
			lineStart = false
			if end := dateline(text, toks, i); end > i {
				doc.Datelines = append(doc.Datelines, news.Sentence{
					Span:  news.Span{Start: toks[i].Span.Start, End: toks[end-1].Span.End},
					First: i, Last: end,
				})
				start = end
				i = end - 1
				continue
			}
		}
		if i-start+1 >= MaxTokens {
			flush(i + 1)
			continue
		}
		if end := sentenceEnd(text, toks, i); end > 0 {
			flush(end)
			i = end - 1
		}
	}
	flush(len(toks))
	doc.Layers.Add(news.LayerSentences)
}

func newline(text string, from, to int) bool {
	return strings.ContainsAny(text[from:to], "\n\r\u2028\u2029")
}

func tok(text string, t news.Token) string { return text[t.Span.Start:t.Span.End] }

// sentenceEnd returns the index of the first token after the sentence that
// ends at toks[i], or 0 if no sentence ends there.
func sentenceEnd(text string, toks []news.Token, i int) int {
	t := tok(text, toks[i])
	end := i + 1
	switch {
	case t == "." || t == "!" || t == "?" || t == "..." || t == "…" || t == "?!" || t == "!!":
	case toks[i].Kind == news.Word && token.IsAbbreviation(t) && !token.IsTitle(t):
		// "in the U.S. The next day": the dot ends the sentence only when
		// a word that usually starts one follows.
		if end >= len(toks) || !starter[tok(text, toks[end])] {
			return 0
		}
		return end
	default:
		return 0
	}
	// Closing quotes and brackets belong to the sentence they close.
	for end < len(toks) && closer(tok(text, toks[end])) && toks[end].Span.Start == toks[end-1].Span.End {
		end++
	}
	if end >= len(toks) {
		return end
	}
	next := tok(text, toks[end])
	if t == "..." || t == "…" {
		if !token.IsCapitalized(next) {
			return 0
		}
		return end
	}
	// "3 p.m. local time", "said Mr. Smith" are handled by the tokenizer;
	// a lower-case word or a comma after the stop means it did not end.
	if toks[end].Kind == news.Word && !token.IsCapitalized(next) && isLatinLower(next) {
		return 0
	}
	if next == "," || next == ";" || next == ")" {
		return 0
	}
	if toks[end].Span.Start == toks[end-1].Span.End && toks[end].Kind != news.Punct {
		return 0 // "Fig.3", "example.com"
	}
	return end
}

func isLatinLower(s string) bool { return s != "" && s[0] >= 'a' && s[0] <= 'z' }

func closer(t string) bool {
	switch t {
	case "\"", "”", "’", "'", ")", "]", "»":
		return true
	}
	return false
}

// Words that often start a sentence, after an abbreviation that might end one.
var starter = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I In On At But And This That These Those There Its His Her Their
		According After Before Meanwhile However Officials Some Many Most No Another Other Iraqi Iraq's While When Since As If
		Earlier Later Last Next On Also Yet Still So Such Both Each Our Two Three Several`) {
		starter[w] = true
	}
}

// dateline returns the index of the first token after a dateline that
// starts at toks[i] ("BAGHDAD (Reuters) -", "ERBIL, Iraq, March 3 —",
// "WASHINGTON:"), or i if there is none. A dateline opens with a word in
// capitals or an agency in brackets and ends at a dash or colon within a
// dozen tokens, before any full stop.
func dateline(text string, toks []news.Token, i int) int {
	first := tok(text, toks[i])
	if !(first == "(" || toks[i].Kind == news.Word && token.IsUpper(first) && len(first) >= 3) {
		return i
	}
	caps := 1
	for j := i + 1; j < len(toks) && j < i+14; j++ {
		if newline(text, toks[j-1].Span.End, toks[j].Span.Start) {
			return i
		}
		t := tok(text, toks[j])
		switch {
		case t == "-" || t == "--" || t == "—" || t == "–" || t == ":":
			// A dash that joins two words ("U.S.-led") is not the separator.
			if t == "-" && toks[j].Span.Start == toks[j-1].Span.End {
				return i
			}
			if j+1 >= len(toks) || caps > 3 {
				return i
			}
			if next := tok(text, toks[j+1]); toks[j+1].Kind == news.Word && token.IsUpper(next) && len(next) >= 3 {
				return i // a headline in capitals: "IRAQ VOTES - REPORT"
			}
			return j + 1
		case t == "." || t == "!" || t == "?" || t == ";":
			return i
		case toks[j].Kind == news.Word && !token.IsCapitalized(t) && t != "de" && t != "al":
			return i // prose has started: this was a sentence in capitals
		case toks[j].Kind == news.Word && token.IsUpper(t) && len(t) >= 3:
			caps++
		}
	}
	return i
}
