package database

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/story"
)

// stories is a story.Index over the database, within one Put's
// transaction: what the batch learns and saves is kept in memory and
// written at the end, and look-ups see both. Between batches the store's
// storyCache keeps what was read and committed, so a batch reads from the
// database only the days and words no batch has read before.
type stories struct {
	tx    *sql.Tx
	d     dialect
	cache *storyCache
	// df holds the word counts read or learnt in this batch, learnt how
	// many the batch added; docs is -1 until read.
	df, learnt  map[string]int
	docs, added int
	batches     int // batchesWord's count, read with docs
	// held are the stories read or saved in this batch, by ID (copies of
	// the cache's: a batch that fails changes nothing); saved says which
	// to write.
	held    map[string]*story.Story
	saved   map[string]bool
	newKeys map[string][]keyRow // by key
	stmts   map[string]*sql.Stmt
	// byDoc is the story of each document put in the batch.
	byDoc map[news.ID]string
}

// A keyRow is a story_keys row but its key.
type keyRow struct{ day, story string }

func newStories(tx *sql.Tx, cache *storyCache, d dialect) *stories {
	return &stories{tx: tx, d: d, cache: cache, df: map[string]int{}, learnt: map[string]int{}, docs: -1,
		held: map[string]*story.Story{}, saved: map[string]bool{}, newKeys: map[string][]keyRow{}, stmts: map[string]*sql.Stmt{},
		byDoc: map[news.ID]string{}}
}

// storyCache is what the store holds in memory of its stories between
// batches, all of it committed: document frequencies of the words read,
// the stories read or saved, and the key rows of whole days. It is used
// under Store.mu, and dropped when it outgrows its bounds or another
// process has written (the document count differs from the one it holds).
type storyCache struct {
	docs    int // the '' row of story_words; -1 until read
	batches int // the batchesWord row
	df      map[string]int
	stories map[string]*story.Story
	keys    map[string][]keyRow // rows of the days in days, by key
	days    map[string]bool
	rows    int
}

// Bounds of the cache: about 150 MB at most, a few days of a busy
// theatre's news. Past cacheDays days of keys, the keys are dropped and
// the next batch reads its window's days again: the lists a look-up walks
// stay those of about two windows.
const (
	cacheWords   = 1_000_000
	cacheStories = 20_000
	cacheRows    = 2_000_000
	cacheDays    = 16
)

func newStoryCache() *storyCache {
	c := &storyCache{docs: -1}
	c.reset()
	return c
}

func (c *storyCache) reset() {
	c.df, c.stories, c.keys, c.days, c.rows = map[string]int{}, map[string]*story.Story{}, map[string][]keyRow{}, map[string]bool{}, 0
}

// committed folds a committed batch into the cache.
func (s *stories) committed() {
	c := s.cache
	if s.docs >= 0 {
		c.docs = s.docs
		if len(s.saved) > 0 {
			c.batches = s.batches + 1
		}
	}
	for w, n := range s.learnt {
		if _, ok := c.df[w]; ok {
			c.df[w] += n
		}
	}
	for id := range s.saved {
		c.stories[id] = s.held[id]
	}
	for k, rs := range s.newKeys {
		for _, r := range rs {
			if c.days[r.day] {
				c.keys[k] = append(c.keys[k], r)
				c.rows++
			}
		}
	}
	if len(c.df) > cacheWords || len(c.stories) > cacheStories || c.rows > cacheRows {
		c.reset()
	} else if len(c.days) > cacheDays {
		// The stories found by those keys go with them.
		c.keys, c.days, c.rows, c.stories = map[string][]keyRow{}, map[string]bool{}, 0, map[string]*story.Story{}
	}
}

func cloneStory(st *story.Story) *story.Story {
	c := *st
	c.Sum = make(map[string]float64, len(st.Sum))
	for w, v := range st.Sum {
		c.Sum[w] = v
	}
	c.Entities = make(map[string]int, len(st.Entities))
	for e, n := range st.Entities {
		c.Entities[e] = n
	}
	return &c
}

