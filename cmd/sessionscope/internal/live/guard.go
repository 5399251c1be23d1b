package live

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Guard protects the events endpoint, which streams every client's
// bytes: a page must present the secret Token (the events URL's token
// parameter), and the request's Host, and its Origin when it has one,
// must name the address the page is served on, so that a page of another
// site, or one reached by DNS rebinding, cannot watch.
type Guard struct {
	// Token is the secret the events URL must carry; NewToken makes one.
	Token string
	// Addr is the host:port the page is served on, as listened on.
	Addr string
}

// TokenParam and RevealParam are the events URL's query parameters: the
// secret token, and the request to see SASL credentials unmasked.
const (
	TokenParam  = "token"
	RevealParam = "reveal"
)

// NewToken returns a new secret: 32 random bytes, base64url encoded.
func NewToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("live: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// check says why a request may not watch, or "" when it may.
func (g Guard) check(req *http.Request) string {
	token := req.URL.Query().Get(TokenParam)
	if g.Token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(g.Token)) != 1 {
		return "a valid token is required"
	}
	if !g.hostAllowed(req.Host) {
		return "the Host is not the address served"
	}
	if origin := req.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !g.hostAllowed(u.Host) {
			return "the Origin is not the page served here"
		}
	}
	return ""
}

// hostAllowed reports whether a Host (or an Origin's host) names the
// address served: the same port, and the same IP address, or a loopback
// name or address when serving on loopback. Serving on every address
// (0.0.0.0 or ::), any IP address is allowed. A DNS name other than
// localhost never is: it is what DNS rebinding needs.
func (g Guard) hostAllowed(hostport string) bool {
	shost, sport, err := net.SplitHostPort(g.Addr)
	if err != nil {
		return false
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || port != sport {
		return false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	served := net.ParseIP(shost)
	ip := net.ParseIP(host)
	switch {
	case served == nil:
		return strings.EqualFold(host, shost) || (strings.EqualFold(shost, "localhost") && (host == "localhost" || ip != nil && ip.IsLoopback()))
	case served.IsUnspecified():
		return ip != nil || host == "localhost"
	case served.IsLoopback():
		return host == "localhost" || ip != nil && ip.IsLoopback()
	}
	return ip != nil && ip.Equal(served)
}
