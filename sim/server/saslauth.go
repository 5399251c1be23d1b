package server

import (
	"encoding/base64"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_saslauth: the SASL exchange (<auth>, <response>,
// <abort>), the stream features, resource binding and the legacy session
// iq.

// features builds <stream:features> for the current stream (the
// stream-features event as mod_saslauth, mod_roster, mod_presence,
// mod_disco and mod_c2s answer it).
func (s *Server) features(c *c2s) *etree.Element {
	f := stanza.New("stream:features")
	ss := c.sess
	if mechs := s.mechanisms(c); ss.Username == "" && len(mechs) > 0 && s.authAllowed(c) {
		m := stanza.Child(f, "mechanisms", "xmlns", stanza.NSSASL)
		for _, name := range mechs {
			stanza.TextChild(m, "mechanism", name)
		}
		cbFeature(c, f)
	} else if ss.Username != "" && ss.FullJID == "" {
		stanza.Child(stanza.Child(f, "bind", "xmlns", stanza.NSBind), "required")
		stanza.Child(stanza.Child(f, "session", "xmlns", stanza.NSSession), "optional")
	}
	if ss.Username != "" {
		stanza.Child(f, "ver", "xmlns", stanza.NSRosterV)
		stanza.Child(f, "sub", "xmlns", stanza.NSPreAppr)
		if s.cfg.Loaded("disco") {
			s.capsFeature(f) // mod_disco, for c2s_unbound and c2s sessions
		}
	}
	s.tlsFeature(c, f) // last before the limits, as Prosody 13 was seen to list it
	if len(f.Child) == 0 && ss.FullJID == "" {
		return f // no features: the caller closes the stream
	}
	l := stanza.Child(f, "limits", "xmlns", stanza.NSLimits)
	stanza.TextChild(l, "max-bytes", itoa(s.cfg.StanzaSizeLimit))
	stanza.TextChild(l, "idle-seconds", itoa(int(s.cfg.ReadTimeout.Duration().Seconds())))
	return f
}

// authAllowed is mod_saslauth's secure_auth_only test: under
// c2s_require_encryption, authentication waits for a secure session.
func (s *Server) authAllowed(c *c2s) bool {
	return !s.cfg.RequireEncryption || c.sess.Secure
}

// featuresText returns the serialised features for the session's stage,
// built once per host, stage and security: they depend only on the
// configuration and on those. ok is false when there is no feature to
// offer.
func (s *Server) featuresText(c *c2s) (text string, ok bool) {
	ss := c.sess
	key := "unauthed/" + ss.Host
	switch {
	case ss.FullJID != "":
		key = "bound/" + ss.Host
	case ss.Username != "":
		key = "unbound/" + ss.Host
	}
	if ss.Secure {
		key += "/secure"
		for _, t := range cbTypes {
			if _, ok := c.channelBindings()[t]; ok {
				key += "/" + t
			}
		}
	}
	if s.canDoTLS(c) {
		key += "/starttls"
	}
	if text, ok := s.featureCache[key]; ok {
		return text, text != ""
	}
	f := s.features(c)
	if len(f.Child) > 0 {
		text = stanza.String(f)
	}
	s.featureCache[key] = text
	return text, text != ""
}

// saslElement handles an element in the SASL namespace. It reports false
// when mod_saslauth leaves the element unhandled.
func (s *Server) saslElement(c *c2s, e *etree.Element) bool {
	switch e.Tag {
	case "auth":
		if c.sess.Type != session.TypeUnauthed {
			return false
		}
		s.saslAuth(c, e)
	case "response":
		if c.mech == nil || c.sess.SASLMech == "" {
			c.sess.Send(stanza.SASLFailure("not-authorized", "Out of order SASL element"))
			return true
		}
		s.saslProcess(c, e)
	case "abort":
		c.mech, c.sess.SASLMech = nil, ""
		c.sess.Send(stanza.SASLFailure("aborted", ""))
	default:
		return false
	}
	return true
}

// mechanisms are the configured mechanisms the authentication provider
// supports, in configured order (the insecure provider has no SCRAM), each
// SCRAM mechanism followed by its -PLUS variant when the session has a
// channel binding for it.
func (s *Server) mechanisms(c *c2s) []string {
	supported := make(map[string]bool)
	for _, m := range sasl.Advertised(s.saslConfig(c)) {
		supported[m] = true
	}
	var out []string
	for _, m := range s.cfg.Mechanisms {
		if supported[m] || s.extraMechs[m] != nil {
			out = append(out, m)
		}
		if sasl.IsSCRAM(m) && supported[m+sasl.PlusSuffix] {
			out = append(out, m+sasl.PlusSuffix)
		}
	}
	return out
}

// selectable is util/sasl.lua's select(): every mechanism of the profile
// may be chosen, advertised or not, so a configured SCRAM mechanism's
// -PLUS variant is selectable even without a channel binding.
func (s *Server) selectable(c *c2s, name string) bool {
	for _, m := range s.mechanisms(c) {
		if m == name || (sasl.IsSCRAM(m) && m+sasl.PlusSuffix == name) {
			return true
		}
	}
	return false
}

func (s *Server) saslAuth(c *c2s, e *etree.Element) {
	c.mech, c.sess.SASLMech = nil, ""
	if s.authThrottled(c) { // mod_limit_auth, on authentication-attempt
		return
	}
	name := stanza.Attr(e, "mechanism")
	if !s.authAllowed(c) {
		c.sess.Send(stanza.SASLFailure("encryption-required", ""))
		return
	}
	if !s.selectable(c, name) {
		c.sess.Send(stanza.SASLFailure("invalid-mechanism", ""))
		return
	}
	mech, ok := s.newMechanism(name, c)
	if !ok {
		c.sess.Send(stanza.SASLFailure("invalid-mechanism", ""))
		return
	}
	c.mech, c.sess.SASLMech = mech, name
	s.saslProcess(c, e)
}

func (s *Server) saslConfig(c *c2s) sasl.Config {
	return sasl.Config{
		ChannelBindings: c.channelBindings(),
		Accounts:        accounts{s, c.sess.Host},
		Insecure:        s.cfg.Authentication == "insecure",
		Nonce:           s.ids.UUID,
		Cache:           s.cache,
	}
}

// saslProcess is sasl_process_cdata: decode the body, run the mechanism,
// apply handle_status and send the reply.
func (s *Server) saslProcess(c *c2s, e *etree.Element) {
	var msg []byte
	present := false
	if text, ok := firstText(e); ok {
		if msg, present = sasl.DecodeBase64(text); !present {
			c.mech, c.sess.SASLMech = nil, ""
			c.sess.Send(stanza.SASLFailure("incorrect-encoding", ""))
			return
		}
	}
	res := c.mech.Step(msg, present)
	switch {
	case !res.Done:
		c.sess.Send(saslReply("challenge", res.Challenge))
	case res.Success:
		s.saslSuccess(c, res)
	default:
		c.mech, c.sess.SASLMech = nil, ""
		c.sess.Send(stanza.SASLFailure(res.Condition, res.Text))
		s.authFailed(c) // the authentication-failure event
	}
}

// saslSuccess is handle_status for success: make_authenticated, then reset
// the stream, then send <success>.
func (s *Server) saslSuccess(c *c2s, res sasl.Result) {
	ss := c.sess
	username, ok := jid.Nodeprep(res.Username)
	if !ok || username == "" {
		c.mech, ss.SASLMech = nil, ""
		ss.Send(stanza.SASLFailure("not-authorized", "User authenticated successfully, but username was invalid"))
		return
	}
	ss.AuthMech = ss.SASLMech
	c.saslResource = res.Resource
	ss.Username, ss.Type = username, session.TypeUnbound
	c.mech, ss.SASLMech = nil, ""
	if c.timeout != nil {
		c.timeout.Stop()
	}
	ss.NotOpen = true
	c.framer.Reset()
	ss.Send(saslReply("success", res.Data))
}

// saslReply is build_reply for challenge and success: the data in base64,
// "=" for empty data, nothing for none.
func saslReply(name string, data []byte) *etree.Element {
	r := stanza.New(name, "xmlns", stanza.NSSASL)
	switch {
	case data == nil:
	case len(data) == 0:
		r.SetText("=")
	default:
		r.SetText(base64.StdEncoding.EncodeToString(data))
	}
	return r
}

// firstText returns the element's first child node when it is text
// (Lua's stanza[1]).
func firstText(e *etree.Element) (string, bool) {
	if len(e.Child) == 0 {
		return "", false
	}
	cd, ok := e.Child[0].(*etree.CharData)
	if !ok {
		return "", false
	}
	return cd.Data, true
}

// accounts adapts storage to sasl.Accounts.
type accounts struct {
	s    *Server
	host string
}

func (a accounts) Lookup(username string) (sasl.Credentials, bool, bool, error) {
	acct, found, err := a.s.store.Account(a.host, username)
	if err != nil || !found {
		return sasl.Credentials{}, found, false, err
	}
	return acct.Credentials, true, acct.Disabled, nil
}

// MechanismFactory starts a SASL exchange for a mechanism the sasl package
// does not know, such as a token mechanism added by another module.
type MechanismFactory func(host string) sasl.Mechanism

// AddMechanism makes a mechanism available; it is offered when it is also
// listed in the configuration's sasl_mechanisms.
func (s *Server) AddMechanism(name string, f MechanismFactory) {
	s.extraMechs[name] = f
}

func (s *Server) newMechanism(name string, c *c2s) (sasl.Mechanism, bool) {
	if f := s.extraMechs[name]; f != nil {
		return f(c.sess.Host), true
	}
	return sasl.New(name, s.saslConfig(c))
}

// Resource binding and the legacy session iq, which mod_saslauth handles
// once SASL is done. The binding itself is sessionmanager's bind_resource
// (sessions.go).

// bindIQ is mod_saslauth's handler for the urn:ietf:params:xml:ns:xmpp-bind
// iq from an unbound session: the resource the SASL mechanism chose, else
// the one a set asks for, bound by bind_resource; the result carries the
// full JID, an error reply the bind_resource error.
func (s *Server) bindIQ(c *c2s, iq, bind *etree.Element) {
	resource := c.saslResource
	if stanza.Attr(iq, "type") == "set" && resource == "" {
		if r := bind.SelectElement("resource"); r != nil && len(r.ChildElements()) == 0 {
			resource, _ = firstText(r)
		}
	}
	if berr := s.bindResource(c, resource); berr != nil {
		c.sess.Send(stanza.ErrorReply(iq, berr.typ, berr.condition, berr.text))
		return
	}
	c.saslResource = ""
	r := stanza.Reply(iq)
	stanza.TextChild(stanza.Child(r, "bind", "xmlns", stanza.NSBind), "jid", c.sess.FullJID)
	c.sess.Send(r)
}

// sessionIQ is mod_saslauth's handle_legacy_session: the
// urn:ietf:params:xml:ns:xmpp-session iq (RFC 3921 session establishment,
// hooked as iq/self and iq/host) gets an empty result.
func sessionIQ(c *Conn, iq, payload *etree.Element) bool {
	if payload.Tag != "session" {
		return false
	}
	c.Send(stanza.Reply(iq))
	return true
}
