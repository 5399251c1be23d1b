package view

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/paseto"
	simtoken "github.com/sessionscope/sessionscope/sim/token"
)

// Token is a PASETO v4.public token taken apart for the token inspector,
// as jwt.io takes a JWT apart: its pieces, its claims with times in words
// on the virtual clock, the PAE bytes the signature covers, and the
// verdict of verifying it.
type Token struct {
	ServerKey string      // the server's public key as a PASERK, or why there is none
	Parts     []Part      // the token's text, split into its coloured pieces
	Claims    [][3]string // name, value and a note (times in words)
	Payload   string      // the claims JSON, indented
	Footer    string      // the footer, indented, or "(none)"
	PAE       string      // a hex dump of the PAE bytes
	Checked   bool        // a token was given (else the rest is empty)
	Valid     bool        // it verifies and its claims hold now
	Verdict   string      // the verdict in words, naming the failing rule
	Flippable bool        // the token parses, so FlipByte can change it
}

// Part is one coloured piece of a token.
type Part struct {
	Class, Title, Text string
}

// The key modes of Inspect.
const (
	KeyServer = "server" // verify with the server's public key
	KeyPASERK = "paserk" // verify with a pasted k4.public PASERK
)

// InspectToken takes tok apart and verifies it at the engine's virtual
// time, with the server's key or the PASERK key.
func InspectToken(e *engine.Engine, tok, mode, key string) Token {
	t := Token{ServerKey: serverKey(e)}
	if tok == "" {
		return t
	}
	t.Checked = true
	parts, err := paseto.Inspect(tok, nil)
	if err != nil {
		t.Parts = []Part{{Class: "ti-bad", Text: tok}}
		t.verdict(err)
		return t
	}
	t.Flippable = true
	t.Parts = colourParts(tok, parts)
	t.Claims = claimRows(parts.Message, e.Now())
	t.Payload = prettyJSON(parts.Message)
	t.Footer = "(none)"
	if parts.HasFooter {
		t.Footer = prettyJSON(parts.Footer)
	}
	t.PAE = hexDump(parts.PAE, 2048)
	t.verdict(verifyToken(e, tok, mode, key))
	return t
}

func serverKey(e *engine.Engine) string {
	m := e.Tokens()
	if m == nil {
		return "The token service is not installed in this run."
	}
	pk := m.PublicKey(e.Config().Server.Hosts[0])
	return "server public key: " + pk.PASERK() + "  (kid " + pk.ID() + ")"
}

// verifyToken checks the token with the chosen key at the virtual time.
func verifyToken(e *engine.Engine, tok, mode, key string) error {
	now := e.Now()
	if mode == KeyPASERK {
		pk, err := paseto.ParsePublicKey(key)
		if err != nil {
			return err
		}
		_, err = paseto.VerifyClaims(pk, tok, nil, nil, paseto.Validator{Now: now})
		return err
	}
	m := e.Tokens()
	if m == nil {
		return fmt.Errorf("the token service is not installed; paste a PASERK")
	}
	_, err := m.Verifier(e.Config().Server.Hosts[0]).Verify(tok, now)
	return err
}

func (t *Token) verdict(err error) {
	t.Valid = err == nil
	var pe *paseto.Error
	switch {
	case err == nil:
		t.Verdict = "✓ Valid: the signature verifies and the claims hold at the virtual time."
	case errors.As(err, &pe):
		t.Verdict = "✗ Rejected by rule “" + string(pe.Rule) + "”: " + pe.Detail
	default:
		t.Verdict = "✗ " + err.Error()
	}
}

// colourParts splits the token into the header, the payload and the
// signature within the body, and the footer. The body character that
// holds bits of both the payload and the signature counts as payload.
func colourParts(tok string, p paseto.Parts) []Part {
	var out []Part
	seg := func(class, title string, from, to int) {
		if from < to {
			out = append(out, Part{Class: class, Title: title, Text: tok[from:to]})
		}
	}
	split := p.BodySpan.Start + (4*len(p.Message)+2)/3
	seg("ti-header", "header: version and purpose", p.HeaderSpan.Start, p.HeaderSpan.End)
	seg("ti-payload", "payload: the claims JSON, base64url", p.BodySpan.Start, split)
	seg("ti-sig", "signature: Ed25519 over the PAE bytes", split, p.BodySpan.End)
	if p.HasFooter {
		seg("ti-dot", "", p.BodySpan.End, p.FooterSpan.Start)
		seg("ti-footer", "footer: authenticated, readable", p.FooterSpan.Start, p.FooterSpan.End)
	}
	return out
}

