package live

import (
	"bytes"
	"encoding/xml"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// maxAuth bounds the unfinished <auth/> a sniffer keeps between chunks;
// a longer one is left to the server.
const maxAuth = 16 << 10

// plainSniffer finds the PLAIN <auth/> elements in a client's bytes, which
// arrive cut anywhere, so that their key derivation runs on the
// connection's reader goroutine (sasl.Cache.WarmPLAIN), many at once,
// instead of on the engine's single goroutine, where one guesser's PBKDF2
// runs once held every other client up. What it misses the engine
// derives itself: the answers do not change.
type plainSniffer struct{ buf []byte }

var (
	authOpen  = []byte("<auth")
	authClose = []byte("</auth>")
)

// feed takes the next chunk and calls found with the decoded message of
// each complete PLAIN <auth/>.
func (s *plainSniffer) feed(p []byte, found func(msg []byte)) {
	s.buf = append(s.buf, p...)
	for {
		i := bytes.Index(s.buf, authOpen)
		if i < 0 {
			if keep := len(authOpen) - 1; len(s.buf) > keep { // "<aut" may end a chunk
				s.buf = append(s.buf[:0], s.buf[len(s.buf)-keep:]...)
			}
			return
		}
		s.buf = append(s.buf[:0], s.buf[i:]...)
		end := bytes.Index(s.buf, authClose)
		if end < 0 {
			if len(s.buf) > maxAuth {
				s.buf = s.buf[:0]
			}
			return
		}
		end += len(authClose)
		var a struct {
			Mechanism string `xml:"mechanism,attr"`
			Text      string `xml:",chardata"`
		}
		if xml.Unmarshal(s.buf[:end], &a) == nil && a.Mechanism == sasl.PLAIN {
			if msg, ok := sasl.DecodeBase64(a.Text); ok {
				found(msg)
			}
		}
		s.buf = append(s.buf[:0], s.buf[end:]...)
	}
}

// accountSalts reads every account's salt and iteration count from the
// engine's storage, for lookups from any goroutine: the listener's
// accounts are made before it runs.
func accountSalts(e *engine.Engine) sasl.Salts {
	type salted struct {
		salt []byte
		iter int
	}
	byUser := map[string]salted{}
	st := e.Server().Store()
	for _, host := range e.Config().Server.Hosts {
		users, _ := st.Accounts(host)
		for _, u := range users {
			if a, found, err := st.Account(host, u); found && err == nil {
				byUser[u] = salted{a.Credentials.Salt, a.Credentials.Iterations}
			}
		}
	}
	return func(user string) ([]byte, int, bool) {
		s, ok := byUser[user]
		return s.salt, s.iter, ok
	}
}
