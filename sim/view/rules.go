package view

import (
	"github.com/sessionscope/sessionscope/sim/session"
)

// FieldHelp says what each field of a Prosody c2s session means.
var FieldHelp = map[string]string{
	"conn":         "The connection the session reads and writes. Here, the simulated TCP connection's name; Prosody keeps the socket object. Gone once the session is destroyed.",
	"notopen":      "true while the current stream has no answered header: right after connecting, and again after SASL success, when the client must restart the stream. nil once the header is processed.",
	"type":         "c2s_unauthed until SASL succeeds, c2s_unbound between authentication and resource binding, then c2s; c2s_destroyed once the session is retired.",
	"secure":       "Whether the connection is encrypted: nil on plain TCP, false from mod_tls's <proceed/> until the stream restarts over TLS, then true; true from the start on a direct TLS port. The TLS handshake happens outside the engine: the listener records it as an input. With c2s_require_encryption, SASL waits for it.",
	"username":     "The authenticated user: the SASL authentication identity after nodeprep, Prosody's case and width folding of a JID's local part. nil before authentication.",
	"host":         "The virtual host named by the stream header's to attribute, nameprepped. Set when the stream opens.",
	"resource":     "The resource bound with the bind iq; nil until then.",
	"full_jid":     "user@host/resource, once a resource is bound: the session is then a connected resource.",
	"priority":     "Presence priority. Prosody leaves it nil until the first available presence (0 when the presence has no <priority/>) and sets it back to nil on unavailable presence.",
	"presence":     "The last available presence the client broadcast; nil until initial presence: the session is then an available resource.",
	"interested":   "true once the client fetched its roster: it is then an interested resource and gets roster pushes.",
	"roster":       "The user's roster, loaded at bind and shared by all the user's resources.",
	"want_carbons": "Set by mod_carbons (XEP-0280) when the client enables message carbons: the session then gets a copy of every chat message its user's other resources send or receive. nil until enabled, and again after a disable (Prosody stores false).",
}

// ResourceHelp says what makes a session each kind of resource, as
// Prosody's sessionmanager and mod_presence classify them.
var ResourceHelp = map[string]string{
	"connected":  "A connected resource has a full JID: it is bound. Stanzas to its full JID reach it.",
	"available":  "An available resource has sent available presence that is still in force: it can get messages to the bare JID and presence broadcasts.",
	"interested": "An interested resource has fetched the roster: it gets roster pushes.",
}

// States are the lifecycle states of a Prosody c2s session, in order.
var States = []string{
	session.StateConnected, session.StateOpen, session.StateSASL, session.StateAuthenticated,
	session.StateUnbound, session.StateBound, session.StateClosing, session.StateDestroyed,
}

// Transition names the lifecycle transition that took a session from the
// state old ("" for a new session) to its state now, and why it fired.
func Transition(old string, s session.Snapshot) string {
	from := old
	if from == "" {
		from = "new"
	}
	return from + " → " + s.State + " (" + transitionWhy(old, s) + ")"
}

func transitionWhy(old string, s session.Snapshot) string {
	switch s.State {
	case session.StateConnected:
		return "TCP connection accepted, c2s_timeout started"
	case session.StateOpen:
		if old == session.StateSASL {
			return "SASL failure"
		}
		return "stream header accepted"
	case session.StateSASL:
		return "<auth> started a multi-step mechanism"
	case session.StateAuthenticated:
		return "SASL success, the stream must restart"
	case session.StateUnbound:
		return "stream restarted after authentication"
	case session.StateBound:
		return "resource bound"
	case session.StateClosing:
		return "the server closed the stream and waits for the client's close"
	case session.StateDestroyed:
		return endedBy(s.Error)
	}
	return s.State
}

func endedBy(reason string) string {
	switch reason {
	case "":
		return "stream closed"
	case "closed":
		return "TCP connection closed by the peer"
	case "connection-timeout":
		return "c2s_timeout expired before authentication"
	case "conflict":
		return "replaced by a new connection"
	}
	return "stream error " + reason
}

