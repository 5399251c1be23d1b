package client

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/stanza"
)

func TestStanzaActions(t *testing.T) {
	tests := []struct {
		name, action string
		args         map[string]string
		want         string
	}{
		{"roster get", ActRosterGet, nil, `<iq type='get' id='roster1'><query xmlns='jabber:iq:roster'/></iq>`},
		{"versioned get", ActRosterGet, map[string]string{"ver": "3"}, `<iq type='get' id='roster1'><query xmlns='jabber:iq:roster' ver='3'/></iq>`},
		{"roster set", ActRosterSet, map[string]string{"jid": "juliet@localhost", "name": "Jules", "groups": "Capulet, Verona"},
			`<iq type='set' id='roster1'><query xmlns='jabber:iq:roster'><item jid='juliet@localhost' name='Jules'><group>Capulet</group><group>Verona</group></item></query></iq>`},
		{"roster remove", ActRosterRemove, map[string]string{"jid": "juliet@localhost"},
			`<iq type='set' id='roster1'><query xmlns='jabber:iq:roster'><item jid='juliet@localhost' subscription='remove'/></query></iq>`},
		{"presence", ActPresence, map[string]string{"show": "away", "status": "<out>", "priority": "-1"},
			`<presence><show>away</show><status>&lt;out&gt;</status><priority>-1</priority></presence>`},
		{"directed unavailable", ActPresence, map[string]string{"to": "nurse@localhost/x", "type": "unavailable"},
			`<presence to='nurse@localhost/x' type='unavailable'/>`},
		{"subscribe", ActSubscribe, map[string]string{"to": "juliet@localhost"}, `<presence to='juliet@localhost' type='subscribe'/>`},
		{"unsubscribed", ActUnsubscribed, map[string]string{"to": "juliet@localhost"}, `<presence to='juliet@localhost' type='unsubscribed'/>`},
		{"headline", ActMessage, map[string]string{"to": "juliet@localhost", "type": "headline", "body": "news"},
			`<message to='juliet@localhost' type='headline' id='m1'><body>news</body></message>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Spec{User: "romeo"})
			e, err := c.buildStanza(tc.action, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if got := stanza.String(e); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestStanzaActionErrors(t *testing.T) {
	c := New(Spec{User: "romeo"})
	for _, a := range []string{ActRosterSet, ActRosterRemove, ActSubscribe, ActSubscribed, ActUnsubscribe, ActUnsubscribed} {
		if _, err := c.buildStanza(a, map[string]string{}); err == nil {
			t.Errorf("%s without its JID built a stanza", a)
		}
	}
	if err := c.stanzaAction(ActMessage, nil); err == nil {
		t.Error("an offline client sent a message")
	}
}