// stmt returns the prepared statement for q, preparing it once per batch.
func (s *stories) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st := s.stmts[q]; st != nil {
		return st, nil
	}
	st, err := s.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.stmts[q] = st
	return st, nil
}

func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }

// fresh reads the document count once a batch, before the cache is
// used: when another process has written since, what the cache holds may
// be stale, and it is dropped.
func (s *stories) fresh(ctx context.Context) error {
	if s.docs >= 0 {
		return nil
	}
	got, err := s.readWords(ctx, []any{"", batchesWord})
	if err != nil {
		return err
	}
	s.docs, s.batches = got[""], got[batchesWord]
	if s.docs != s.cache.docs || s.batches != s.cache.batches {
		s.cache.reset()
		s.cache.docs, s.cache.batches = s.docs, s.batches
	}
	return nil
}

// batchesWord is the story_words row counting the batches that changed a
// story; no word has a control character.
const batchesWord = "\x01batches"

// Learn implements story.Index.
func (s *stories) Learn(ctx context.Context, words []string) ([]int, int, error) {
	if err := s.fresh(ctx); err != nil {
		return nil, 0, err
	}
	var ask []any
	for _, w := range words {
		if _, ok := s.df[w]; ok {
			continue
		}
		if n, ok := s.cache.df[w]; ok {
			s.df[w] = n
			continue
		}
		ask = append(ask, w)
	}
	if len(ask) > 0 {
		got, err := s.readWords(ctx, ask)
		if err != nil {
			return nil, 0, err
		}
		for _, a := range ask {
			w := a.(string)
			s.df[w], s.cache.df[w] = got[w], got[w]
		}
	}
	df := make([]int, len(words))
	for i, w := range words {
		s.df[w]++
		s.learnt[w]++
		df[i] = s.df[w]
	}
	s.docs++
	s.added++
	return df, s.docs, nil
}

// readWords reads the stored counts of words (absent: none).
func (s *stories) readWords(ctx context.Context, words []any) (map[string]int, error) {
	st, err := s.stmt(ctx, `SELECT word, docs FROM story_words WHERE word IN (`+placeholders(len(words))+`)`)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, words...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	got := map[string]int{}
	for rs.Next() {
		var w string
		var n int
		if err := rs.Scan(&w, &n); err != nil {
			return nil, err
		}
		got[w] = n
	}
	return got, rs.Err()
}

// window returns the days a story's key rows must lie in to be active
// within window of t.
func window(t time.Time, w time.Duration) (from, until string) {
	return t.Add(-w).UTC().Format(time.DateOnly), t.Add(w).UTC().Format(time.DateOnly)
}

// Candidates implements story.Index.
func (s *stories) Candidates(ctx context.Context, keys []string, t time.Time, w time.Duration) ([]*story.Story, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	if err := s.fresh(ctx); err != nil {
		return nil, err
	}
	hits := map[string]int{}
	from, until := "", ""
	if t.IsZero() {
		// Any day: asked of the database, key by key.
		if err := s.anyDay(ctx, keys, hits); err != nil {
			return nil, err
		}
	} else {
		from, until = window(t, w)
		if err := s.loadDays(ctx, from, until); err != nil {
			return nil, err
		}
		for _, k := range keys {
			for _, r := range s.cache.keys[k] {
				// Undated members ('') are found from any day, as
				// story.Memory does.
				if r.day == "" || r.day >= from && r.day <= until {
					hits[r.story]++
				}
			}
		}
	}
	for _, k := range keys {
		for _, r := range s.newKeys[k] {
			if t.IsZero() || r.day == "" || r.day >= from && r.day <= until {
				hits[r.story]++
			}
		}
	}
	// Rank by keys found, read only the best, then keep the active: a
	// story's key rows are its members' days, its span may differ.
	ids := make([]string, 0, len(hits))
	for id := range hits {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if hits[a] != hits[b] {
			return hits[b] - hits[a]
		}
		return strings.Compare(a, b)
	})
	ids = ids[:min(len(ids), story.MaxCandidates)]
	if err := s.read(ctx, ids); err != nil {
		return nil, err
	}
	var out []*story.Story
	for _, id := range ids {
		if st := s.held[id]; st != nil && (t.IsZero() || st.Last.IsZero() || t.Sub(st.Last) <= w && st.First.Sub(t) <= w) {
			out = append(out, st)
		}
	}
	return story.Top(out, func(st *story.Story) int { return hits[st.ID] }), nil
}

