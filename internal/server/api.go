package server

import (
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/report"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/stages/event"
	"github.com/sitrep-dev/sitrep/internal/store"
)

//go:embed openapi.json
var openapiJSON []byte

// routes registers every endpoint; openapi.json describes each under
// /api/v1 (a test holds the two together).
func (s *Server) routes() {
	s.route("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiJSON)
	})
	s.route("GET /api/v1/stats", s.stats)
	s.route("GET /api/v1/events", s.events)
	s.route("GET /api/v1/events/{ref}", s.event)
	s.route("POST /api/v1/events/{ref}/split", s.split)
	s.route("GET /api/v1/timeline", s.timeline)
	s.route("GET /api/v1/actors", s.actors)
	s.route("GET /api/v1/documents", s.documents)
	s.route("POST /api/v1/documents", s.ingest)
	s.route("GET /api/v1/documents/{id}", s.document)
	s.route("GET /api/v1/stories", s.stories)
	s.route("GET /api/v1/quantities", s.quantities)
	s.route("GET /api/v1/report", s.report)
	s.route("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no endpoint %s %s (see /api/v1/openapi.json)", r.Method, r.URL.Path))
	})
	s.route("GET /metrics", s.metrics().ServeHTTP)
	s.route("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.cfg.Store.Stats(r.Context()); err != nil {
			writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
			return
		}
		writeData(w, map[string]string{"status": "ok"}, "")
	})
	s.dashboard()
}

// An envelope is every API response: the data, or an error, and where
// the listing goes on.
type envelope struct {
	Data  any       `json:"data"`
	Next  *string   `json:"next"` // the cursor of the next page; null on the last
	Error *apiError `json:"error"`
}

type apiError struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v envelope) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true) // a browser that ignores the content type still finds no markup
	enc.Encode(v)
}

func writeData(w http.ResponseWriter, data any, next string) {
	env := envelope{Data: data}
	if next != "" {
		env.Next = &next
	}
	writeJSON(w, http.StatusOK, env)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, envelope{Error: &apiError{Status: status, Message: msg}})
}

// fail answers a store error: the caller's fault (a bad cursor, an
// unknown ID) or the server's.
func fail(w http.ResponseWriter, err error) {
	var bad badRequest
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, store.ErrBadCursor), errors.Is(err, store.ErrBadRef):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, store.ErrAmbiguous):
		writeError(w, http.StatusBadRequest, err.Error())
	default:
		writeError(w, http.StatusInternalServerError, err.Error())
	}
}

// A badRequest is a parameter the API cannot read.
type badRequest struct{ msg string }

func (b badRequest) Error() string { return b.msg }

func badf(format string, args ...any) error { return badRequest{fmt.Sprintf(format, args...)} }

// params reads query parameters, remembering the first it cannot read.
type params struct {
	v   map[string][]string
	err error
}

func (p *params) str(name string) string {
	if vs := p.v[name]; len(vs) > 0 {
		return strings.TrimSpace(vs[0])
	}
	return ""
}

func (p *params) day(name string) time.Time {
	s := p.str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil && p.err == nil {
		p.err = badf("%s=%q: want a day as YYYY-MM-DD", name, s)
	}
	return t
}

func (p *params) int(name string, def, lo, hi int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if (err != nil || n < lo || n > hi) && p.err == nil {
		p.err = badf("%s=%q: want a whole number from %d to %d", name, s, lo, hi)
	}
	return n
}

func (p *params) bool(name string) bool {
	switch s := p.str(name); s {
	case "", "0", "false":
		return false
	case "1", "true":
		return true
	default:
		if p.err == nil {
			p.err = badf("%s=%q: want true or false", name, s)
		}
		return false
	}
}

// offset reads an offset cursor ("o" and a number, encoded), as the
// listings other than events use.
func (p *params) offset() int {
	s := p.str("cursor")
	if s == "" {
		return 0
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "o"))
	if err != nil || err2 != nil || !strings.HasPrefix(string(b), "o") || n < 0 {
		if p.err == nil {
			p.err = badf("cursor=%q: %v", s, store.ErrBadCursor)
		}
		return 0
	}
	return n
}

