package sasl

import (
	"crypto/subtle"
	"encoding/base64"
	"strconv"
)

// Prosody's SCRAM failure texts.
const (
	TextCBTypeUnsupported = "Proposed channel binding type isn't supported."
	TextInvalidUsername   = "Invalid username."
	TextMissingAttribute  = "Missing an attribute(p, r or c) in SASL message."
	TextInvalidCB         = "Invalid channel binding value."
	TextWrongNonce        = "Wrong nonce in client-final-message."
	TextBadProof          = "The response provided by the client doesn't match the one we calculated."
)

// scram is the server side of SCRAM (RFC 5802) as util/sasl/scram.lua runs
// it, for one hash function.
type scram struct {
	name  string
	h     hashSpec
	cfg   Config
	stage int // 0: awaiting client-first, 1: awaiting client-final, 2: done

	gs2Header, cbName, username, nonce string
	clientFirstBare, serverFirst       string
	keys                               Keys
}

// newSCRAM starts a SCRAM exchange for one hash function.
func newSCRAM(name string, h hashSpec, cfg Config) *scram {
	return &scram{name: name, h: h, cfg: cfg}
}

// Name returns the mechanism name, such as "SCRAM-SHA-1".
func (m *scram) Name() string { return m.name }

// Step handles the client-first-message, then the client-final-message.
func (m *scram) Step(msg []byte, present bool) Result {
	if m.stage > 1 || !present || len(msg) == 0 {
		m.stage = 2
		return failure(CondMalformed, "")
	}
	if m.stage == 0 {
		r := m.first(string(msg))
		m.stage = 1
		if r.Done {
			m.stage = 2
		}
		return r
	}
	m.stage = 2
	return m.final(string(msg))
}

// first answers the client-first-message with the server-first-message.
func (m *scram) first(msg string) Result {
	f, ok := parseClientFirst(msg)
	if !ok {
		return failure(CondMalformed, "")
	}
	cbName, r, ok := m.negotiateCB(f)
	if !ok {
		return r
	}
	username, ok := validateUsername(f.user)
	if !ok {
		return failure(CondMalformed, TextInvalidUsername)
	}
	creds, r, ok := m.lookup(username)
	if !ok {
		return r
	}
	m.gs2Header, m.cbName, m.username, m.clientFirstBare = f.gs2Header, cbName, username, f.bare
	m.keys = *m.h.keys(&creds)
	m.nonce = f.cnonce + m.serverNonce()
	m.serverFirst = "r=" + m.nonce + ",s=" + base64.StdEncoding.EncodeToString(creds.Salt) +
		",i=" + strconv.Itoa(creds.Iterations)
	return Result{Challenge: []byte(m.serverFirst)}
}

// negotiateCB applies Prosody's GS2 flag rules and returns the channel
// binding type in use, "" for none.
func (m *scram) negotiateCB(f clientFirst) (string, Result, bool) {
	support := len(m.cfg.ChannelBindings) > 0
	if support && f.flag == 'y' {
		return "", failure(CondMalformed, ""), false
	}
	if !support || f.flag != 'p' {
		return "", Result{}, true
	}
	if _, ok := m.cfg.ChannelBindings[f.cbName]; !ok {
		return "", failure(CondMalformed, TextCBTypeUnsupported), false
	}
	return f.cbName, Result{}, true
}

// lookup fetches the credentials of username.
func (m *scram) lookup(username string) (Credentials, Result, bool) {
	if m.cfg.Accounts == nil {
		return Credentials{}, failure(CondTemporary, ""), false
	}
	creds, exists, disabled, err := m.cfg.Accounts.Lookup(username)
	switch {
	case err != nil:
		return creds, failure(CondTemporary, ""), false
	case !exists:
		return creds, failure(CondNotAuthorized, ""), false
	case disabled:
		return creds, failure(CondDisabled, ""), false
	}
	return creds, Result{}, true
}

// serverNonce returns the configured server nonce part.
func (m *scram) serverNonce() string {
	if m.cfg.Nonce == nil {
		return defaultNonce
	}
	return m.cfg.Nonce()
}

// final checks the client-final-message and answers with the server
// signature.
func (m *scram) final(msg string) Result {
	f, ok := parseClientFinal(msg)
	if !ok {
		return failure(CondMalformed, TextMissingAttribute)
	}
	want := m.gs2Header
	if m.cbName != "" {
		want += string(m.cfg.ChannelBindings[m.cbName])
	}
	if cb, ok := luaBase64Decode(f.cb); !ok || string(cb) != want {
		return failure(CondMalformed, TextInvalidCB)
	}
	if f.nonce != m.nonce {
		return failure(CondMalformed, TextWrongNonce)
	}
	proof, ok := luaBase64Decode(f.proof)
	if !ok {
		// Prosody raises a Lua error here (sxor gets nil) and answers nothing.
		return failure(CondTemporary, "")
	}
	authMessage := []byte(m.clientFirstBare + "," + m.serverFirst + "," + f.withoutProof)
	clientKey := sxor(mac(m.h, m.keys.StoredKey, authMessage), proof)
	if subtle.ConstantTimeCompare(sum(m.h, clientKey), m.keys.StoredKey) != 1 {
		return failure(CondNotAuthorized, TextBadProof)
	}
	sig := mac(m.h, m.keys.ServerKey, authMessage)
	return success(m.username, []byte("v="+base64.StdEncoding.EncodeToString(sig)))
}

// sxor is util.strbitop.sxor: a XOR b, with b repeated as needed and a
// returned unchanged when either is empty.
func sxor(a, b []byte) []byte {
	if len(a) == 0 || len(b) == 0 {
		return a
	}
	out := make([]byte, len(a))
	for i := range a {
		out[i] = a[i] ^ b[i%len(b)]
	}
	return out
}
