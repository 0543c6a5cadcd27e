// Package lexicon reads sitrep's lexicon files: the plain-text,
// line-based files that hold actors (internal/actordict) and event
// triggers (internal/stages/event), described in docs/lexicons.md. It owns
// what the two formats share: which files are read and in what order,
// comments, blank lines, and entry lines versus indented lines. Each
// format parses its own lines.
package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// A Line is one meaningful line of a lexicon file.
type Line struct {
	No       int    // 1-based line number, for error messages
	Text     string // without comment and surrounding space
	Indented bool   // belongs to the entry above
}

// Lines calls fn for each non-blank line of r after removing comments. It
// stops at the first error fn returns.
func Lines(r io.Reader, fn func(Line) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := fn(Line{No: n, Text: strings.TrimSpace(line), Indented: line[0] == ' ' || line[0] == '\t'}); err != nil {
			return err
		}
	}
	return sc.Err()
}

// LoadFS calls parse on every .txt file in dir of fsys, in name order.
func LoadFS(fsys fs.FS, dir string, parse func(name string, r io.Reader) error) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".txt" {
			continue
		}
		f, err := fsys.Open(path.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		err = parse(e.Name(), f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// LoadFile calls parse on one user file.
func LoadFile(name string, parse func(name string, r io.Reader) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := parse(name, f); err != nil {
		return err
	}
	return nil
}

// Errorf returns an error naming the file and line.
func Errorf(name string, l Line, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", name, l.No, fmt.Sprintf(format, args...))
}

// List returns the entries of a list separated by ";", trimmed, empty ones
// left out: the names on an entry line.
func List(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