// offsetNext is the cursor after a page of n hits from offset, or ""
// when the page was not full: there is no more.
func offsetNext(n, offset, limit int) string {
	if n < limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset+n)))
}

// records turns hits into their output shapes, never null.
func records[H, R any](hits []H, record func(H) R) []R {
	out := make([]R, 0, len(hits))
	for _, h := range hits {
		out = append(out, record(h))
	}
	return out
}

// eventQuery reads the event filters every event endpoint shares.
func (p *params) eventQuery() store.EventQuery {
	q := store.EventQuery{
		Type:   strings.ToUpper(p.str("type")),
		Actor:  p.str("actor"),
		Place:  p.str("place"),
		Text:   p.str("q"),
		Since:  p.day("since"),
		Until:  p.day("until"),
		Placed: p.bool("placed"),
	}
	if q.Type != "" && !slices.Contains(event.Types, q.Type) && p.err == nil {
		p.err = badf("type=%q: want one of %v", q.Type, event.Types)
	}
	if m := p.str("modality"); m != "" {
		q.Modality = news.Modality(strings.ToLower(m))
		known := false
		for _, k := range news.Modalities {
			known = known || k == q.Modality
		}
		if !known && p.err == nil {
			p.err = badf("modality=%q: want one of %v", m, news.Modalities)
		}
	}
	if q.Text != "" && strings.Trim(q.Text, `"*-() `) == "" && p.err == nil {
		p.err = badf("q=%q: no words to search for", q.Text)
	}
	return q
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		fail(w, err)
		return
	}
	type count struct {
		Value string `json:"value"`
		N     int    `json:"n"`
	}
	counts := func(cs []store.Count) []count {
		out := []count{}
		for _, c := range cs {
			out = append(out, count{c.Value, c.N})
		}
		return out
	}
	day := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := t.Format(time.DateOnly)
		return &s
	}
	writeData(w, map[string]any{
		"documents": st.Documents, "sources": counts(st.Sources), "languages": counts(st.Languages),
		"first": day(st.First), "last": day(st.Last), "without_date": st.WithoutDate, "with_problems": st.WithProblems,
		"copies": st.Copies, "stories": st.Stories, "stories_shared": st.StoriesShared,
		"events": st.Events, "incidents": st.Incidents,
	}, "")
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := p.eventQuery()
	q.Reports = p.bool("reports")
	q.Brief = p.bool("brief")
	q.Limit = p.int("limit", 50, 1, 1000)
	q.After = p.str("cursor")
	if p.err != nil {
		fail(w, p.err)
		return
	}
	hits, err := s.cfg.Store.Events(r.Context(), q)
	if err != nil {
		fail(w, err)
		return
	}
	next := ""
	if len(hits) == q.Limit {
		next = hits[len(hits)-1].Cursor
	}
	writeData(w, records(hits, store.EventHit.Record), next)
}

