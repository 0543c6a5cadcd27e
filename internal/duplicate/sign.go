// Package duplicate finds documents that copy earlier ones: one wire story
// on many sites under different headlines, a story cut short, a headline
// list repeating a story's title.
//
// A document's Fingerprint holds MinHash values over its text's word
// shingles. Two texts' values agree about as often as the texts share
// shingles (their Jaccard similarity), so copies are found by comparing 64
// numbers, not texts, and by locality-sensitive hashing: the values are cut
// into bands, and texts that agree on any whole band are the only
// candidates looked at. An Index holds the fingerprints and finds the
// candidates; Decide says which of them the new document copies.
package duplicate

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/news"
)

const (
	// Bands and Rows cut the MinHash values into 16 bands of 4: texts that
	// share 60% of their shingles meet in some band nine times in ten,
	// texts that share 30% one time in eight.
	Bands = 16
	Rows  = news.FingerprintHashes / Bands
	// shingle is the words per shingle: long enough that two reports of
	// one event in their own words share few.
	shingle = 5
	// titleOnlyWords: a text shorter than this is a headline or a teaser
	// (a feed entry, a list item), matched by its title.
	titleOnlyWords = 15
)

// The multipliers of the 64 hash functions: fixed, so fingerprints stored
// by one run compare with those of the next.
var mult, add = func() (m, a [news.FingerprintHashes]uint64) {
	x := uint64(0x5173726570) // "sitrep"
	for i := range m {
		m[i] = mix(&x) | 1
		a[i] = mix(&x)
	}
	return
}()

// mix is splitmix64: it advances x and returns a well-mixed value.
func mix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func finish(h uint64) uint64 { return mix(&h) }

// words returns the text's words, lower case, letters and digits only.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// fnv hashes a word (FNV-1a).
func fnv(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// Sign returns the fingerprint of a document's title and text.
func Sign(title, text string) news.Fingerprint {
	var fp news.Fingerprint
	if tw := words(title); len(tw) > 0 {
		fp.Title = finish(joined(tw))
	}
	ws := words(text)
	if len(ws) < titleOnlyWords && fp.Title != 0 {
		fp.TitleOnly = true // a headline or a teaser: matched by its title
		return fp
	}
	if len(ws) == 0 {
		return fp
	}
	fp.Exact = finish(joined(ws))
	hs := make([]uint64, len(ws))
	for i, w := range ws {
		hs[i] = fnv(w)
	}
	for i := range fp.Min {
		fp.Min[i] = ^uint32(0)
	}
	seen := make(map[uint64]struct{}, len(ws))
	n := max(1, len(ws)-shingle+1)
	for i := 0; i < n; i++ {
		h := uint64(0)
		for _, w := range hs[i:min(i+shingle, len(hs))] {
			h = h*0x100000001b3 ^ w
		}
		h = finish(h)
		if _, ok := seen[h]; ok {
			continue
		}
		seen[h] = struct{}{}
		for k := range fp.Min {
			if v := uint32((mult[k]*h + add[k]) >> 32); v < fp.Min[k] {
				fp.Min[k] = v
			}
		}
	}
	fp.Shingles = len(seen)
	return fp
}

func joined(ws []string) uint64 {
	h := uint64(0)
	for _, w := range ws {
		h = h*0x100000001b3 ^ fnv(w)
	}
	return h
}

// Key kinds, mixed into the keys so that a band value never meets a title.
const (
	kindBand  = 1
	kindTitle = 3
)

// Keys returns the index keys of a fingerprint: one per band of its MinHash
// values and its title's. Documents that share a key are candidates to
// compare; texts that are the same share every band.
func Keys(fp news.Fingerprint) []uint64 {
	var keys []uint64
	if fp.Shingles > 0 && !fp.TitleOnly {
		for b := range Bands {
			h := uint64(kindBand)<<56 | uint64(b)<<48
			for _, v := range fp.Min[b*Rows : (b+1)*Rows] {
				h = h*0x100000001b3 ^ uint64(v)
			}
			keys = append(keys, finish(h))
		}
	}
	if fp.Title != 0 {
		keys = append(keys, finish(uint64(kindTitle)<<56^fp.Title))
	}
	return keys
}

// Similarity estimates the share of shingles two texts have in common
// (Jaccard): the share of MinHash values that agree.
func Similarity(a, b news.Fingerprint) float64 {
	same := 0
	for i := range a.Min {
		if a.Min[i] == b.Min[i] {
			same++
		}
	}
	return float64(same) / float64(len(a.Min))
}

// Containment estimates the share of the shorter text's shingles that the
// longer has: 1 for an excerpt of a story, whatever its length.
func Containment(a, b news.Fingerprint) float64 {
	j := Similarity(a, b)
	small := min(a.Shingles, b.Shingles)
	if small == 0 {
		return 0
	}
	return min(1, j*float64(a.Shingles+b.Shingles)/((1+j)*float64(small)))
}

// Thresholds for a copy: the shorter text nearly all in the longer, and
// enough in common overall that banding finds the pair reliably.
const (
	minContainment = 0.8
	minSimilarity  = 0.45
)

// Copies reports whether a and b are copies of one text and why: the same
// text, most of one inside the other, or, where one is only a headline,
// the same headline.
func Copies(a, b news.Fingerprint) (bool, string) {
	switch {
	case a.TitleOnly || b.TitleOnly:
		if a.Title != 0 && a.Title == b.Title {
			return true, "same headline"
		}
		return false, ""
	case a.Shingles == 0 || b.Shingles == 0:
		return false, ""
	case a.Exact == b.Exact:
		return true, "same text"
	}
	j, c := Similarity(a, b), Containment(a, b)
	if j >= minSimilarity && c >= minContainment {
		return true, fmt.Sprintf("shares about %.0f%% of its text", 100*c)
	}
	return false, ""
}
