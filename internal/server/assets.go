package server

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
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
}
