package sasl

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/jid/stringprep"
)

// clientFirst holds the captures of Prosody's client-first-message pattern
// ^(([pny])=?([^,]*),([^,]*),)(m?=?[^,]*,?n=([^,]*),r=([^,]*),?.*)$
type clientFirst struct {
	flag               byte
	cbName, gs2Header  string
	bare, user, cnonce string
}

// parseClientFirst matches the pattern with Lua's backtracking order.
func parseClientFirst(s string) (clientFirst, bool) {
	if s == "" || strings.IndexByte("pny", s[0]) < 0 {
		return clientFirst{}, false
	}
	i := 1
	if i < len(s) && s[i] == '=' {
		i++
	}
	c1 := strings.IndexByte(s[i:], ',')
	if c1 < 0 {
		return clientFirst{}, false
	}
	j := i + c1 + 1
	c2 := strings.IndexByte(s[j:], ',')
	if c2 < 0 {
		return clientFirst{}, false
	}
	k := j + c2 + 1
	user, cnonce, ok := matchBare(s, k)
	if !ok {
		return clientFirst{}, false
	}
	return clientFirst{flag: s[0], cbName: s[i : i+c1], gs2Header: s[:k],
		bare: s[k:], user: user, cnonce: cnonce}, true
}

// matchBare matches m?=?[^,]*,?n=([^,]*),r=([^,]*),?.*$ at s[p:], trying
// the optional items present-first as Lua does.
func matchBare(s string, p int) (user, cnonce string, ok bool) {
	for _, m := range [2]bool{true, false} {
		q := p
		if m && !(q < len(s) && s[q] == 'm') {
			continue
		} else if m {
			q++
		}
		for _, e := range [2]bool{true, false} {
			r := q
			if e && !(r < len(s) && s[r] == '=') {
				continue
			} else if e {
				r++
			}
			if user, cnonce, ok = matchRun(s, r); ok {
				return user, cnonce, true
			}
		}
	}
	return "", "", false
}

// matchRun matches [^,]*,?n=([^,]*),r=([^,]*),?.*$ at s[r:]: the longest
// prefix run first, consuming the comma after it before not consuming it.
func matchRun(s string, r int) (user, cnonce string, ok bool) {
	L := strings.IndexByte(s[r:], ',')
	if L < 0 {
		return "", "", false // the username run needs a following comma
	}
	end := r + L
	if user, cnonce, ok = userNonceAt(s, end+1); ok {
		return user, cnonce, true
	}
	if !strings.HasPrefix(s[end:], ",r=") {
		return "", "", false
	}
	for t := end - 2; t >= r; t-- {
		if s[t] == 'n' && s[t+1] == '=' {
			return s[t+2 : end], runAt(s, end+3), true
		}
	}
	return "", "", false
}

// userNonceAt matches n=([^,]*),r=([^,]*) at s[t:].
func userNonceAt(s string, t int) (user, cnonce string, ok bool) {
	if t > len(s) || !strings.HasPrefix(s[t:], "n=") {
		return "", "", false
	}
	c := strings.IndexByte(s[t+2:], ',')
	if c < 0 || !strings.HasPrefix(s[t+2+c:], ",r=") {
		return "", "", false
	}
	return s[t+2 : t+2+c], runAt(s, t+2+c+3), true
}

// runAt returns the run of non-comma bytes starting at s[i:].
func runAt(s string, i int) string {
	if c := strings.IndexByte(s[i:], ','); c >= 0 {
		return s[i : i+c]
	}
	return s[i:]
}

// clientFinal holds the captures of Prosody's client-final-message pattern
// (c=([^,]*),r=([^,]*),?.-),p=(.*)$, which is not anchored at the start.
type clientFinal struct {
	withoutProof, cb, nonce, proof string
}

// parseClientFinal finds the first match of the pattern, as string.match
// does. Starts sharing a comma-free run share their outcome, so each run is
// tried once.
func parseClientFinal(s string) (clientFinal, bool) {
	lastP := strings.LastIndex(s, ",p=")
	if lastP < 0 {
		return clientFinal{}, false
	}
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "c=")
		if j < 0 {
			return clientFinal{}, false
		}
		st := i + j
		c := strings.IndexByte(s[st+2:], ',')
		if c < 0 {
			return clientFinal{}, false
		}
		comma := st + 2 + c
		if f, ok := finalAt(s, st, comma, lastP); ok {
			return f, true
		}
		i = comma + 1
	}
	return clientFinal{}, false
}

// finalAt matches the pattern at s[st:], whose channel binding run ends at
// comma; lastP is the last ",p=" in s.
func finalAt(s string, st, comma, lastP int) (clientFinal, bool) {
	if !strings.HasPrefix(s[comma:], ",r=") {
		return clientFinal{}, false
	}
	nonce := runAt(s, comma+3)
	e := comma + 3 + len(nonce)
	j := -1
	switch {
	case e < len(s) && lastP >= e+1:
		j = e + 1 + strings.Index(s[e+1:], ",p=")
	case strings.HasPrefix(s[e:], ",p="):
		j = e
	default:
		return clientFinal{}, false
	}
	return clientFinal{withoutProof: s[st:j], cb: s[st+2 : comma], nonce: nonce, proof: s[j+3:]}, true
}

// validateUsername is scram.lua's validate_username: only =2C and =3D
// escapes, then unescape, SASLprep and nodeprep, and the result must be
// non-empty.
func validateUsername(u string) (string, bool) {
	for i := 0; i < len(u); i++ {
		if u[i] != '=' {
			continue
		}
		esc := u[i+1 : min(i+3, len(u))]
		if esc != "2C" && esc != "3D" {
			return "", false
		}
		i += len(esc)
	}
	u = strings.ReplaceAll(u, "=2C", ",")
	u = strings.ReplaceAll(u, "=3D", "=")
	u, ok := stringprep.Saslprep(u, false)
	if !ok {
		return "", false
	}
	return jid.Nodeprep(u)
}
