package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium for a test, or skips it when there is
// none: $SITREP_CHROMIUM names the binary, else chromium on the PATH.
func browser(t testing.TB) context.Context {
	t.Helper()
	path := os.Getenv("SITREP_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		t.Skip("no Chromium found: install Debian's chromium (as .ci/run does) or set SITREP_CHROMIUM to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true), chromedp.WindowSize(1400, 1000),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// console gathers what the page writes to its console: script errors
// and Content-Security-Policy refusals land there.
func console(ctx context.Context) func() []string {
	var mu sync.Mutex
	var msgs []string
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, string(m.Type)+": "+m.Text)
			mu.Unlock()
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}

// shots is where the browser tests leave their screenshots:
// $SITREP_ARTIFACTS, else a folder under the system's temporary one.
func shots(t *testing.T) string {
	dir := os.Getenv("SITREP_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "sitrep-artifacts")
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(shots(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot: %s", path)
}

// open goes to a view of the dashboard and waits until it has drawn.
func open(t *testing.T, ctx context.Context, url, view string) {
	t.Helper()
	act(t, ctx, view, chromedp.Navigate(url))
}

// act marks the view drawn so far as stale, runs actions, and waits until
// a fresh view has drawn: each drawing replaces the page's main element.
func act(t *testing.T, ctx context.Context, view string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(m => m && m.setAttribute('data-stale', '1'))(document.querySelector('main'))`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("towards the %s view: %v", view, err)
	}
	ready(t, ctx, view)
}

func ready(t *testing.T, ctx context.Context, view string) {
	t.Helper()
	sel := `(m => m && m.dataset.ready)(document.querySelector('main[data-ready]:not([data-stale])'))`
	got, err := chromedp.Run(ctx, chromedp.Poll[string](sel, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("waiting for the %s view: %v", view, err)
	}
	if got != view {
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main .error') || {}).textContent || ''`))
		t.Fatalf("the %s view did not draw: ready=%q %s", view, got, msg)
	}
}

func count(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, selector)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestDashboard drives the dashboard on the sample corpus as an analyst
// would: the overview with its timeline and map, a filter, a brushed
// period, an event and its document, and the other views.
func TestDashboard(t *testing.T) {
	ctx := browser(t)
	ts := newServer(t, "", false)
	logs := console(ctx)

	open(t, ctx, ts.URL+"/", "overview")
	if n := count(t, ctx, "#timeline rect.bar"); n == 0 {
		t.Error("the timeline has no bars")
	}
	if n := count(t, ctx, "#map-small .marker"); n < 10 {
		t.Errorf("the map shows %d markers", n)
	}
	if n := count(t, ctx, "#map-small path.land"); n == 0 {
		t.Log("the map has no country borders (run go generate ./internal/server)")
	}
	// A governorate-level event is an area, not a pin.
	if n := count(t, ctx, `#map-small .marker[data-precision="governorate"] circle.area, #map-small .marker[data-precision="country"]`); n == 0 {
		t.Error("no event of governorate or country precision is drawn as an area")
	}
	screenshot(t, ctx, "overview")

	// Filter by type through the form.
	act(t, ctx, "overview",
		chromedp.SetValue(chromedp.CSS(`#filters select[name="type"]`), "ASSAULT"),
		chromedp.SetValue(chromedp.CSS(`#filters select[name="modality"]`), "asserted"),
		chromedp.Click(chromedp.CSS(`#filters button[type="submit"]`)),
	)
	types := eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll('#timeline rect.bar')].map(r => r.dataset.type))]`)
	if len(types) != 1 || types[0] != "ASSAULT" {
		t.Errorf("filtered timeline shows types %v", types)
	}
	rows := eval[[]string](t, ctx, `[...document.querySelectorAll('table.events tbody tr td:nth-child(2)')].map(td => td.textContent)`)
	if len(rows) == 0 {
		t.Fatal("no events listed for ASSAULT")
	}
	for _, r := range rows {
		if r != "ASSAULT" {
			t.Errorf("a %s event listed under the ASSAULT filter", r)
		}
	}
	screenshot(t, ctx, "overview-assault")
	// On the events view, sort by outlets, most first.
	open(t, ctx, ts.URL+"/#/events?type=ASSAULT&modality=asserted", "events")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`th[data-key="source_count"]`)), chromedp.Click(chromedp.CSS(`th[data-key="source_count"]`))); err != nil {
		t.Fatal(err)
	}
	counts := eval[[]int](t, ctx, `[...document.querySelectorAll('table.events tbody tr td:nth-child(6)')].map(td => +td.textContent)`)
	for i := 1; i < len(counts); i++ {
		if counts[i] > counts[i-1] {
			t.Fatalf("outlets not sorted most first: %v", counts)
		}
	}
	screenshot(t, ctx, "events-assault-by-outlets")

	// Brush a period on the timeline with the mouse.
	box := eval[[]float64](t, ctx, `(() => { const r = document.querySelector('#timeline svg').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
	x0, x1, y := box[0]+box[2]*0.4, box[0]+box[2]*0.7, box[1]+box[3]/2
	act(t, ctx, "events",
		chromedp.MouseEvent(chromedp.MousePressed, x0, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, (x0+x1)/2, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x1, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseReleased, x1, y, chromedp.ButtonLeft),
	)
	since := eval[string](t, ctx, `document.querySelector('#filters input[name="since"]').value`)
	until := eval[string](t, ctx, `document.querySelector('#filters input[name="until"]').value`)
	if since == "" || until == "" || since > until {
		t.Fatalf("brushing picked %q to %q", since, until)
	}
	if !strings.Contains(eval[string](t, ctx, `location.hash`), "type=ASSAULT") {
		t.Error("brushing dropped the type filter")
	}

	// Open the most reported event, then the document behind a report.
	open(t, ctx, ts.URL+"/#/events?type=ASSAULT&since=2020-01-03&until=2020-01-03", "events")
	act(t, ctx, "event", chromedp.Click(chromedp.CSS(`th[data-key="source_count"]`)), chromedp.Click(chromedp.CSS(`th[data-key="source_count"]`)),
		chromedp.Click(chromedp.CSS(`table.events tbody tr a.event-link`)))
	if n := count(t, ctx, "ol.evidence li"); n < 2 {
		t.Errorf("the event lists %d pieces of evidence", n)
	}
	screenshot(t, ctx, "event")
	act(t, ctx, "doc", chromedp.Click(chromedp.CSS(`ol.evidence li a`)))
	for _, kind := range []string{"actor", "place", "date", "trigger"} {
		if count(t, ctx, "#reader mark."+kind) == 0 {
			t.Errorf("the reader highlights no %s", kind)
		}
	}
	screenshot(t, ctx, "document")

	for _, v := range []struct{ hash, view, selector string }{
		{"#/map", "map", "#map .marker"},
		{"#/actors", "actors", ".network a.node"},
		{"#/numbers?unit=troops", "numbers", "#claims a.claim"},
		{"#/stories", "stories", "table tr td b"},
		{"#/search?q=Ain%20al-Asad", "search", "main ul li a"},
		{"#/report?since=2020-01-01&until=2020-01-10", "report", "#report-key ol li a"},
	} {
		open(t, ctx, ts.URL+"/"+v.hash, v.view)
		if count(t, ctx, v.selector) == 0 {
			t.Errorf("%s shows no %s", v.hash, v.selector)
		}
		screenshot(t, ctx, v.view)
	}
	// The report: charts against the period before, sources, and a
	// period picked in its form.
	if count(t, ctx, "svg.compare rect") == 0 || count(t, ctx, "#report-sources li") == 0 {
		t.Error("the report has no charts or no sources")
	}
	act(t, ctx, "report", chromedp.SetValue(chromedp.CSS(`#report-period input[name="since"]`), "2020-01-03"),
		chromedp.Click(chromedp.CSS(`#report-period button`)))
	if h := eval[string](t, ctx, `document.querySelector('main h1').textContent`); !strings.Contains(h, "2020-01-03 to 2020-01-10") {
		t.Errorf("after picking a period the report is of %q", h)
	}
	for _, m := range logs() {
		if strings.HasPrefix(m, "error") || strings.HasPrefix(m, "exception") || strings.Contains(m, "Content Security Policy") {
			t.Errorf("console: %s", m)
		}
	}
}

// TestDashboardRunsNoArticleScript opens a document whose text, title and
// outlet carry script, an image with onerror and a javascript: link: all
// must show as text and run nothing.
func TestDashboardRunsNoArticleScript(t *testing.T) {
	ctx := browser(t)
	ts := newServer(t, "", false)
	_, env := get(t, ts, "/api/v1/documents?q=Balad+witness")
	var hits []struct{ ID string }
	if err := jsonUnmarshal(env.Data, &hits); err != nil || len(hits) != 1 {
		t.Fatalf("the hostile document: %v %s", err, env.Data)
	}
	for _, hash := range []string{"#/doc/" + hits[0].ID, "#/search?q=Balad", "#/events?q=Balad"} {
		view := strings.SplitN(strings.TrimPrefix(hash, "#/"), "/", 2)[0]
		view = strings.SplitN(view, "?", 2)[0]
		open(t, ctx, ts.URL+"/"+hash, view)
		if got := eval[string](t, ctx, `String(window.__xss)`); got != "undefined" {
			t.Errorf("%s: article script ran: window.__xss = %s", hash, got)
		}
		if n := count(t, ctx, "main img, main script, main iframe"); n != 0 {
			t.Errorf("%s: %d elements made from article text", hash, n)
		}
		if n := count(t, ctx, `a[href^="javascript:"]`); n != 0 {
			t.Errorf("%s: %d javascript: links", hash, n)
		}
	}
	open(t, ctx, ts.URL+"/#/doc/"+hits[0].ID, "doc")
	text := eval[string](t, ctx, `document.querySelector('#reader').textContent`)
	for _, want := range []string{"<script>window.__xss=3</script>", `<img src=x onerror="window.__xss=4">`, "javascript:window.__xss=5"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reader does not show %q as text: %q", want, text)
		}
	}
	title := eval[string](t, ctx, `document.querySelector('main h1').textContent`)
	if !strings.Contains(title, "<script>") {
		t.Errorf("the title is not shown as text: %q", title)
	}
	screenshot(t, ctx, "hostile-document")
}
