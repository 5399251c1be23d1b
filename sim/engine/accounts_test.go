package engine_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// couple is Romeo and Juliet with accounts, bound, subscribed to each
// other and available; the returned function gives the data each client
// has received since the last call.
func couple(t *testing.T) (*engine.Engine, func(name string) []string) {
	t.Helper()
	e, err := engine.New(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	wire := map[string][]string{}
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out && ev.What == "data" {
			wire[ev.Client] = append(wire[ev.Client], ev.Raw)
		}
	})
	fresh := func(name string) []string {
		out := wire[name]
		wire[name] = nil
		return out
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		e.Run(0)
	}
	for _, u := range []string{"romeo", "juliet"} {
		must(e.AddAccount(u, "secret"))
		_, err := e.AddClient(client.Spec{User: u, Password: "secret", Resource: "r"})
		must(err)
		for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
			must(e.Act(u, a))
		}
	}
	for _, p := range [][2]string{{"romeo", "juliet"}, {"juliet", "romeo"}} {
		must(e.ActWith(p[0], "subscribe", map[string]string{"to": p[1] + "@localhost"}))
		must(e.ActWith(p[1], "subscribed", map[string]string{"to": p[0] + "@localhost"}))
	}
	must(e.ActWith("romeo", "presence", nil))
	must(e.ActWith("juliet", "presence", nil))
	fresh("romeo")
	fresh("juliet")
	return e, fresh
}

// bound returns the live session bound to fullJID, or nil.
func bound(e *engine.Engine, fullJID string) *session.Session {
	return e.Server().FullSession(fullJID)
}