// loadDays reads into the cache the key rows of the days from until until
// and of undated members that it does not hold: a day at a time, in key
// order, once.
func (s *stories) loadDays(ctx context.Context, from, until string) error {
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return err
	}
	days := []string{""}
	for d := f; d.Format(time.DateOnly) <= until; d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(time.DateOnly))
	}
	c := s.cache
	for _, day := range days {
		if c.days[day] {
			continue
		}
		st, err := s.stmt(ctx, `SELECT key, story FROM story_keys WHERE day = ?`)
		if err != nil {
			return err
		}
		rs, err := st.QueryContext(ctx, day)
		if err != nil {
			return err
		}
		for rs.Next() {
			var k, id string
			if err := rs.Scan(&k, &id); err != nil {
				rs.Close()
				return err
			}
			k = s.d.loadKey(k)
			c.keys[k] = append(c.keys[k], keyRow{day, id})
			c.rows++
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		c.days[day] = true
	}
	return nil
}

// anyDay counts the stories found under keys on any day, from the
// database.
func (s *stories) anyDay(ctx context.Context, keys []string, hits map[string]int) error {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = s.d.storeKey(k)
	}
	st, err := s.stmt(ctx, `SELECT story FROM story_keys WHERE key IN (`+placeholders(len(keys))+`)`)
	if err != nil {
		return err
	}
	rs, err := st.QueryContext(ctx, args...)
	return eachString(rs, err, func(id string) { hits[id]++ })
}

// eachString calls fn with each row's single text column, and closes rs:
// the result of a query, and its error.
func eachString(rs *sql.Rows, err error, fn func(string)) error {
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var v string
		if err := rs.Scan(&v); err != nil {
			return err
		}
		fn(v)
	}
	return rs.Err()
}

// read holds the stories of ids not held yet, read in one query.
func (s *stories) read(ctx context.Context, ids []string) error {
	if err := s.fresh(ctx); err != nil {
		return err
	}
	var ask []any
	for _, id := range ids {
		if s.held[id] != nil {
			continue
		}
		if st := s.cache.stories[id]; st != nil {
			s.held[id] = cloneStory(st)
			continue
		}
		ask = append(ask, id)
	}
	if len(ask) == 0 {
		return nil
	}
	q, err := s.stmt(ctx, `SELECT id, title, first, last, size, state FROM stories WHERE id IN (`+placeholders(len(ask))+`)`)
	if err != nil {
		return err
	}
	rs, err := q.QueryContext(ctx, ask...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		st := &story.Story{}
		var first, last sql.NullString
		var state []byte
		if err := rs.Scan(&st.ID, &st.Title, &first, &last, &st.Size, &state); err != nil {
			return err
		}
		if err := decodeState(state, st); err != nil {
			return fmt.Errorf("story %s: %w", st.ID, err)
		}
		st.First, _ = time.Parse(time.RFC3339, first.String)
		st.Last, _ = time.Parse(time.RFC3339, last.String)
		// Held from now on: the clusterer changes it in place when a
		// report joins, and then saves it; the cache keeps it as read.
		s.cache.stories[st.ID] = st
		s.held[st.ID] = cloneStory(st)
	}
	return rs.Err()
}

// encodeState writes what a story is compared with: its centroid's words
// and weights, then its entities and counts, as uvarint-prefixed strings,
// float32 weights and uvarint counts. JSON cost more to read than the
// comparisons themselves.
func encodeState(st *story.Story) []byte {
	words := make([]string, 0, len(st.Sum))
	for w := range st.Sum {
		words = append(words, w)
	}
	slices.Sort(words)
	ents := make([]string, 0, len(st.Entities))
	for e := range st.Entities {
		ents = append(ents, e)
	}
	slices.Sort(ents)
	b := binary.AppendUvarint(nil, uint64(len(words)))
	for _, w := range words {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = append(b, w...)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(st.Sum[w])))
	}
	b = binary.AppendUvarint(b, uint64(len(ents)))
	for _, e := range ents {
		b = binary.AppendUvarint(b, uint64(len(e)))
		b = append(b, e...)
		b = binary.AppendUvarint(b, uint64(st.Entities[e]))
	}
	return b
}

