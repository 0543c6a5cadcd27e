package story

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Memory is an Index in memory, for a batch (sitrep extract) or an
// evaluation. It is not safe for concurrent use.
type Memory struct {
	df      map[string]int
	docs    int
	stories []*Story
	byID    map[string]int32
	byKey   map[string][]int32 // key to the stories found by it
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory {
	return &Memory{df: map[string]int{}, byID: map[string]int32{}, byKey: map[string][]int32{}}
}

// Stories returns the stories so far, in the order they started.
func (m *Memory) Stories() []*Story { return m.stories }

// Learn implements Index.
func (m *Memory) Learn(_ context.Context, words []string) ([]int, int, error) {
	m.docs++
	df := make([]int, len(words))
	for i, w := range words {
		m.df[w]++
		df[i] = m.df[w]
	}
	return df, m.docs, nil
}

// Candidates implements Index.
func (m *Memory) Candidates(_ context.Context, keys []string, t time.Time, window time.Duration) ([]*Story, error) {
	hits := map[int32]int{}
	for _, k := range keys {
		for _, si := range m.byKey[k] {
			if active(m.stories[si], t, window) {
				hits[si]++
			}
		}
	}
	idx := make([]int32, 0, len(hits))
	for si := range hits {
		idx = append(idx, si)
	}
	out := make([]*Story, len(idx))
	for i, si := range idx {
		out[i] = m.stories[si]
	}
	return Top(out, func(s *Story) int { return hits[m.byID[s.ID]] }), nil
}

// active reports whether s was active within window of t.
func active(s *Story, t time.Time, window time.Duration) bool {
	return t.IsZero() || s.Last.IsZero() || t.Sub(s.Last) <= window && s.First.Sub(t) <= window
}

// Get implements Index.
func (m *Memory) Get(_ context.Context, id string) (*Story, error) {
	if si, ok := m.byID[id]; ok {
		return m.stories[si], nil
	}
	return nil, nil
}

// Save implements Index.
func (m *Memory) Save(_ context.Context, s *Story, keys []string, _ time.Time) error {
	si, ok := m.byID[s.ID]
	if !ok {
		si = int32(len(m.stories))
		m.stories = append(m.stories, s)
		m.byID[s.ID] = si
	}
	for _, k := range keys {
		// A story found twice under a key is one candidate (Candidates
		// compacts), so only the common repeat is skipped.
		if l := m.byKey[k]; len(l) == 0 || l[len(l)-1] != si {
			m.byKey[k] = append(l, si)
		}
	}
	return nil
}

// Top orders stories by how many keys found them, most first (ties: by
// ID), and keeps the first MaxCandidates: what an Index's Candidates
// returns.
func Top(stories []*Story, hits func(*Story) int) []*Story {
	slices.SortFunc(stories, func(a, b *Story) int {
		if ha, hb := hits(a), hits(b); ha != hb {
			return hb - ha
		}
		return strings.Compare(a.ID, b.ID)
	})
	return stories[:min(len(stories), MaxCandidates)]
}