// TestDeleteAccount follows usermanager.delete_user: the account's bound
// session is closed with not-authorized "Account deleted", its contact sees
// it go unavailable, the roster and offline queue are purged, and the user
// can no longer log in.
func TestDeleteAccount(t *testing.T) {
	e, fresh := couple(t)
	store := e.Server().Store()
	romeo := bound(e, "romeo@localhost/r")
	if err := e.DeleteAccount("romeo"); err != nil {
		t.Fatal(err)
	}
	if romeo == nil || !romeo.Destroyed {
		t.Error("romeo's session is not destroyed at once")
	}
	e.Run(0)
	wantRomeo := []string{
		"<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Account deleted</text></stream:error></stream:stream>",
	}
	if got := fresh("romeo"); strings.Join(got, "") != strings.Join(wantRomeo, "") {
		t.Errorf("romeo received %q\nwant %q", got, wantRomeo)
	}
	wantJuliet := []string{
		"<presence type='unavailable' from='romeo@localhost/r' to='juliet@localhost'><status>Disconnected: Account deleted</status></presence>",
	}
	if got := fresh("juliet"); !slices.Equal(got, wantJuliet) {
		t.Errorf("juliet received %q\nwant %q", got, wantJuliet)
	}
	if _, found, err := store.Account("localhost", "romeo"); found || err != nil {
		t.Errorf("account still there: %v %v", found, err)
	}
	if _, found, err := store.Roster("localhost", "romeo"); found || err != nil {
		t.Errorf("roster still there: %v %v", found, err)
	}
	if r, _, _ := store.Roster("localhost", "juliet"); r == nil || len(r.Items) != 1 {
		t.Errorf("juliet's roster should keep romeo: %+v", r)
	}

	// Messages to the deleted user now bounce, and nothing is stored.
	if err := e.ActWith("juliet", "message", map[string]string{"to": "romeo@localhost", "body": "hello?", "id": "m9"}); err != nil {
		t.Fatal(err)
	}
	e.Run(0)
	want := "<message type='error' id='m9' to='juliet@localhost/r' from='romeo@localhost'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"
	if got := fresh("juliet"); len(got) != 1 || got[0] != want {
		t.Errorf("juliet received %q\nwant %q", got, want)
	}
	if q, _ := store.Offline("localhost", "romeo"); len(q) != 0 {
		t.Errorf("offline queue %v", q)
	}

	// Logging in again fails.
	if err := e.RemoveClient("romeo"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.AddClient(client.Spec{User: "romeo", Password: "secret", Resource: "r"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"connect", "open", "auth"} {
		if err := e.Act("romeo", a); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
	}
	if got := fresh("romeo"); !strings.Contains(strings.Join(got, ""), "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>") {
		t.Errorf("login after deletion: %q", got)
	}
	if err := e.DeleteAccount("romeo"); err == nil {
		t.Error("deleting a deleted account succeeded")
	}
}

// TestDisableAccount closes the user's bound sessions with not-authorized
// "Account disabled"; enabling again lets the user back in.
func TestDisableAccount(t *testing.T) {
	e, fresh := couple(t)
	if err := e.DisableAccount("juliet", true); err != nil {
		t.Fatal(err)
	}
	e.Run(0)
	want := "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Account disabled</text></stream:error></stream:stream>"
	if got := strings.Join(fresh("juliet"), ""); got != want {
		t.Errorf("juliet received %q\nwant %q", got, want)
	}
	if got := fresh("romeo"); len(got) != 1 || !strings.Contains(got[0], "Disconnected: Account disabled") {
		t.Errorf("romeo received %q", got)
	}
	if _, found, _ := e.Server().Store().Roster("localhost", "juliet"); !found {
		t.Error("disabling must keep the roster")
	}
}

// TestRemoveClient drops a connected client's connection, so the server
// destroys its session when the close is delivered; the input replays.
func TestRemoveClient(t *testing.T) {
	e, fresh := couple(t)
	juliet := bound(e, "juliet@localhost/r")
	if err := e.RemoveClient("juliet"); err != nil {
		t.Fatal(err)
	}
	if e.Client("juliet") != nil || len(e.Clients()) != 1 {
		t.Fatalf("clients after removal: %d", len(e.Clients()))
	}
	e.Run(0)
	if juliet == nil || !juliet.Destroyed {
		t.Error("juliet's session is not destroyed")
	}
	want := []string{"<presence type='unavailable' from='juliet@localhost/r' to='romeo@localhost'><status>Disconnected: closed</status></presence>"}
	if got := fresh("romeo"); !slices.Equal(got, want) {
		t.Errorf("romeo received %q\nwant %q", got, want)
	}
	if err := e.RemoveClient("juliet"); err == nil {
		t.Error("removing twice succeeded")
	}
	again, err := engine.Replay(e.Config(), e.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	if again.Client("juliet") != nil || bound(again, "juliet@localhost/r") != nil || len(again.Server().Sessions()) != 2 {
		t.Error("replay differs")
	}
}

// rosterRemovalFails is a file system on which removing a roster fails.
type rosterRemovalFails struct{ *mem.FS }

func (f rosterRemovalFails) Remove(name string) error {
	if strings.Contains(name, "/roster/") {
		return errors.New("disk on fire")
	}
	return f.FS.Remove(name)
}

func TestDeleteAccountPurgeFailure(t *testing.T) {
	m, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	cfg := engine.DefaultConfig()
	cfg.FS = rosterRemovalFails{m}
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	tl.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.InputApplied {
			said = append(said, ev.What)
		}
	})
	for _, in := range []engine.Input{
		{Op: engine.OpAccount, User: "alice", Password: "secret"},
		{Op: engine.OpDeleteAccount, User: "alice"},
	} {
		if err := tl.Apply(in); err != nil {
			t.Fatalf("%s: %v", in.Op, err)
		}
	}
	// The deletion happened and is on both logs, with the failure said.
	if step, total := tl.Position(); step != 2 || total != 2 {
		t.Errorf("position %d/%d, want 2/2", step, total)
	}
	if n := len(tl.Engine().Inputs()); n != 2 {
		t.Errorf("the engine recorded %d inputs, want 2", n)
	}
	if tl.Engine().HasAccount("alice") {
		t.Error("alice's account is still there")
	}
	const prefix = "delete account alice@localhost (could not purge its stored data: "
	if len(said) != 2 || !strings.HasPrefix(said[1], prefix) || !strings.HasSuffix(said[1], "disk on fire)") {
		t.Errorf("events %q, want the second to say %q…disk on fire)", said, prefix)
	}
}
