package engine

import "testing"

// TestDismissForgets: a dismissed session is forgotten by the engine as
// well as by the server, so that a listener dismissing the sessions that
// ended keeps a bounded state however many connections come and go.
func TestDismissForgets(t *testing.T) {
	e, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	e.Subscribe(func(Event) {}) // the engine compares sessions only for observers
	for range 50 {
		if _, err := e.Dial("x"); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
		if err := e.Hangup("x"); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
		ss := e.Sessions()
		if len(ss) != 1 || ss[0].State != "destroyed" {
			t.Fatalf("sessions %+v, want the one destroyed", ss)
		}
		e.Dismiss(ss[0].ID)
	}
	if n, m := len(e.Sessions()), len(e.last); n != 0 || m != 0 {
		t.Errorf("after dismissing every session: %d sessions on view, %d remembered, want none", n, m)
	}
	if n := len(e.ext.names); n != 0 {
		t.Errorf("%d names of closed external connections kept, want none", n)
	}
}
