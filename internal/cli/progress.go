package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// progressBar redraws one status line on a terminal while a batch runs:
// how much of the input is read, documents done, the rate and problems. On
// anything but a terminal it draws nothing; the summary line says it all.
type progressBar struct {
	w     io.Writer
	src   *source.Paths
	prog  *ingest.Progress
	total int64 // bytes; 0 when unknown
	on    bool
	done  chan struct{}
	wg    sync.WaitGroup
	began time.Time
}

func newProgressBar(w io.Writer, src *source.Paths, prog *ingest.Progress) *progressBar {
	b := &progressBar{w: w, src: src, prog: prog, done: make(chan struct{})}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b.on = true
		if n, ok := src.Size(); ok {
			b.total = n
		}
	}
	return b
}

func (b *progressBar) start() {
	b.began = time.Now()
	if !b.on {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		t := time.NewTicker(150 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-b.done:
				fmt.Fprint(b.w, "\r\033[K")
				return
			case <-t.C:
				fmt.Fprint(b.w, "\r\033[K"+b.line())
			}
		}
	}()
}

func (b *progressBar) stop() {
	close(b.done)
	b.wg.Wait()
}

func (b *progressBar) line() string {
	done := b.prog.Done.Load()
	rate := float64(done) / time.Since(b.began).Seconds()
	status := fmt.Sprintf("%d docs  %.0f docs/s  %d problems", done, rate, b.prog.Failed.Load())
	if b.total <= 0 {
		return status
	}
	frac := min(1, float64(b.src.BytesRead())/float64(b.total))
	const width = 24
	filled := int(frac * width)
	return fmt.Sprintf("[%s%s] %3.0f%%  %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), frac*100, status)
}
