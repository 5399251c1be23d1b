package wsframe

import "testing"

func TestFromClient(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"open", `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>`,
			"<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='localhost' version='1.0'>"},
		{"open with lang and quote", `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to="a'b" xml:lang='en'/>`,
			"<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='a&#39;b' xml:lang='en'>"},
		{"close", `<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>`, "</stream:stream>"},
		{"stanza", `<message xmlns="jabber:client" to="b@localhost"><body>hi</body></message>`,
			`<message xmlns="jabber:client" to="b@localhost"><body>hi</body></message>`},
		{"open in another namespace", `<open xmlns="urn:example"/>`, `<open xmlns="urn:example"/>`},
		{"malformed", `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing`, `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(FromClient([]byte(tt.in))); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestToClient(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"header", "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en' xmlns='jabber:client' version='1.0' id='abc' from='localhost'>",
			"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' xml:lang='en' version='1.0' id='abc' from='localhost'/>"},
		{"end", "</stream:stream>", "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"},
		{"features", "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
			"<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"},
		{"stream error", "<stream:error><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
			"<stream:error xmlns:stream='http://etherx.jabber.org/streams'><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"},
		{"stanza", "<message from='a@localhost/r' type='chat'><body>x</body></message>",
			"<message xmlns='jabber:client' from='a@localhost/r' type='chat'><body>x</body></message>"},
		{"empty element", "<presence/>", "<presence xmlns='jabber:client'/>"},
		{"own namespace", "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"},
		{"keepalive", " ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(ToClient([]byte(tt.in))); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
