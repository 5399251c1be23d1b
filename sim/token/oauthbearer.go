package token

import (
	"errors"
	"strings"
	"time"

	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/paseto"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/session"
)

// Failure texts of OAUTHBEARER.
const (
	TextNoBearer     = "No bearer token in the auth pair"
	TextAuthzid      = "Authorization identity does not match the token's subject"
	TextNoAccount    = "The token's subject has no account"
	TextRejectPrefix = "Token rejected ("
)

// oauthbearer is one OAUTHBEARER exchange on host.
type oauthbearer struct {
	m    *Module
	host string
	done bool
}

func (m *Module) newMechanism(host string) sasl.Mechanism {
	return &oauthbearer{m: m, host: host}
}

// Name returns "OAUTHBEARER".
func (o *oauthbearer) Name() string { return Mechanism }

// Step checks the client's initial response. It never challenges: the
// exchange ends in one step.
func (o *oauthbearer) Step(msg []byte, present bool) sasl.Result {
	if o.done || !present {
		return fail(sasl.CondMalformed, "")
	}
	o.done = true
	if string(msg) == "\x01" {
		return fail(sasl.CondNotAuthorized, "")
	}
	authzid, hasAuthzid, auth, ok := sasl.ParseOAuthBearer(string(msg))
	if !ok {
		return fail(sasl.CondMalformed, "")
	}
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return fail(sasl.CondNotAuthorized, TextNoBearer)
	}
	return o.check(tok, authzid, hasAuthzid)
}

// check verifies the token and the identities, and records the claims on
// the session.
func (o *oauthbearer) check(tok, authzid string, hasAuthzid bool) sasl.Result {
	v := o.m.Verifier(o.host)
	got, err := v.Verify(tok, o.m.deps.Now())
	if err != nil {
		return fail(sasl.CondNotAuthorized, rejectText(err))
	}
	node, host, res, ok := jid.PreppedSplit(got.Claims.Subject)
	if !ok || host != o.host || node == "" || res != "" || jid.Join(node, host, "") != got.Claims.Subject {
		return fail(sasl.CondNotAuthorized, TextRejectPrefix+"subject): the subject is not a user of this host")
	}
	if hasAuthzid && authzid != "" {
		if p, ok := jid.Prep(authzid); !ok || p != got.Claims.Subject {
			return fail(sasl.CondNotAuthorized, TextAuthzid)
		}
	}
	if r, done := o.account(node); done {
		return r
	}
	if ss := o.m.sessionInSASL(o.host); ss != nil {
		ss.Token = Display(got)
	}
	return sasl.Result{Done: true, Success: true, Username: node, Resource: got.Extras.Resource}
}

// account checks that the subject's account exists and is enabled, unless
// the server is in insecure mode, where every user exists.
func (o *oauthbearer) account(node string) (sasl.Result, bool) {
	srv := o.m.deps.Server
	if srv.Config().Authentication == "insecure" {
		return sasl.Result{}, false
	}
	acct, found, err := srv.Store().Account(o.host, node)
	switch {
	case err != nil:
		return fail(sasl.CondTemporary, ""), true
	case !found:
		return fail(sasl.CondNotAuthorized, TextNoAccount), true
	case acct.Disabled:
		return fail(sasl.CondDisabled, ""), true
	}
	return sasl.Result{}, false
}

func fail(cond, text string) sasl.Result {
	return sasl.Result{Done: true, Condition: cond, Text: text}
}

// rejectText names the failed rule: "Token rejected (expired): token
// expired at 2026-01-01T01:00:00Z".
func rejectText(err error) string {
	var pe *paseto.Error
	if errors.As(err, &pe) {
		return TextRejectPrefix + string(pe.Rule) + "): " + pe.Detail
	}
	return TextRejectPrefix + "token): " + err.Error()
}

// Display turns verified claims into the name/value pairs a session card
// shows, in a fixed order.
func Display(v Verified) []session.TokenClaim {
	c := v.Claims
	out := []session.TokenClaim{
		{Name: "iss", Value: c.Issuer}, {Name: "sub", Value: c.Subject}, {Name: "aud", Value: c.Audience},
		{Name: "iat", Value: formatTime(c.IssuedAt)}, {Name: "nbf", Value: formatTime(c.NotBefore)},
		{Name: "exp", Value: formatTime(c.Expiration)}, {Name: "jti", Value: c.ID},
	}
	if v.Extras.Resource != "" {
		out = append(out, session.TokenClaim{Name: ClaimResource, Value: v.Extras.Resource})
	}
	if len(v.Extras.Hats) > 0 {
		out = append(out, session.TokenClaim{Name: ClaimHats, Value: strings.Join(v.Extras.Hats, " ")})
	}
	var kept []session.TokenClaim
	for _, tc := range out {
		if tc.Value != "" {
			kept = append(kept, tc)
		}
	}
	return kept
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