// Why says why a session ended, or what error it met; "" for a live
// session without one.
func Why(s session.Snapshot) string {
	switch {
	case s.State != session.StateDestroyed && s.Error != "":
		return "error: " + s.Error
	case s.State != session.StateDestroyed:
		return ""
	case s.Error == "":
		return "ended: the stream was closed"
	}
	return "ended: " + s.Error
}

// Wiped is the rule that clears a session's fields when it ends.
const Wiped = "sessionmanager's retire_session wiped the field when the session ended"

// Rule names the rule that changed a field from old to now, with the
// Prosody module it comes from, given the session after the change and
// what the server was acting on (nil when unknown).
func Rule(field string, old, now session.Value, s session.Snapshot, cause *Entry) string {
	if s.State == session.StateDestroyed && !now.Set {
		return Wiped
	}
	c := causeOf(cause)
	switch field {
	case "conn":
		if now.Set {
			return "mod_c2s accepted the TCP connection and made the session"
		}
		return "mod_c2s: the connection closed"
	case "notopen":
		return notOpenRule(now, s)
	case "type":
		return typeRule(now.Text)
	case "secure":
		return secureRule(now)
	case "username":
		return "SASL success: mod_saslauth set the authenticated user (sessionmanager's make_authenticated)"
	case "host":
		return "mod_c2s: the stream header's to names the virtual host"
	case "resource", "full_jid":
		return "resource binding: mod_saslauth's bind iq called sessionmanager's bind_resource"
	case "priority", "presence":
		return presenceRule(now)
	case "interested":
		return "mod_roster: the roster get made the session an interested resource"
	case "roster":
		return rosterRule(old, c)
	case "want_carbons":
		if now.Set {
			return "mod_carbons: the client enabled carbons (toggle_carbons): it now gets copies of its user's chat messages"
		}
		return "mod_carbons: the client disabled carbons (toggle_carbons)"
	}
	return ""
}

func notOpenRule(now session.Value, s session.Snapshot) string {
	switch {
	case !now.Set:
		return "mod_c2s answered the stream header with its own and the features"
	case s.Fields["type"].Text == session.TypeUnbound:
		return "SASL success: mod_saslauth expects the client to restart the stream"
	}
	return "mod_c2s: a new connection has no stream yet"
}

func secureRule(now session.Value) string {
	switch now.Text {
	case "false":
		return "mod_tls answered <starttls/> with <proceed/>: the TLS handshake starts and the stream must restart"
	case "true":
		return "TLS established: mod_c2s marks the session secure (at connect on a direct TLS port, else at the stream restart after STARTTLS)"
	}
	return "the connection is not encrypted"
}

func typeRule(t string) string {
	switch t {
	case session.TypeUnauthed:
		return "mod_c2s: a new session starts unauthenticated"
	case session.TypeUnbound:
		return "SASL success: sessionmanager's make_authenticated (mod_saslauth)"
	case session.TypeBound:
		return "resource binding: sessionmanager's bind_resource (mod_saslauth's bind iq)"
	}
	return "sessionmanager retired the session"
}

func presenceRule(now session.Value) string {
	if now.Set {
		return "mod_presence: an available presence from the client was stored and broadcast (handle_normal_presence)"
	}
	return "mod_presence: unavailable presence cleared it"
}

func rosterRule(old session.Value, cause string) string {
	switch {
	case !old.Set:
		return "mod_roster loaded the user's roster at bind (rostermanager's load_roster)"
	case cause == "presence":
		return "mod_presence: a subscription changed the roster, pushed to interested resources (rostermanager's roster_push)"
	case cause == "iq":
		return "mod_roster: a roster set changed the roster, pushed to interested resources (rostermanager's roster_push)"
	}
	return "rostermanager: the user's roster changed"
}

// causeOf names the kind of stanza the server was acting on.
func causeOf(e *Entry) string {
	if e == nil || e.Dir != DirIn || e.What != "data" {
		return ""
	}
	return e.Kind()
}
