package eval

import (
	"os"
	"path/filepath"
)

// SharedData returns the folder of the external evaluation set name, e.g.
// "scrapinghub-article-extraction". The sets live in ../shared/data beside
// the repository (or wherever $SITREP_SHARED points); they are never copied
// into it. It reports false when the folder is not there, so that tests can
// skip.
func SharedData(name string) (string, bool) {
	if root := os.Getenv("SITREP_SHARED"); root != "" {
		dir := filepath.Join(root, "data", name)
		_, err := os.Stat(dir)
		return dir, err == nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			data := filepath.Join(dir, "..", "shared", "data", name)
			_, err := os.Stat(data)
			return data, err == nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
