package view

// SetRewindWindow makes models keep n inputs' worth of history, until the
// function returned puts the window back.
func SetRewindWindow(n int) (restore func()) {
	old := rewindWindow
	rewindWindow = n
	return func() { rewindWindow = old }
}
