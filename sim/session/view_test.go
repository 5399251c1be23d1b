package session

import (
	"reflect"
	"testing"

	"github.com/beevik/etree"
)

func TestSnapshotViews(t *testing.T) {
	d := etree.NewDocument()
	if err := d.ReadFromString(`<presence><show>away</show><status>at the ball</status><priority>300</priority></presence>`); err != nil {
		t.Fatal(err)
	}
	prio := 127
	r := &Roster{Version: 4, Items: []Item{{JID: "juliet@localhost", Subscription: "none", Ask: "subscribe"}, {JID: "nurse@localhost", Subscription: "none", Approved: true}},
		Pending: []Pending{{JID: "tybalt@localhost", Stanza: "<presence/>"}}}
	s := &Session{FullJID: "romeo@localhost/balcony", Presence: d.Root(), Priority: &prio, Roster: r}
	snap := s.Snapshot()
	if want := (&PresenceView{Show: "away", Status: "at the ball", Priority: 127}); !reflect.DeepEqual(snap.Presence, want) {
		t.Errorf("presence view %+v, want %+v", snap.Presence, want)
	}
	if snap.Roster.Version != 4 || len(snap.Roster.Items) != 2 || !reflect.DeepEqual(snap.Roster.Pending, []string{"tybalt@localhost"}) {
		t.Errorf("roster view %+v", snap.Roster)
	}
	if got, want := snap.Field("roster").Text, "juliet@localhost (none, ask subscribe), nurse@localhost (none, approved), tybalt@localhost (pending in)"; got != want {
		t.Errorf("roster field %q, want %q", got, want)
	}
	// The view is a copy: later changes to the roster do not reach it.
	r.Items[0].Subscription = "to"
	if snap.Roster.Items[0].Subscription != "none" {
		t.Error("the snapshot shares the roster's items")
	}
	if (&Session{}).Snapshot().Presence != nil || (&Session{}).Snapshot().Roster != nil {
		t.Error("an unbound session has views")
	}
}

func TestRosterEditing(t *testing.T) {
	r := &Roster{}
	r.Add("a@h").Ask = "subscribe"
	if r.Add("a@h").Ask != "subscribe" || len(r.Items) != 1 {
		t.Fatal("Add made a second item")
	}
	r.Pending = append(r.Pending, Pending{JID: "b@h"})
	if r.PendingFrom("b@h") == nil || !r.ClearPending("b@h") || r.ClearPending("b@h") {
		t.Fatal("pending bookkeeping")
	}
	if !r.Remove("a@h") || r.Remove("a@h") || r.Item("a@h") != nil {
		t.Fatal("Remove")
	}
}
