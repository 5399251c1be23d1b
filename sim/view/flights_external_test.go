package view

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestFlightsNameExternalConnections names a real client's deliveries in
// flight after its connection, as its log rows are.
func TestFlightsNameExternalConnections(t *testing.T) {
	e, err := engine.New(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Dial("converse"); err != nil {
		t.Fatal(err)
	}
	if err := e.Recv("converse", []byte("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='localhost' version='1.0'>")); err != nil {
		t.Fatal(err)
	}
	fs := Flights(e)
	if len(fs) != 2 {
		t.Fatalf("%d flights, want the connect and the header: %+v", len(fs), fs)
	}
	for _, f := range fs {
		if f.Client != "converse" || f.Dir != DirIn {
			t.Errorf("flight %s: client %q, dir %q", f.ID, f.Client, f.Dir)
		}
	}
}
