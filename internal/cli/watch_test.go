package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWatchOnce(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.Mkdir(inbox, 0o755)
	config := filepath.Join(dir, "sitrep.yaml")
	os.WriteFile(config, []byte(`
db: `+filepath.Join(dir, "watch.db")+`
sources:
  - name: inbox
    folder: `+inbox+`
rules:
  - name: attacks-in-iraq
    when: type:ASSAULT modality:asserted in:Iraq
notifiers:
  - name: print
    stdout: true
`), 0o644)
	// The first run starts the watch of a new database.
	if _, stderr, err := run(t, "", "watch", "--once", "--config", config); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	os.WriteFile(filepath.Join(inbox, "a.txt"), []byte("Rockets hit base in Erbil\n\n"+
		"ERBIL, Iraq - Rockets fired by Kataib Hezbollah hit a base used by US forces in Erbil on Monday, officials said.\n"), 0o644)
	stdout, stderr, err := run(t, "", "watch", "--once", "--config", config)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var a struct {
		Rule, Summary string
		Version       int
	}
	first, _, _ := strings.Cut(stdout, "\n")
	if err := json.Unmarshal([]byte(first), &a); err != nil || a.Rule != "attacks-in-iraq" || a.Version != 1 ||
		!strings.Contains(a.Summary, "Erbil") {
		t.Fatalf("stdout %q: %+v %v", stdout, a, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "watch.db")); err != nil {
		t.Errorf("the config's db was not used: %v", err)
	}
	// "Rockets ... hit": one sentence coded twice as an attack, one alert.
	if n := strings.Count(strings.TrimSpace(stdout), "\n") + 1; n != 1 {
		t.Errorf("%d alerts for one sentence:\n%s", n, stdout)
	}
	// Again: nothing new, nothing printed.
	if stdout, _, _ := run(t, "", "watch", "--once", "--config", config); stdout != "" {
		t.Errorf("a second run printed %q", stdout)
	}
}

func TestWatchBadConfig(t *testing.T) {
	config := filepath.Join(t.TempDir(), "sitrep.yaml")
	os.WriteFile(config, []byte("sources:\n  - name: a\n    feed: ftp://x\nrules:\n  - name: r\n    when: typ:X\n"), 0o644)
	_, _, err := run(t, "", "watch", "--config", config)
	if err == nil || !strings.Contains(err.Error(), config) || !strings.Contains(err.Error(), "sources[0] (a)") ||
		!strings.Contains(err.Error(), `unknown field "typ"`) {
		t.Errorf("error %v", err)
	}
}
