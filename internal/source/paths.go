package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// Paths reads the files and folders it names (folders recursively, skipping
// hidden entries and files of other types), and standard input for "-".
//
// The format comes from the file name: .html and .htm are HTML, .txt is
// plain text, .jsonl and .ndjson hold one document per line, each optionally
// followed by .gz. Standard input and files named explicitly with another
// extension are sniffed from their first bytes. Gzip is recognised by its
// magic bytes whatever the name.
type Paths struct {
	Paths    []string
	Stdin    io.Reader // read for "-"; os.Stdin when nil
	MaxBytes int64     // size limit per document; DefaultMaxBytes when zero
	Source   string    // source name for documents whose input names none
	// FS, when set, is where Paths are looked up instead of the operating
	// system's files (the demo reads its embedded corpus this way).
	FS fs.FS

	read    atomic.Int64 // bytes read from disk or stdin so far
	skipped atomic.Int64 // files in folders skipped for their type
}

var _ Source = (*Paths)(nil)

// Read implements Source.
func (p *Paths) Read(ctx context.Context, yield func(*news.Document, error) error) error {
	for _, path := range p.Paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if path == "-" {
			in := p.Stdin
			if in == nil {
				in = os.Stdin
			}
			if err := p.readStream(ctx, "-", formatUnknown, &counter{r: in, n: &p.read}, yield); err != nil {
				return err
			}
			continue
		}
		info, err := p.stat(path)
		if err != nil {
			if err := yield(nil, inputErr(path, statReason(err))); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := p.readFile(ctx, path, formatOf(path), yield); err != nil {
				return err
			}
			continue
		}
		err = p.walk(path, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return yield(nil, inputErr(name, err))
			}
			if name != path && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			f := formatOf(name)
			if f == formatUnknown {
				p.skipped.Add(1)
				return nil
			}
			return p.readFile(ctx, name, f, yield)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BytesRead returns how many bytes have been read from disk and standard
// input so far. It is safe to call while Read runs.
func (p *Paths) BytesRead() int64 { return p.read.Load() }

// Skipped returns how many files in folders were skipped because their
// names gave no known format.
func (p *Paths) Skipped() int64 { return p.skipped.Load() }

// Size returns the total size on disk of the files Read will read, and
// false when that cannot be known (standard input is among the paths).
func (p *Paths) Size() (int64, bool) {
	var total int64
	for _, path := range p.Paths {
		if path == "-" {
			return 0, false
		}
		_ = p.walk(path, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if name != path && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && (name == path || formatOf(name) != formatUnknown) {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total, true
}

func (p *Paths) stat(name string) (fs.FileInfo, error) {
	if p.FS != nil {
		return fs.Stat(p.FS, name)
	}
	return os.Stat(name)
}

func (p *Paths) open(name string) (fs.File, error) {
	if p.FS != nil {
		return p.FS.Open(name)
	}
	return os.Open(name)
}

func (p *Paths) walk(root string, fn fs.WalkDirFunc) error {
	if p.FS != nil {
		return fs.WalkDir(p.FS, root, fn)
	}
	return filepath.WalkDir(root, fn)
}

func (p *Paths) maxBytes() int64 {
	if p.MaxBytes > 0 {
		return p.MaxBytes
	}
	return DefaultMaxBytes
}

// inputFormat is what a file name says about its content.
type inputFormat int

const (
	formatUnknown inputFormat = iota
	formatHTML
	formatText
	formatJSONL
	formatWARC
)

func formatOf(name string) inputFormat {
	name = strings.ToLower(name)
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".txt", ".text":
		return formatText
	case ".jsonl", ".ndjson":
		return formatJSONL
	case ".warc":
		return formatWARC
	}
	return formatUnknown
}

func statReason(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such file or folder")
	}
	return err
}

func (p *Paths) readFile(ctx context.Context, name string, f inputFormat, yield func(*news.Document, error) error) error {
	file, err := p.open(name)
	if err != nil {
		return yield(nil, inputErr(name, err))
	}
	defer file.Close()
	if f == formatWARC {
		w := &warcReader{name: name, maxBytes: p.maxBytes()}
		_, err := w.run(ctx, &counter{r: file, n: &p.read}, 0, 0, yield)
		return err
	}
	if f != formatJSONL && f != formatWARC {
		// Refuse oversized plain files before reading them. Compressed
		// ones are checked as they are decompressed.
		if info, err := file.Stat(); err == nil && info.Size() > p.maxBytes() && !strings.HasSuffix(strings.ToLower(name), ".gz") {
			p.read.Add(info.Size())
			return yield(nil, inputErr(name, fmt.Errorf("%w (%s)", tooLarge(p.maxBytes()), byteSize(info.Size()))))
		}
	}
	return p.readStream(ctx, name, f, &counter{r: file, n: &p.read}, yield)
}

// readStream reads one input: a whole file, or standard input.
func (p *Paths) readStream(ctx context.Context, name string, f inputFormat, r io.Reader, yield func(*news.Document, error) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return yield(nil, inputErr(name, fmt.Errorf("gzip: %w", err)))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if f == formatUnknown {
		head, _ := br.Peek(512)
		f = sniff(head)
	}
	if f == formatJSONL {
		return p.readJSONL(ctx, name, br, yield)
	}
	raw, err := io.ReadAll(io.LimitReader(br, p.maxBytes()+1))
	if err != nil {
		return yield(nil, inputErr(name, readReason(err)))
	}
	if int64(len(raw)) > p.maxBytes() {
		return yield(nil, inputErr(name, tooLarge(p.maxBytes())))
	}
	if err := checkContent(raw); err != nil {
		return yield(nil, inputErr(name, err))
	}
	if f == formatUnknown {
		return yield(nil, inputErr(name, fmt.Errorf("%w: name it .html, .txt or .jsonl", ErrFormat)))
	}
	format := news.FormatText
	if f == formatHTML {
		format = news.FormatHTML
	}
	doc := news.NewDocument(name, format, "", raw)
	doc.Source = p.Source
	return yield(doc, nil)
}

// sniff guesses the format of content whose name says nothing.
func sniff(head []byte) inputFormat {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 {
		return formatText // empty: checkContent reports it
	}
	if trimmed[0] == '{' {
		return formatJSONL
	}
	if strings.HasPrefix(http.DetectContentType(trimmed), "text/html") {
		return formatHTML
	}
	return formatText
}

// checkContent rejects content that is empty or is not text at all.
func checkContent(raw []byte) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return ErrEmpty
	}
	head := raw[:min(len(raw), 8192)]
	if bytes.IndexByte(head, 0) >= 0 && !isUTF16(head) {
		return fmt.Errorf("%w (%s)", ErrBinary, http.DetectContentType(head))
	}
	switch ct := http.DetectContentType(head); {
	case strings.HasPrefix(ct, "text/"), strings.Contains(ct, "xml"), strings.Contains(ct, "json"):
	case ct == "application/octet-stream":
		// Unknown to the sniffer but free of NUL bytes: legacy-encoded
		// text looks like this. Extraction decodes or repairs it.
	default:
		return fmt.Errorf("%w (%s)", ErrBinary, ct)
	}
	return nil
}

// isUTF16 reports whether b starts with a UTF-16 byte order mark; such text
// is full of NUL bytes but is not binary.
func isUTF16(b []byte) bool {
	return len(b) >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff))
}

func readReason(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("truncated: unexpected end of data (an incomplete download or gzip file?)")
	}
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return fmt.Errorf("corrupt gzip data: %w", err)
	}
	return err
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n *atomic.Int64
}

func (c *counter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
