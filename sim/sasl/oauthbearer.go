package sasl

import "strings"

// TokenChallenge is the RFC 7628 error challenge Prosody 13 sends for a
// token it cannot verify when no token provider knows it
// (mod_tokenauth's sasl_handler with an empty oauthbearer_config): the
// JSON {"status":"invalid_token"}.
const TokenChallenge = `{"status":"invalid_token"}`

// oauthbearer is OAUTHBEARER (RFC 7628) as util/sasl/oauthbearer.lua runs
// it with Prosody 13's default token provider, which knows no token: every
// well-formed initial response gets the invalid_token challenge, and the
// client's "\x01" acknowledgement then fails with not-authorized.
type oauthbearer struct{}

// Name returns "OAUTHBEARER".
func (*oauthbearer) Name() string { return OAUTHBEARER }

// Step answers one client message; the exchange goes on after a challenge,
// as Prosody's does (the handler stays selected).
func (*oauthbearer) Step(msg []byte, present bool) Result {
	if !present {
		return failure(CondMalformed, "")
	}
	if string(msg) == "\x01" {
		return failure(CondNotAuthorized, "")
	}
	if _, _, _, ok := ParseOAuthBearer(string(msg)); !ok {
		return failure(CondMalformed, "")
	}
	return Result{Challenge: []byte(TokenChallenge)}
}

// ParseOAuthBearer reads an OAUTHBEARER initial client response with the
// Lua patterns of Prosody 13's util/sasl/oauthbearer.lua:
//
//	gs2_header, kvpairs = message:match("^(n,[^,]*,)\001(.+)\001$")
//	gs2_authzid = gs2_header:match("^[^,]*,a=([^,]*),$")
//	for k, v in kvpairs:gmatch("([a-zA-Z]+)=([\033-\126 \009\r\n]*)\001") do
//		if k == "auth" then auth_header = v; break end
//	end
//
// ok is false (malformed-request) when the GS2 header, the framing \x01
// bytes or the auth pair are missing. auth is the auth pair's value, such
// as "Bearer <token>".
func ParseOAuthBearer(msg string) (authzid string, hasAuthzid bool, auth string, ok bool) {
	if !strings.HasPrefix(msg, "n,") {
		return "", false, "", false
	}
	comma := strings.IndexByte(msg[2:], ',')
	if comma < 0 {
		return "", false, "", false
	}
	header, rest := msg[:2+comma+1], msg[2+comma+1:]
	// \001(.+)\001$: at least one byte between the two framing bytes.
	if len(rest) < 3 || rest[0] != '\x01' || rest[len(rest)-1] != '\x01' {
		return "", false, "", false
	}
	kvpairs := rest[1 : len(rest)-1]
	if a, found := strings.CutPrefix(header, "n,a="); found {
		authzid, hasAuthzid = strings.TrimSuffix(a, ","), true
	}
	for i := 0; i < len(kvpairs); {
		k, v, end, matched := matchPair(kvpairs, i)
		if !matched {
			i++
			continue
		}
		if k == "auth" {
			return authzid, hasAuthzid, v, true
		}
		i = end
	}
	return "", false, "", false
}

// matchPair tries ([a-zA-Z]+)=([\033-\126 \t\r\n]*)\001 at s[i:].
func matchPair(s string, i int) (key, value string, end int, ok bool) {
	j := i
	for j < len(s) && isAlpha(s[j]) {
		j++
	}
	if j == i || j >= len(s) || s[j] != '=' {
		return "", "", 0, false
	}
	k := j + 1
	for k < len(s) && isValueChar(s[k]) {
		k++
	}
	if k >= len(s) || s[k] != '\x01' {
		return "", "", 0, false
	}
	return s[i:j], s[j+1 : k], k + 1, true
}

func isAlpha(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isValueChar(b byte) bool {
	return b >= 33 && b <= 126 || b == ' ' || b == '\t' || b == '\r' || b == '\n'
}
