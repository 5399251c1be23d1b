package stanza

// Namespaces used on the wire.
const (
	NSClient   = "jabber:client"
	NSStream   = "http://etherx.jabber.org/streams"
	NSStreams  = "urn:ietf:params:xml:ns:xmpp-streams"
	NSStanzas  = "urn:ietf:params:xml:ns:xmpp-stanzas"
	NSSASL     = "urn:ietf:params:xml:ns:xmpp-sasl"
	NSTLS      = "urn:ietf:params:xml:ns:xmpp-tls"
	NSSASLCB   = "urn:xmpp:sasl-cb:0"
	NSBind     = "urn:ietf:params:xml:ns:xmpp-bind"
	NSSession  = "urn:ietf:params:xml:ns:xmpp-session"
	NSRoster   = "jabber:iq:roster"
	NSRosterV  = "urn:xmpp:features:rosterver"
	NSPreAppr  = "urn:xmpp:features:pre-approval"
	NSLimits   = "urn:xmpp:stream-limits:0"
	NSErrors   = "urn:xmpp:errors"
	NSDelay    = "urn:xmpp:delay"
	NSTokenSrv = "urn:sessionscope:token:0"
)
