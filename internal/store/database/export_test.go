package database

// SetRunKeys sets how many keys the live key table takes before it is
// sealed, for tests, and returns a function that restores it.
func SetRunKeys(n int) (restore func()) {
	old := runKeys
	runKeys = n
	return func() { runKeys = old }
}