var errState = errors.New("malformed story state")

// decodeState reads encodeState's bytes into st.
func decodeState(b []byte, st *story.Story) error {
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	str := func() (string, bool) {
		n, ok := next()
		if !ok || n > uint64(len(b)) {
			return "", false
		}
		s := string(b[:n])
		b = b[n:]
		return s, true
	}
	n, ok := next()
	if !ok || n > uint64(len(b)) {
		return errState
	}
	st.Sum = make(map[string]float64, n)
	for range n {
		w, ok := str()
		if !ok || len(b) < 4 {
			return errState
		}
		st.Sum[w] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
		b = b[4:]
	}
	if n, ok = next(); !ok || n > uint64(len(b)) {
		return errState
	}
	st.Entities = make(map[string]int, n)
	for range n {
		e, ok := str()
		c, ok2 := next()
		if !ok || !ok2 {
			return errState
		}
		st.Entities[e] = int(c)
	}
	return nil
}

// Get implements story.Index.
func (s *stories) Get(ctx context.Context, id string) (*story.Story, error) {
	if err := s.read(ctx, []string{id}); err != nil {
		return nil, err
	}
	return s.held[id], nil
}

// Save implements story.Index.
func (s *stories) Save(_ context.Context, st *story.Story, keys []string, t time.Time) error {
	s.held[st.ID], s.saved[st.ID] = st, true
	day := ""
	if !t.IsZero() {
		day = t.UTC().Format(time.DateOnly)
	}
	for _, k := range keys {
		r := keyRow{day, st.ID}
		if l := s.newKeys[k]; !slices.Contains(l, r) {
			s.newKeys[k] = append(l, r)
		}
	}
	return nil
}

// assign puts d, stored as seq, in a story: the story of the document it
// copies (dec's root), else the one the clusterer finds.
func (s *stories) assign(ctx context.Context, c *story.Clusterer, d *news.Document, copyOf news.ID) (string, error) {
	var at time.Time
	if !d.Published.IsZero() {
		at = d.Published.Time
	}
	r := story.Report{ID: d.ID, Title: d.Title, Text: d.Text, Published: at, Entities: story.EntitiesOf(d)}
	var st *story.Story
	var err error
	if copyOf != "" {
		id, ok := s.byDoc[copyOf]
		if !ok {
			q, err := s.stmt(ctx, `SELECT coalesce(story, '') FROM documents WHERE id = ?`)
			if err != nil {
				return "", err
			}
			if err := q.QueryRowContext(ctx, string(copyOf)).Scan(&id); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return "", err
			}
		}
		st, err = c.AddTo(ctx, r, id)
	} else {
		st, err = c.Add(ctx, r)
	}
	if err != nil {
		return "", err
	}
	s.byDoc[d.ID] = st.ID
	return st.ID, nil
}

