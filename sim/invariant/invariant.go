package invariant

import (
	"reflect"

	"github.com/sessionscope/sessionscope/sim/session"
)

// Invariant is one rule about sessions.
type Invariant struct {
	// Name is a short label for a badge.
	Name string `json:"name"`
	// Rule says what must hold, and which part of Prosody makes it so.
	Rule string `json:"rule"`
	// check reports whether one session keeps the rule.
	check func(*session.Session) bool
}

// Result is an invariant checked against every session.
type Result struct {
	Invariant
	Holds bool `json:"holds"`
	// Broken lists the ids of sessions that break it, at most MaxBroken.
	Broken []string `json:"broken,omitempty"`
}

// MaxBroken bounds Result.Broken.
const MaxBroken = 8

// All are the invariants of a single session, in lifecycle order. The
// rule that full JIDs are unique spans sessions: see Check.
var All = []Invariant{
	{"no username before auth",
		"An unauthenticated session (c2s_unauthed) has no username: it is set by SASL success, with type c2s_unbound (mod_saslauth calls sessionmanager's make_authenticated).",
		func(s *session.Session) bool { return s.Type != session.TypeUnauthed || s.Username == "" }},
	{"bound ⇔ resource and full JID",
		"A session has a resource, a roster and full_jid = username@host/resource exactly while it is bound (type c2s), and none before (sessionmanager's bind_resource sets them).",
		bound},
	{"priority ⇔ presence",
		"priority is set exactly while the session has an available presence: both come with the first available presence and go with unavailable (mod_presence).",
		func(s *session.Session) bool { return (s.Priority == nil) == (s.Presence == nil) }},
	{"interested and available are bound",
		"Only a bound session can request the roster (interested) or send presence (available): stanza_router refuses them before binding.",
		func(s *session.Session) bool {
			return (!s.Interested && s.Presence == nil) || s.Type == session.TypeBound
		}},
	{"destroyed keeps only its id",
		"A destroyed session (c2s_destroyed) has every field but its id wiped, as sessionmanager's retire_session does.",
		retired},
}

// uniqueFullJID is the rule that spans sessions.
var uniqueFullJID = Invariant{Name: "one session per full JID",
	Rule: "No two live sessions are bound to the same full JID: binding a taken resource replaces, refuses or renames, by conflict_resolve (sessionmanager's bind_resource)."}

func bound(s *session.Session) bool {
	if s.Type != session.TypeBound {
		return s.Resource == "" && s.FullJID == "" && s.Roster == nil
	}
	return s.Resource != "" && s.Roster != nil && s.Username != "" &&
		isFullJID(s.FullJID, s.Username, s.Host, s.Resource)
}

// isFullJID reports whether full is user@host/resource, without building
// that string.
func isFullJID(full, user, host, resource string) bool {
	return len(full) == len(user)+len(host)+len(resource)+2 &&
		full[:len(user)] == user && full[len(user)] == '@' &&
		full[len(user)+1:len(user)+1+len(host)] == host && full[len(user)+1+len(host)] == '/' &&
		full[len(user)+2+len(host):] == resource
}

func retired(s *session.Session) bool {
	if s.Destroyed != (s.Type == session.TypeDestroyed) {
		return false
	}
	if !s.Destroyed {
		return true
	}
	// What retire_session keeps, and what SessionScope keeps for display:
	// the error that ended it and the connection's name.
	kept := *s
	kept.ID, kept.Type, kept.Error, kept.ConnID, kept.Destroyed = "", "", "", "", false
	return kept.Token == nil && reflect.ValueOf(kept).IsZero()
}

// Check checks every invariant against sessions, in the order of All,
// then the uniqueness of full JIDs.
func Check(sessions []*session.Session) []Result {
	out := make([]Result, 0, len(All)+1)
	for _, inv := range All {
		r := Result{Invariant: inv, Holds: true}
		for _, s := range sessions {
			if !inv.check(s) {
				r.breaks(s.ID)
			}
		}
		out = append(out, r)
	}
	return append(out, checkUnique(sessions))
}

// checkUnique names every live session whose full JID another holds too.
func checkUnique(sessions []*session.Session) Result {
	r := Result{Invariant: uniqueFullJID, Holds: true}
	count := make(map[string]int, len(sessions))
	for _, s := range sessions {
		if !s.Destroyed && s.FullJID != "" {
			count[s.FullJID]++
		}
	}
	if len(count) == 0 {
		return r
	}
	for _, s := range sessions {
		if !s.Destroyed && count[s.FullJID] > 1 {
			r.breaks(s.ID)
		}
	}
	return r
}

func (r *Result) breaks(id string) {
	r.Holds = false
	if len(r.Broken) < MaxBroken {
		r.Broken = append(r.Broken, id)
	}
}

// Broken returns the results that do not hold.
func Broken(results []Result) []Result {
	var out []Result
	for _, r := range results {
		if !r.Holds {
			out = append(out, r)
		}
	}
	return out
}
