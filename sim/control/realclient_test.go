package control

import (
	"slices"
	"strings"
	"testing"
)

// bindWeb takes a socket through a login as juliet to a bound session.
func bindWeb(t *testing.T, b *Board, name string) {
	t.Helper()
	talk(t, b, name, open(), plain("juliet", "pw"), open(),
		"<iq type='set' id='b1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>web</resource></bind></iq>")
}

// TestAwaitLogin answers a real client's login call: with the session's
// id once bound, with an error when its socket closes first or when the
// wait is given up, and refuses a call without a user.
func TestAwaitLogin(t *testing.T) {
	for _, tc := range []struct {
		name string
		user string
		run  func(t *testing.T, b *Board, w *Wait)
		want []string
	}{
		{name: "bound", user: "juliet", want: []string{"id c2s…"},
			run: func(t *testing.T, b *Board, _ *Wait) {
				name, _ := b.Dial("converse", nil)
				b.AnswerWaits() // not bound yet: still waiting
				bindWeb(t, b, name)
				b.AnswerWaits()
				b.AnswerWaits() // answered once only
			}},
		{name: "closed first", user: "juliet", want: []string{"error the real client's connection closed before its session was bound"},
			run: func(t *testing.T, b *Board, _ *Wait) {
				name, _ := b.Dial("converse", nil)
				talk(t, b, name, open())
				if err := b.Hangup(name); err != nil {
					t.Fatal(err)
				}
				b.AnswerWaits()
			}},
		{name: "given up", user: "juliet", want: []string{"error the real client was not bound within 30 s"},
			run: func(t *testing.T, b *Board, w *Wait) {
				b.GiveUp(w)
				name, _ := b.Dial("converse", nil)
				bindWeb(t, b, name)
				b.AnswerWaits()
			}},
		{name: "no user", want: []string{"refused realClient needs {user, password}"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newBoard(t)
			var got []string
			jid, w, err := b.AwaitLogin(tc.user, "pw", func(id string, err error) {
				if err != nil {
					got = append(got, "error "+err.Error())
					return
				}
				got = append(got, "id "+id)
			})
			if err != nil {
				got = append(got, "refused "+err.Error())
			} else {
				if jid != "juliet@localhost" || !b.TL.Engine().HasAccount("juliet") {
					t.Errorf("AwaitLogin gave %q and made the account: %v", jid, b.TL.Engine().HasAccount("juliet"))
				}
				tc.run(t, b, w)
			}
			if len(got) == 1 && strings.HasPrefix(got[0], "id c2s") {
				got[0] = "id c2s…" // a session id, random from the run's seed
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
