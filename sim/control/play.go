package control

// Tick takes one step of playback. It reports stop, with why, when the
// playback should pause: the run is idle at its end, or a point of
// interest (pauseOn: "", "state", "stanza", "error" or "end"; see
// view.Model.PauseReason) was reached. A run rebuilt meanwhile (a new
// generation) ends the step quietly.
func (b *Board) Tick(pauseOn string) (stop bool, why string, err error) {
	m := b.Model
	before, logLen, gen := m.Marks(), len(m.Log()), m.Gen()
	n, err := b.TL.Forward(1)
	if err != nil || gen != m.Gen() {
		return false, "", err
	}
	if what, ok := m.PauseReason(pauseOn, before, logLen); n > 0 && ok {
		return true, "Paused: " + what + ".", nil
	} else if n > 0 {
		return false, "", nil
	}
	return true, "Paused: nothing is pending. Act with a client to go on.", nil
}