// write stores what the batch learnt and saved.
func (s *stories) write(ctx context.Context) error {
	for _, st := range s.stmts {
		st.Close()
	}
	if len(s.saved) == 0 {
		return nil
	}
	words := rows{head: `INSERT INTO story_words (word, docs) VALUES `, tail: ` ON CONFLICT (word) DO UPDATE SET docs = story_words.docs + excluded.docs`, cols: 2}
	ws := make([]string, 0, len(s.learnt))
	for w := range s.learnt {
		ws = append(ws, w)
	}
	slices.Sort(ws) // in key order, as the tree is walked
	// '' counts the documents learnt; batchesWord the batches that changed
	// a story (a batch of copies learns nothing): together they tell
	// another process's cache that it is stale.
	words.add("", s.added)
	words.add(batchesWord, 1)
	for _, w := range ws {
		words.add(w, s.learnt[w])
	}
	if err := words.write(ctx, s.tx); err != nil {
		return err
	}
	sts := rows{head: `INSERT INTO stories (id, title, first, last, size, state) VALUES `,
		tail: ` ON CONFLICT (id) DO UPDATE SET title = excluded.title, first = excluded.first, last = excluded.last,
			size = excluded.size, state = excluded.state`, cols: 6}
	ids := make([]string, 0, len(s.saved))
	for id := range s.saved {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		st := s.held[id]
		sts.add(st.ID, st.Title, timeOrNull(st.First), timeOrNull(st.Last), st.Size, encodeState(st))
	}
	if err := sts.write(ctx, s.tx); err != nil {
		return err
	}
	keys := rows{head: `INSERT INTO story_keys (day, key, story) VALUES `, tail: ` ON CONFLICT DO NOTHING`, cols: 3}
	type row struct{ day, key, story string }
	var all []row
	for k, rs := range s.newKeys {
		for _, r := range rs {
			all = append(all, row{r.day, k, r.story})
		}
	}
	// In the table's order: a batch's rows then go in one walk.
	slices.SortFunc(all, func(a, b row) int {
		if c := strings.Compare(a.day, b.day); c != 0 {
			return c
		}
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.story, b.story)
	})
	for _, r := range all {
		keys.add(r.day, s.d.storeKey(r.key), r.story)
	}
	return keys.write(ctx, s.tx)
}

func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// Stories implements store.Store.
func (s *Store) Stories(ctx context.Context, q store.StoryQuery) ([]store.StoryHit, error) {
	where := []string{"1 = 1"}
	var args []any
	if q.ID != "" {
		where = append(where, "id = ?")
		args = append(args, q.ID)
	}
	// first and last are RFC 3339 in UTC, so day strings compare as times.
	if !q.Since.IsZero() {
		where = append(where, "last >= ?")
		args = append(args, q.Since.UTC().Format(time.DateOnly))
	}
	if !q.Until.IsZero() {
		where = append(where, "first < ?")
		args = append(args, q.Until.UTC().AddDate(0, 0, 1).Format(time.DateOnly))
	}
	if q.MinSize > 0 {
		where = append(where, "size >= ?")
		args = append(args, q.MinSize)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	rs, err := s.db.QueryContext(ctx, `SELECT id, title, coalesce(first, ''), coalesce(last, ''), size FROM stories
		WHERE `+strings.Join(where, " AND ")+` ORDER BY coalesce(last, first) `+s.d.descNulls()+`, id LIMIT ? OFFSET ?`, append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, err
	}
	var hits []store.StoryHit
	for rs.Next() {
		var h store.StoryHit
		var first, last string
		if err := rs.Scan(&h.ID, &h.Title, &first, &last, &h.Size); err != nil {
			rs.Close()
			return nil, err
		}
		h.First, _ = time.Parse(time.RFC3339, first)
		h.Last, _ = time.Parse(time.RFC3339, last)
		hits = append(hits, h)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	for i := range hits {
		if err := s.storyMembers(ctx, &hits[i]); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

func (s *Store) storyMembers(ctx context.Context, h *store.StoryHit) error {
	rs, err := s.db.QueryContext(ctx, `SELECT id, coalesce(title, ''), coalesce(source, ''), coalesce(url, ''), coalesce(published, ''), coalesce(duplicate_of, '')
		FROM documents WHERE story = ? ORDER BY published_day IS NULL, published, seq`, h.ID)
	if err != nil {
		return err
	}
	defer rs.Close()
	sources := map[string]bool{}
	for rs.Next() {
		var m store.StoryMember
		var id, published, of string
		if err := rs.Scan(&id, &m.Title, &m.Source, &m.URL, &published, &of); err != nil {
			return err
		}
		m.Doc, m.DuplicateOf = news.ID(id), news.ID(of)
		if published != "" {
			if m.Published, err = news.ParseDate(published); err != nil {
				return fmt.Errorf("document %s: %w", id, err)
			}
		}
		if m.Source != "" {
			sources[strings.ToLower(m.Source)] = true
		}
		h.Members = append(h.Members, m)
	}
	h.Sources = len(sources)
	return rs.Err()
}
