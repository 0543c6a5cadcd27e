package duplicate

import (
	"context"
	"slices"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// An Entry is a document an Index holds.
type Entry struct {
	Doc         news.ID
	Published   time.Time // zero if unknown
	Fingerprint news.Fingerprint
	// Of is the earliest copy of the entry's text, "" when the entry is
	// that copy itself.
	Of news.ID
	// Seq orders entries by when the index took them.
	Seq int64
}

// EntryOf returns the entry for a fingerprinted document.
func EntryOf(d *news.Document) Entry {
	e := Entry{Doc: d.ID, Fingerprint: d.Fingerprint}
	if !d.Published.IsZero() {
		e.Published = d.Published.Time
	}
	return e
}

// An Index holds documents' fingerprints under their keys (Keys), each key
// for at most PerKey documents. Implementations must be safe for one
// writer; the store's persists them.
type Index interface {
	// Candidates returns the entries held under at least one of keys,
	// each once, and the keys that already hold PerKey entries.
	Candidates(ctx context.Context, keys []uint64) ([]Entry, map[uint64]bool, error)
}

// PerKey is how many documents one key is held for. Beyond a few, the
// documents under a key are copies of each other or many reports from one
// template ("Report 17: rockets hit the base"): the first ones stand for
// the rest, and holding them all would make each look-up cost as much as
// the crowd is large.
const PerKey = 4

// A Decision says whether a new document copies documents an index holds.
type Decision struct {
	// Of is the earliest copy ("" when the new document has none, or is
	// itself earlier than the copies held: see Replaces).
	Of news.ID
	// Replaces is the earliest copy held until now, when the new document
	// is earlier still: it and its copies become the new document's.
	Replaces news.ID
	// Merges are the earliest copies of other groups the new document also
	// copies: they and their copies join its group (under Of, or under the
	// new document when Replaces is set).
	Merges []news.ID
	// Why says what made the copy: "same text", "same headline",
	// "shares about 92% of its text".
	Why string
	// Keys are the new document's keys to hold it under: those not yet
	// held for PerKey documents.
	Keys []uint64
}

// Moves returns, for the new document doc, the earliest copy of its group
// once it is held (Of, or doc itself) and the earliest copies of the
// groups that move under it (Replaces and Merges).
func (d Decision) Moves(doc news.ID) (root news.ID, moved []news.ID) {
	root = d.Of
	if root == "" {
		root = doc
	}
	for _, old := range append([]news.ID{d.Replaces}, d.Merges...) {
		if old != "" && old != root {
			moved = append(moved, old)
		}
	}
	return root, moved
}

// Decide compares a new document with the candidates idx finds for it
// and says which earlier document it copies. The earliest copy of a text
// is the one published first, a document with a body before a headline,
// then the one indexed first.
func Decide(ctx context.Context, idx Index, e Entry) (Decision, error) {
	keys := Keys(e.Fingerprint)
	cands, full, err := idx.Candidates(ctx, keys)
	if err != nil {
		return Decision{}, err
	}
	var open []uint64
	for _, k := range keys {
		if !full[k] {
			open = append(open, k)
		}
	}
	var first *Entry // the earliest copy among the matches' earliest copies
	var roots []*Entry
	why := ""
	byDoc := map[news.ID]*Entry{}
	for i := range cands {
		byDoc[cands[i].Doc] = &cands[i]
	}
	for i := range cands {
		c := &cands[i]
		ok, reason := Copies(e.Fingerprint, c.Fingerprint)
		if !ok {
			continue
		}
		root := c
		if c.Of != "" {
			if r, found := byDoc[c.Of]; found {
				root = r
			} else {
				root = &Entry{Doc: c.Of, Seq: -1} // not among the candidates: keep the copy's own verdict
			}
		}
		if !slices.ContainsFunc(roots, func(r *Entry) bool { return r.Doc == root.Doc }) {
			roots = append(roots, root)
		}
		if first == nil || earlier(root, first) {
			first, why = root, reason
		}
	}
	if first == nil {
		return Decision{Keys: open}, nil
	}
	var d Decision
	if first.Seq >= 0 && earlier(&e, first) {
		d = Decision{Replaces: first.Doc, Why: why}
	} else {
		d = Decision{Of: first.Doc, Why: why}
	}
	d.Keys = open
	for _, r := range roots {
		if r != first {
			d.Merges = append(d.Merges, r.Doc)
		}
	}
	return d, nil
}

// earlier orders copies of one text: a body before a headline, then the
// first published (a known date before none), then the first indexed.
func earlier(a, b *Entry) bool {
	if a.Fingerprint.TitleOnly != b.Fingerprint.TitleOnly {
		return !a.Fingerprint.TitleOnly
	}
	switch {
	case a.Published.IsZero() != b.Published.IsZero():
		return !a.Published.IsZero()
	case !a.Published.Equal(b.Published):
		return a.Published.Before(b.Published)
	}
	return a.Seq < b.Seq
}

// Memory is an Index in memory, for one batch (sitrep extract) and for
// measuring. Add takes entries in order.
type Memory struct {
	entries chunks[Entry]
	// heads maps a key to its one entry (a value of 0 or more) or to the
	// last node (^node) of the chain of its entries. Most keys belong to
	// one entry and need no node; a map of slices would cost far more
	// memory for millions of documents.
	heads   map[uint64]int32
	nodes   chunks[node]
	members map[news.ID][]int32 // an earliest copy's later copies
	pos     map[news.ID]int32   // where each document's entry is
	seq     int64
}

type node struct{ entry, next int32 }

// NewMemory returns an empty Memory.
func NewMemory() *Memory {
	return &Memory{heads: map[uint64]int32{}, members: map[news.ID][]int32{}, pos: map[news.ID]int32{}}
}

// Candidates implements Index.
func (m *Memory) Candidates(_ context.Context, keys []uint64) ([]Entry, map[uint64]bool, error) {
	var idx []int32
	full := map[uint64]bool{}
	for _, k := range keys {
		held := 0
		m.under(k, func(e int32) {
			idx = append(idx, e)
			held++
		})
		if held >= PerKey {
			full[k] = true
		}
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	out := make([]Entry, len(idx))
	for i, j := range idx {
		out[i] = *m.entries.at(j)
	}
	return out, full, nil
}

// Add decides whether e copies an entry held, records it, and returns the
// decision. When e is earlier than the copies held, they become its copies.
func (m *Memory) Add(ctx context.Context, e Entry) (Decision, error) {
	e.Seq = m.seq
	d, err := Decide(ctx, m, e)
	if err != nil {
		return d, err
	}
	m.Hold(e, d)
	return d, nil
}

// Hold records e with the decision made for it (by Decide over this or a
// wider index), under the decision's keys; entries without a Seq of their
// own are numbered in order.
func (m *Memory) Hold(e Entry, d Decision) {
	if e.Seq == 0 {
		e.Seq = m.seq
	}
	m.seq = max(m.seq, e.Seq) + 1
	e.Of = d.Of
	n := m.entries.len()
	root, olds := d.Moves(e.Doc)
	// The groups the new document joins move under one earliest copy.
	for _, old := range olds {
		moved := m.members[old]
		for _, i := range moved {
			m.entries.at(i).Of = root
		}
		if i, ok := m.pos[old]; ok { // the old earliest copy itself
			m.entries.at(i).Of = root
			moved = append(moved, i)
		}
		delete(m.members, old)
		m.members[root] = append(m.members[root], moved...)
	}
	if d.Of != "" {
		m.members[d.Of] = append(m.members[d.Of], n)
	}
	m.entries.add(e)
	m.pos[e.Doc] = n
	for _, k := range d.Keys {
		h, ok := m.heads[k]
		switch {
		case !ok:
			m.heads[k] = n
		case h >= 0: // a second entry: both go into a chain
			first := m.nodes.add(node{entry: h, next: -1})
			m.heads[k] = ^m.nodes.add(node{entry: n, next: first})
		default:
			m.heads[k] = ^m.nodes.add(node{entry: n, next: ^h})
		}
	}
}

// under calls fn with each entry held under key, the latest first.
func (m *Memory) under(key uint64, fn func(entry int32)) {
	h, ok := m.heads[key]
	if !ok {
		return
	}
	if h >= 0 {
		fn(h)
		return
	}
	for n := ^h; n >= 0; {
		nd := m.nodes.at(n)
		fn(nd.entry)
		n = nd.next
	}
}

// Held is how many entries m holds under key.
func (m *Memory) Held(key uint64) int {
	held := 0
	m.under(key, func(int32) { held++ })
	return held
}

// Of returns the earliest copy of doc's text as things stand, "" when doc
// is it or is not held.
func (m *Memory) Of(doc news.ID) news.ID {
	if i, ok := m.pos[doc]; ok {
		return m.entries.at(i).Of
	}
	return ""
}

// Len is how many entries m holds.
func (m *Memory) Len() int { return int(m.entries.len()) }

// chunks is a slice kept in blocks of chunk elements: growing it copies at
// most one block, so a million entries never stand twice in memory.
type chunks[T any] struct {
	blocks [][]T
	n      int32
}

const chunk = 1 << 14

func (c *chunks[T]) at(i int32) *T { return &c.blocks[i/chunk][i%chunk] }

func (c *chunks[T]) len() int32 { return c.n }

func (c *chunks[T]) add(v T) int32 {
	if c.n%chunk == 0 {
		c.blocks = append(c.blocks, nil) // grows like a slice up to chunk: a small index stays small
	}
	last := len(c.blocks) - 1
	c.blocks[last] = append(c.blocks[last], v)
	c.n++
	return c.n - 1
}
