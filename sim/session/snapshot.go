package session

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Fields are the names of a Prosody c2s session's fields that a card
// shows, in the order Prosody's code meets them.
var Fields = []string{
	"conn", "notopen", "type", "secure", "username", "host", "resource",
	"full_jid", "priority", "presence", "interested", "roster",
	"want_carbons",
}

// Value is one field's value as shown to a learner: Set is false when the
// field is nil in Prosody; Text is the value's display form.
type Value struct {
	Set  bool   `json:"set"`
	Text string `json:"text,omitempty"`
}

// Snapshot is a plain-value copy of a session, safe to hand to observers.
type Snapshot struct {
	ID         string           `json:"id"`
	StreamID   string           `json:"streamid,omitempty"`
	State      string           `json:"state"`
	Error      string           `json:"error,omitempty"`
	Connected  bool             `json:"connected"`
	Available  bool             `json:"available"`
	Interested bool             `json:"interested_resource"`
	AuthMech   string           `json:"auth,omitempty"`
	ConnID     string           `json:"conn_id,omitempty"` // the connection's name, kept after it closes
	Fields     map[string]Value `json:"fields"`
	Token      []TokenClaim     `json:"token,omitempty"` // claims of the token the session logged in with
	// Presence is the stored presence taken apart for display (view.go);
	// nil while the session is unavailable.
	Presence *PresenceView `json:"presence_view,omitempty"`
	// Roster is the user's roster for display (view.go); nil until bound.
	Roster *RosterView `json:"roster_view,omitempty"`
}

// TokenClaim is one claim of the token a session logged in with, in
// display form (times as RFC 3339, hats separated by spaces).
type TokenClaim struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Field returns the named field's value.
func (s Snapshot) Field(name string) Value { return s.Fields[name] }

// Snapshot copies the session into plain values.
func (s *Session) Snapshot() Snapshot {
	f := make(map[string]Value, len(Fields))
	str := func(name, v string) {
		f[name] = Value{Set: v != "", Text: v}
	}
	connID := ""
	if s.Conn != nil {
		connID = s.ConnID
	}
	str("conn", connID)
	f["notopen"] = flag(s.NotOpen)
	str("type", s.Type)
	f["secure"] = secureValue(s)
	str("username", s.Username)
	str("host", s.Host)
	str("resource", s.Resource)
	str("full_jid", s.FullJID)
	f["priority"] = Value{Set: s.Priority != nil, Text: itoa(s.Priority)}
	if s.Presence != nil {
		f["presence"] = Value{Set: true, Text: stanza.String(s.Presence)}
	} else {
		f["presence"] = Value{}
	}
	f["interested"] = flag(s.Interested)
	f["roster"] = rosterValue(s.Roster)
	str("want_carbons", s.WantCarbons)
	return Snapshot{
		ID: s.ID, StreamID: s.StreamID, State: s.State(), Error: s.Error,
		Connected: s.IsConnected(), Available: s.IsAvailable(), Interested: s.IsInterested(),
		AuthMech: s.AuthMech, ConnID: s.ConnID, Fields: f,
		Token:    append([]TokenClaim(nil), s.Token...),
		Presence: presenceView(s), Roster: rosterView(s.Roster),
	}
}

// secureValue is session.secure: nil, false while STARTTLS is under way,
// true once encrypted.
func secureValue(s *Session) Value {
	switch {
	case s.TLSPending:
		return Value{Set: true, Text: "false"}
	case s.Secure:
		return Value{Set: true, Text: "true"}
	}
	return Value{}
}

func flag(b bool) Value {
	if b {
		return Value{Set: true, Text: "true"}
	}
	return Value{}
}

func rosterValue(r *Roster) Value {
	if r == nil {
		return Value{}
	}
	if len(r.Items) == 0 && len(r.Pending) == 0 {
		return Value{Set: true, Text: "{}"}
	}
	parts := make([]string, 0, len(r.Items)+len(r.Pending))
	for _, it := range r.Items {
		parts = append(parts, it.Describe())
	}
	for _, p := range r.Pending {
		parts = append(parts, p.JID+" (pending in)")
	}
	return Value{Set: true, Text: strings.Join(parts, ", ")}
}

// Change is one field's change between two snapshots.
type Change struct {
	Field string `json:"field"`
	Old   Value  `json:"old"`
	New   Value  `json:"new"`
}

// Diff lists the fields that differ between old and new, in field order.
func Diff(old, new Snapshot) []Change {
	var out []Change
	for _, name := range Fields {
		o, n := old.Fields[name], new.Fields[name]
		if o != n {
			out = append(out, Change{Field: name, Old: o, New: n})
		}
	}
	return out
}

// Describe writes an item as the roster field shows it: its JID, its
// subscription, an outbound request and a stored pre-approval.
func (it Item) Describe() string {
	p := it.JID + " (" + it.Subscription
	if it.Ask != "" {
		p += ", ask " + it.Ask
	}
	if it.Approved {
		p += ", approved"
	}
	return p + ")"
}