// event answers one report ("<document>:<index>") with its incident's
// evidence.
func (s *Server) event(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("ref")
	doc, idx, err := store.ParseRef(ref)
	if err != nil {
		fail(w, err)
		return
	}
	d, err := s.cfg.Store.Get(r.Context(), string(doc))
	if err != nil {
		fail(w, err)
		return
	}
	hits, err := s.cfg.Store.Events(r.Context(), store.EventQuery{Doc: d.ID, Reports: true, Limit: 1000})
	if err != nil {
		fail(w, err)
		return
	}
	for _, h := range hits {
		if h.Index == idx {
			writeData(w, h.Record(), "")
			return
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("event %s: document %s has %d events", ref, d.ID, len(hits)))
}

func (s *Server) split(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	ref := r.PathValue("ref")
	if _, _, err := store.ParseRef(ref); err != nil {
		fail(w, err)
		return
	}
	inc, err := s.cfg.Store.Split(r.Context(), ref)
	if err != nil {
		writeError(w, http.StatusConflict, err.Error())
		return
	}
	writeData(w, map[string]string{"report": ref, "left": inc}, "")
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.TimelineQuery{EventQuery: p.eventQuery(), Interval: p.str("interval")}
	if q.Interval != "" && q.Interval != "day" && q.Interval != "week" && q.Interval != "month" {
		p.err = badf("interval=%q: want day, week or month", q.Interval)
	}
	if p.err != nil {
		fail(w, p.err)
		return
	}
	counts, err := s.cfg.Store.Timeline(r.Context(), q)
	if err != nil {
		fail(w, err)
		return
	}
	type row struct {
		Period string `json:"period"`
		Type   string `json:"type"`
		Events int    `json:"events"`
	}
	out := make([]row, 0, len(counts))
	for _, c := range counts {
		out = append(out, row{c.Period, c.Type, c.Events})
	}
	writeData(w, out, "")
}

// report answers the situation report of a period, by default the week
// ending on the day of the latest document.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	rep, err := s.buildReport(r)
	if err != nil {
		fail(w, err)
		return
	}
	writeData(w, rep, "")
}

// buildReport builds the report of the period r's since and until name,
// of at most a year.
func (s *Server) buildReport(r *http.Request) (*report.Report, error) {
	p := &params{v: r.URL.Query()}
	since, until := p.day("since"), p.day("until")
	if p.err != nil {
		return nil, p.err
	}
	since, until, err := report.Span(r.Context(), s.cfg.Store, since, until)
	if err != nil {
		return nil, err
	}
	if until.Sub(since) > 366*24*time.Hour {
		return nil, badf("since=%s until=%s: a report covers at most a year", since.Format(time.DateOnly), until.Format(time.DateOnly))
	}
	rep, err := report.Build(r.Context(), s.cfg.Store, since, until, report.Options{})
	if err != nil {
		return nil, badf("%v", err)
	}
	return rep, nil
}

func (s *Server) actors(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.ActorQuery{EventQuery: p.eventQuery(), Interval: p.str("interval"), Top: p.int("top", 20, 1, 200)}
	if q.Interval != "" && q.Interval != "day" && q.Interval != "week" {
		p.err = badf("interval=%q: want day or week", q.Interval)
	}
	if p.err != nil {
		fail(w, p.err)
		return
	}
	a, err := s.cfg.Store.Actors(r.Context(), q)
	if err != nil {
		fail(w, err)
		return
	}
	type period struct {
		Period string `json:"period"`
		Events int    `json:"events"`
	}
	type actor struct {
		Code     string   `json:"code"`
		Name     string   `json:"name"`
		Events   int      `json:"events"`
		AsSource int      `json:"as_source"`
		AsTarget int      `json:"as_target"`
		Series   []period `json:"series"`
	}
	type link struct {
		Source     string `json:"source"`
		Target     string `json:"target"`
		SourceName string `json:"source_name"`
		TargetName string `json:"target_name"`
		Events     int    `json:"events"`
	}
	out := struct {
		Actors    []actor `json:"actors"`
		Links     []link  `json:"links"`
		Events    int     `json:"events"`
		Truncated bool    `json:"truncated"`
	}{Actors: []actor{}, Links: []link{}, Events: a.Events, Truncated: a.Truncated}
	for _, x := range a.Actors {
		ac := actor{x.Code, x.Name, x.Events, x.AsSource, x.AsTarget, []period{}}
		for _, s := range x.Series {
			ac.Series = append(ac.Series, period{s.Period, s.Events})
		}
		out.Actors = append(out.Actors, ac)
	}
	for _, l := range a.Links {
		out.Links = append(out.Links, link{l.Source, l.Target, l.SourceName, l.TargetName, l.Events})
	}
	writeData(w, out, "")
}

