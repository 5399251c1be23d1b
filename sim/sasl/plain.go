package sasl

import (
	"bytes"

	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/jid/stringprep"
)

// Prosody's PLAIN failure texts.
const (
	TextInvalidCredentials = "Invalid username or password."
	TextUnauthorized       = "Unable to authorize you with the authentication credentials you've sent."
)

// plain is SASL PLAIN (RFC 4616) as util/sasl/plain.lua runs it.
type plain struct {
	cfg  Config
	done bool
}

// Name returns "PLAIN".
func (m *plain) Name() string { return PLAIN }

// Step checks the single PLAIN message.
func (m *plain) Step(msg []byte, present bool) Result {
	if m.done || !present {
		m.done = true
		return failure(CondMalformed, "")
	}
	m.done = true
	authcid, password, ok := splitPlain(msg)
	if !ok {
		return failure(CondMalformed, "")
	}
	authcid, okUser := stringprep.Saslprep(authcid, false)
	password, okPass := stringprep.Saslprep(password, false)
	if !okUser || !okPass || authcid == "" || password == "" {
		return failure(CondMalformed, TextInvalidCredentials)
	}
	username, ok := jid.Nodeprep(authcid)
	if !ok {
		return failure(CondMalformed, TextInvalidCredentials)
	}
	if m.cfg.Insecure {
		return success(username, nil)
	}
	return m.check(username, password)
}

// check asks the accounts about username and verifies password.
func (m *plain) check(username, password string) Result {
	if m.cfg.Accounts == nil {
		return failure(CondTemporary, "")
	}
	creds, exists, disabled, err := m.cfg.Accounts.Lookup(username)
	switch {
	case err != nil:
		return failure(CondTemporary, "")
	case exists && disabled:
		return failure(CondDisabled, "")
	case !exists || !m.cfg.Cache.verify(username, password, creds):
		return failure(CondNotAuthorized, TextUnauthorized)
	}
	return success(username, nil)
}

// splitPlain matches Prosody's pattern ^([^%z]*)%z([^%z]+)%z([^%z]+): the
// authzid is ignored, authcid and password must be non-empty, and anything
// after a third NUL is ignored.
func splitPlain(msg []byte) (authcid, password string, ok bool) {
	i := bytes.IndexByte(msg, 0)
	if i < 0 {
		return "", "", false
	}
	rest := msg[i+1:]
	j := bytes.IndexByte(rest, 0)
	if j <= 0 {
		return "", "", false
	}
	pass := rest[j+1:]
	if k := bytes.IndexByte(pass, 0); k >= 0 {
		pass = pass[:k]
	}
	if len(pass) == 0 {
		return "", "", false
	}
	return string(rest[:j]), string(pass), true
}
