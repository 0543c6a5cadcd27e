package server

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/report"
)

// static holds the dashboard: the team's own HTML, CSS and JavaScript,
// and in vendor/ the map's country borders when they were fetched at
// build time (go generate; see static/vendor/README.md). Without them the
// map draws its events over a graticule.
//
//go:generate sh fetch-borders.sh
//go:embed static
var static embed.FS

// dashboard serves the single page and its assets.
func (s *Server) dashboard() {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has it
	}
	files := http.FileServerFS(sub)
	s.route("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, ".md") {
			writeError(w, http.StatusNotFound, "not found")
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.StripPrefix("/static/", files).ServeHTTP(w, r)
	})
	s.route("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		b, _ := static.ReadFile("static/index.html")
		w.Write(b)
	})
	s.route("GET /report", s.reportPage)
}

// reportPage serves the situation report as the one page sitrep report
// --format html writes: to print or send on. It runs no script at all,
// and its styles are inline, which its own policy allows.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	rep, err := s.buildReport(r)
	if err != nil {
		fail(w, err)
		return
	}
	var b bytes.Buffer
	if err := report.HTML(&b, rep); err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}