// documents searches the stored documents.
func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.Query{Text: p.str("q"), Limit: p.int("limit", 20, 1, 200), Offset: p.offset()}
	if q.Text == "" && p.err == nil {
		p.err = badf("q: give the words to search for")
	}
	if p.err != nil {
		fail(w, p.err)
		return
	}
	hits, err := s.cfg.Store.Search(r.Context(), q)
	if err != nil {
		fail(w, badf("%v", err))
		return
	}
	writeData(w, records(hits, store.Hit.Record), offsetNext(len(hits), q.Offset, q.Limit))
}

// document answers one document with what the pipeline reads in it.
func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	d, err := s.cfg.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		fail(w, err)
		return
	}
	// The stored events, as the event list shows them, and the spans the
	// reader highlights, from the same text.
	stored, err := s.cfg.Store.Events(r.Context(), store.EventQuery{Doc: d.ID, Reports: true, Limit: 1000})
	if err != nil {
		fail(w, err)
		return
	}
	read := *d
	read.Layers = append(news.LayerSet(nil), d.Layers...)
	if err := s.reader.Process(r.Context(), &read); err != nil {
		fail(w, err)
		return
	}
	writeData(w, map[string]any{
		"document":   d.Record(),
		"events":     records(stored, store.EventHit.Record),
		"highlights": highlights(&read),
		"annotated":  read.Record(),
	}, "")
}

// ingest reads posted documents, one JSON object per line as `sitrep
// ingest` reads a .jsonl file, through the pipeline into the store.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if s.cfg.Pipeline == nil {
		writeError(w, http.StatusNotImplemented, "this server was started without a pipeline: ingest with sitrep ingest")
		return
	}
	body := &watched{r: r.Body}
	src := &source.Paths{Paths: []string{"-"}, Stdin: body}
	rep, err := ingest.Run(r.Context(), ingest.Options{Source: src, Pipeline: s.cfg.Pipeline, Sink: s.cfg.Store, Workers: 1}, nil)
	// The source reports a body cut short as one failed input; the
	// client should hear it was too large (the documents before the cut
	// are stored).
	var tooLarge *http.MaxBytesError
	if errors.As(body.err, &tooLarge) || errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes: post fewer documents at a time", tooLarge.Limit))
		return
	}
	if err != nil {
		fail(w, err)
		return
	}
	failures := rep.Failures
	if failures == nil {
		failures = []ingest.Failure{}
	}
	writeData(w, map[string]any{"read": rep.Read, "stored": rep.Stored, "existing": rep.Existing, "failures": failures}, "")
}

func (s *Server) stories(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.StoryQuery{Since: p.day("since"), Until: p.day("until"), MinSize: p.int("min_size", 0, 0, 1<<30),
		Limit: p.int("limit", 20, 1, 200), Offset: p.offset()}
	if p.err != nil {
		fail(w, p.err)
		return
	}
	hits, err := s.cfg.Store.Stories(r.Context(), q)
	if err != nil {
		fail(w, err)
		return
	}
	writeData(w, records(hits, store.StoryHit.Record), offsetNext(len(hits), q.Offset, q.Limit))
}

func (s *Server) quantities(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.QuantityQuery{Unit: p.str("unit"), Role: news.QuantityRole(p.str("role")), Since: p.day("since"), Until: p.day("until"),
		Limit: p.int("limit", 100, 1, 1000), Offset: p.offset()}
	if m := p.str("min"); m != "" {
		v, err := strconv.ParseFloat(m, 64)
		if err != nil && p.err == nil {
			p.err = badf("min=%q: want a number", m)
		}
		q.Min = v
	}
	if p.err != nil {
		fail(w, p.err)
		return
	}
	hits, err := s.cfg.Store.Quantities(r.Context(), q)
	if err != nil {
		fail(w, err)
		return
	}
	writeData(w, records(hits, store.QuantityHit.Record), offsetNext(len(hits), q.Offset, q.Limit))
}

// watched remembers the error a reader ended with.
type watched struct {
	r   io.Reader
	err error
}

func (w *watched) Read(b []byte) (int, error) {
	n, err := w.r.Read(b)
	if err != nil && err != io.EOF {
		w.err = err
	}
	return n, err
}
