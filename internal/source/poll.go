package source

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// Folder polls a folder for files that are new or changed since the last
// poll: a drop folder a scraper or a colleague writes into. Files are read
// as Paths reads them; a file still being written is read again once it
// changes.
type Folder struct {
	Path     string
	MaxBytes int64  // size limit per document; DefaultMaxBytes when zero
	Source   string // outlet for documents whose input names none
	// Step bounds the files read in one poll, oldest first; 500 when zero.
	Step int
}

var _ Poller = (*Folder)(nil)

// folderState maps a file's path below the folder to its size and
// modification time when read.
type folderState map[string]fileMark

type fileMark struct {
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime"` // Unix nanoseconds
}

// Poll implements Poller.
func (f *Folder) Poll(ctx context.Context, state []byte, yield func(*news.Document, error) error) ([]byte, error) {
	seen := folderState{}
	if len(state) > 0 {
		if err := json.Unmarshal(state, &seen); err != nil {
			return state, fmt.Errorf("folder %s: stored state: %w", f.Path, err)
		}
	}
	type file struct {
		rel  string
		mark fileMark
	}
	var todo []file
	present := map[string]bool{}
	err := filepath.WalkDir(f.Path, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == f.Path {
				return err
			}
			return yield(nil, inputErr(name, err))
		}
		if name != f.Path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || formatOf(name) == formatUnknown {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // gone since it was listed
		}
		rel, _ := filepath.Rel(f.Path, name)
		present[rel] = true
		m := fileMark{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		if seen[rel] != m {
			todo = append(todo, file{rel, m})
		}
		return nil
	})
	if err != nil {
		return state, fmt.Errorf("folder %s: %w", f.Path, statReason(err))
	}
	// Oldest first, so that a step's worth at a time keeps the order.
	slices.SortFunc(todo, func(a, b file) int {
		return cmp.Or(cmp.Compare(a.mark.ModTime, b.mark.ModTime), strings.Compare(a.rel, b.rel))
	})
	todo = todo[:min(len(todo), cmp.Or(f.Step, 500))]
	p := &Paths{MaxBytes: f.MaxBytes, Source: f.Source}
	for _, t := range todo {
		name := filepath.Join(f.Path, t.rel)
		if err := p.readFile(ctx, name, formatOf(name), yield); err != nil {
			return state, err
		}
		seen[t.rel] = t.mark
	}
	for rel := range seen {
		if !present[rel] {
			delete(seen, rel) // removed: forget it, so the state stays the folder's size
		}
	}
	return json.Marshal(seen)
}

// JSONLStream polls a JSON-lines file that another program appends to:
// each poll reads the whole lines added since the last, at most Step of
// them.
type JSONLStream struct {
	Path     string
	MaxBytes int64  // size limit per line; DefaultMaxBytes when zero
	Source   string // outlet for documents whose line names none
	Step     int    // lines per poll; 10,000 when zero
}

var _ Poller = (*JSONLStream)(nil)

type streamState struct {
	Offset int64 `json:"offset"`
	Line   int   `json:"line"` // lines before Offset, for naming inputs
}

// Poll implements Poller.
func (j *JSONLStream) Poll(ctx context.Context, state []byte, yield func(*news.Document, error) error) ([]byte, error) {
	var st streamState
	if len(state) > 0 {
		if err := json.Unmarshal(state, &st); err != nil {
			return state, fmt.Errorf("jsonl %s: stored state: %w", j.Path, err)
		}
	}
	file, err := os.Open(j.Path)
	if err != nil {
		return state, fmt.Errorf("jsonl %s: %w", j.Path, statReason(err))
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return state, fmt.Errorf("jsonl %s: %w", j.Path, err)
	}
	if info.Size() < st.Offset {
		if err := yield(nil, inputErr(j.Path, fmt.Errorf("the file shrank from %d to %d bytes; read again from the start", st.Offset, info.Size()))); err != nil {
			return state, err
		}
		st = streamState{}
	}
	if _, err := file.Seek(st.Offset, io.SeekStart); err != nil {
		return state, fmt.Errorf("jsonl %s: %w", j.Path, err)
	}
	p := &Paths{MaxBytes: j.MaxBytes, Source: j.Source}
	limit := p.maxBytes()
	var read atomic.Int64
	br := bufio.NewReaderSize(&counter{r: file, n: &read}, 64<<10)
	start := st.Offset
	buf := make([]byte, 0, 64<<10)
	for range cmp.Or(j.Step, 10_000) {
		if err := ctx.Err(); err != nil {
			return state, err
		}
		line, tooLong, err := readLine(br, buf[:0], limit)
		if err == io.EOF {
			break // nothing more, or a line still being written: read it whole next time
		}
		if err != nil {
			return state, fmt.Errorf("jsonl %s: %w", j.Path, err)
		}
		st.Line++
		st.Offset = start + read.Load() - int64(br.Buffered())
		name := fmt.Sprintf("%s:%d", j.Path, st.Line)
		if tooLong {
			if err := yield(nil, inputErr(name, tooLarge(limit))); err != nil {
				return state, err
			}
			continue
		}
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		doc, err := p.decodeLine(name, line)
		if err != nil {
			err = inputErr(name, err)
		}
		if err := yield(doc, err); err != nil {
			return state, err
		}
	}
	return json.Marshal(st)
}