// claimRows lists the registered claims, times in words, then the others
// by name.
func claimRows(msg []byte, now time.Time) [][3]string {
	c, err := paseto.ParseClaims(msg)
	if err != nil {
		return [][3]string{{"—", "", err.Error()}}
	}
	var out [][3]string
	for _, r := range [][3]string{
		{"iss", c.Issuer, "issuer"}, {"sub", c.Subject, "subject"}, {"aud", c.Audience, "audience"}, {"jti", c.ID, "token id"},
		{"iat", stamp(c.IssuedAt), timeWords("issued", c.IssuedAt, now)},
		{"nbf", stamp(c.NotBefore), timeWords("valid from", c.NotBefore, now)},
		{"exp", stamp(c.Expiration), timeWords("expires", c.Expiration, now)},
	} {
		if r[1] != "" {
			out = append(out, r)
		}
	}
	names := make([]string, 0, len(c.Extra))
	for name := range c.Extra {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, [3]string{name, string(c.Extra[name]), ""})
	}
	return out
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// timeWords says when t is relative to now on the virtual clock:
// "expires in 59 min", "expired 2 min ago".
func timeWords(what string, t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := t.Sub(now)
	switch {
	case d > 0 && what == "expires":
		return "expires in " + span(d)
	case d <= 0 && what == "expires":
		return "expired " + span(-d) + " ago"
	case d > 0 && what == "valid from":
		return "not valid for another " + span(d)
	case d <= 0 && what == "valid from":
		return "valid since " + span(-d) + " ago"
	case d > 0:
		return "issued " + span(d) + " in the future"
	}
	return "issued " + span(-d) + " ago"
}

// span writes a duration for people: "42 s", "59 min", "1 h", "3 h 5 min", "2 days".
func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour && d%time.Hour < time.Minute:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %d min", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}

// prettyJSON indents JSON, or returns b as it is when it is not JSON.
func prettyJSON(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return string(b)
	}
	return string(out)
}

// hexDump writes b as offset, 16 hex bytes and their printable ASCII per
// line, up to limit bytes.
func hexDump(b []byte, limit int) string {
	var sb strings.Builder
	n := min(len(b), limit)
	for off := 0; off < n; off += 16 {
		end := min(off+16, n)
		fmt.Fprintf(&sb, "%08x  % -47x  ", off, b[off:end])
		for _, c := range b[off:end] {
			if c < 32 || c > 126 {
				c = '.'
			}
			sb.WriteByte(c)
		}
		sb.WriteByte('\n')
	}
	if len(b) > n {
		fmt.Fprintf(&sb, "… %d more bytes\n", len(b)-n)
	}
	return sb.String()
}

// FlipByte XORs the middle byte of the signed message with 0x01 and
// encodes the token again: one byte of what was signed changes, so the
// signature no longer verifies. Flipping again restores the token. Text
// that is not a token is returned unchanged.
func FlipByte(tok string) string {
	p, err := paseto.Inspect(tok, nil)
	if err != nil || len(p.Message) == 0 {
		return tok
	}
	body := append(append([]byte(nil), p.Message...), p.Signature...)
	body[len(p.Message)/2] ^= 0x01
	return tok[:p.BodySpan.Start] + paseto.EncodeBase64(body) + tok[p.BodySpan.End:]
}

// SampleToken signs a token for alice with the server key at the virtual
// time, or returns "" without the token service. It draws nothing from
// the seeded source, so the run is unchanged.
func SampleToken(e *engine.Engine) string {
	m := e.Tokens()
	if m == nil {
		return ""
	}
	host := e.Config().Server.Hosts[0]
	c, err := simtoken.NewClaims(m.Config(), host, simtoken.Request{Username: "alice", Resource: "laptop",
		Hats: []string{"urn:xmpp:hats:moderator"}}, e.Now(), "sample")
	if err != nil {
		return ""
	}
	t, err := m.Sign(host, c)
	if err != nil {
		return ""
	}
	return t
}

// TokenPicks lists the tokens the inspector offers, as value and label:
// none, the sample (when not ""), and every token a client holds.
func TokenPicks(e *engine.Engine, sample string) [][2]string {
	opts := [][2]string{{"", "— pick a token —"}}
	if sample != "" {
		opts = append(opts, [2]string{sample, "sample: alice, signed by the server now"})
	}
	for _, c := range e.Clients() {
		if t := c.Token(); t != "" {
			opts = append(opts, [2]string{t, "held by client " + c.Name})
		}
	}
	return opts
}

// Inspector is the token inspector's memory between frames: the sample
// token it signed, for which engine and virtual time (signing costs
// milliseconds in WebAssembly, and the page asks every second), and what
// it last showed, so that a frame redraws only what changed.
type Inspector struct {
	sampleFor *engine.Engine
	sampleAt  time.Time
	sample    string
	picks     string // the picks last listed
	shown     string // the token, key and virtual time last inspected
}

// Picks lists the tokens to offer (TokenPicks with a sample signed at the
// engine's virtual time), and whether they differ from the last listed.
func (in *Inspector) Picks(e *engine.Engine) ([][2]string, bool) {
	if in.sampleFor != e || !in.sampleAt.Equal(e.Now()) {
		in.sampleFor, in.sampleAt, in.sample = e, e.Now(), SampleToken(e)
	}
	opts := TokenPicks(e, in.sample)
	sig := fmt.Sprint(opts)
	changed := sig != in.picks
	in.picks = sig
	return opts, changed
}

// Inspect is InspectToken, and whether the token, the key, the virtual
// time or the token service changed since the last call: unless force is
// set, an unchanged inspection need not be shown again.
func (in *Inspector) Inspect(e *engine.Engine, tok, mode, key string, force bool) (Token, bool) {
	sig := tok + "\x00" + mode + "\x00" + key + "\x00" + e.Now().String() + fmt.Sprint(e.Tokens() != nil)
	if !force && sig == in.shown {
		return Token{}, false
	}
	in.shown = sig
	return InspectToken(e, tok, mode, key), true
}
