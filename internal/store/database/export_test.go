package database

// SetRunKeys sets how many keys the live key table takes before it is
// sealed, for tests, and returns a function that restores it.
func SetRunKeys(n int) (restore func()) {
	old := runKeys
	runKeys = n
	return func() { runKeys = old }
}

// SetAheadOfLock sets a function Put calls when it has found which of a
// batch's documents are new, before it writes ahead of the writers' lock,
// and returns a function that restores none.
func SetAheadOfLock(fn func()) (restore func()) {
	aheadOfLock = fn
	return func() { aheadOfLock = nil }
}
