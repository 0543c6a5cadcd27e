// Package server is sitrep's HTTP face: the JSON API under /api/v1
// (described by the OpenAPI file it serves), the analyst's dashboard (its
// assets embedded, nothing fetched from elsewhere), Prometheus metrics at
// /metrics and a health check at /healthz.
//
// Article text is untrusted: the API returns it as JSON strings and the
// dashboard only ever sets it as text, under a Content-Security-Policy
// that allows no inline script and nothing from other origins. Requests
// are bounded in size and time. Writing (ingest through the API) needs the
// bearer token the server was started with; with none, writing is off, and
// listening beyond the loopback interface is refused.
package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Config is what a server serves and how.
type Config struct {
	Store store.Store
	// Pipeline reads documents posted to the API; nil turns ingest
	// through the API off.
	Pipeline *pipeline.Pipeline
	// Token, when set, is the bearer token write requests must carry.
	Token string
	// Settings are the pipeline's settings (extra lexicons), for the
	// reader, which annotates a stored document as ingest did.
	Settings pipeline.Settings
	Logger   *slog.Logger // nil: no request log
	// MaxBody bounds a request body: DefaultMaxBody when zero.
	MaxBody int64
}

// DefaultMaxBody bounds what one request may post: a batch of articles,
// not an archive.
const DefaultMaxBody = 32 << 20

// A Server handles the API, the dashboard and the metrics.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	reg     *prometheus.Registry
	reqs    *prometheus.CounterVec
	latency *prometheus.HistogramVec
	reader  *pipeline.Pipeline // annotates a stored document for the reader
}

// New returns a server over cfg.Store.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	reader, err := newReader(cfg.Settings)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), reg: prometheus.NewRegistry(), reader: reader}
	s.reqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sitrep_http_requests_total", Help: "HTTP requests answered, by route and status code.",
	}, []string{"route", "code"})
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "sitrep_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	s.reg.MustRegister(s.reqs, s.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.routes()
	return s, nil
}

// route registers h for pattern under its own name in metrics and logs.
func (s *Server) route(pattern string, h http.HandlerFunc) {
	_, path, found := strings.Cut(pattern, " ")
	if !found {
		path = pattern
	}
	s.mux.Handle(pattern, s.observe(path, h))
}

// ServeHTTP implements http.Handler: every response carries the security
// headers, and every body is bounded.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Scripts, styles, images and data only from this server; no frames,
	// plugins or inline script, so text that slips into markup runs
	// nothing.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	s.mux.ServeHTTP(w, r)
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// observe counts, times and logs the requests of one route.
func (s *Server) observe(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		took := time.Since(start)
		s.reqs.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		s.latency.WithLabelValues(route).Observe(took.Seconds())
		s.cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
			slog.Int("status", sw.code), slog.Duration("took", took))
	})
}

// authorized reports whether r carries the write token; it answers the
// request when it does not.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Token == "" {
		writeError(w, http.StatusForbidden, "writing is off: start the server with SITREP_TOKEN set to allow it")
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
		writeError(w, http.StatusUnauthorized, "this request needs the server's token: Authorization: Bearer <SITREP_TOKEN>")
		return false
	}
	return true
}

// CheckAddr refuses an address that reaches beyond this machine when no
// token guards writing: the API would otherwise be open to the network.
func CheckAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if token != "" || loopback(host) {
		return nil
	}
	return fmt.Errorf("refusing to listen on %s without a token: anyone who can reach it could write to the database; "+
		"set SITREP_TOKEN, or listen on 127.0.0.1", addr)
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve answers on ln until ctx ends, then shuts down, letting requests
// under way finish for a few seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil {
			return err
		}
		return nil
	}
}

// metrics serves the server's registry in Prometheus's text format.
func (s *Server) metrics() http.Handler {
	return promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{})
}
