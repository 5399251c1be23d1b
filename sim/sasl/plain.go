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
	username, password, text, ok := plainCredentials(msg)
	if !ok {
		return failure(CondMalformed, text)
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

// plainCredentials reads a PLAIN message as util/sasl/plain.lua does:
// the username nodeprepped and the password SASLprepped. When it cannot,
// ok is false and text is the failure's text (none for a message that is
// not three NUL-separated parts).
func plainCredentials(msg []byte) (username, password, text string, ok bool) {
	authcid, password, ok := splitPlain(msg)
	if !ok {
		return "", "", "", false
	}
	authcid, okUser := stringprep.Saslprep(authcid, false)
	password, okPass := stringprep.Saslprep(password, false)
	if !okUser || !okPass || authcid == "" || password == "" {
		return "", "", TextInvalidCredentials, false
	}
	if username, ok = jid.Nodeprep(authcid); !ok {
		return "", "", TextInvalidCredentials, false
	}
	return username, password, "", true
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
