package token

import "strings"

// parseInitial reads an OAUTHBEARER initial client response with the Lua
// patterns of Prosody 13's util/sasl/oauthbearer.lua:
//
//	gs2_header, kvpairs = message:match("^(n,[^,]*,)(.+)$")
//	gs2_authzid = gs2_header:match("^[^,]*,a=([^,]*),$")
//	for k, v in kvpairs:gmatch("([a-zA-Z]+)=([\033-\126 \009\r\n]*)\001") do
//		if k == "auth" then auth_header = v; break end
//	end
//
// ok is false when the GS2 header or the auth pair is missing.
func parseInitial(msg string) (authzid string, hasAuthzid bool, auth string, ok bool) {
	if !strings.HasPrefix(msg, "n,") {
		return "", false, "", false
	}
	comma := strings.IndexByte(msg[2:], ',')
	if comma < 0 || len(msg) == 2+comma+1 {
		return "", false, "", false
	}
	header, kvpairs := msg[:2+comma+1], msg[2+comma+1:]
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
