package eval

import (
	"errors"
	"os"
	"path/filepath"
)

// SharedData returns the folder of the external evaluation set name, e.g.
// "scrapinghub-article-extraction". The sets live in ../shared/data beside
// the repository (or wherever $SITREP_SHARED points); they are never copied
// into it. It reports false when the folder is not there, so that tests can
// skip.
func SharedData(name string) (string, bool) {
	root := os.Getenv("SITREP_SHARED")
	if root == "" {
		repo, err := RepoRoot()
		if err != nil {
			return "", false
		}
		root = filepath.Join(repo, "..", "shared")
	}
	dir := filepath.Join(root, "data", name)
	_, err := os.Stat(dir)
	return dir, err == nil
}

// RepoRoot returns the sitrep repository the process runs in, found by
// walking up from the working folder to go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the sitrep repository")
		}
		dir = parent
	}
}
