package frame_test

import (
	"testing"
)

func TestFramerEvents(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		resets []int
		want   []string
	}{
		{"header only", hdr, nil, []string{hdrOut, "more 0"}},
		{"declaration and whitespace before header",
			"<?xml version='1.0' encoding='UTF-8'?>\n\t " + hdr, nil, []string{hdrOut, "more 0"}},
		{"declaration lower-case utf-8 and standalone yes",
			"<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes' ?>" + hdr, nil, []string{hdrOut, "more 0"}},
		{"full Prosody header",
			"<?xml version='1.0'?><stream:stream to='localhost' version='1.0' xml:lang='fr' id='x' " +
				"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>", nil,
			[]string{`open <stream:stream to="localhost" version="1.0" xml:lang="fr" id="x" xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams"/>`, "more 0"}},
		{"other stream prefix",
			"<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:client'><s:features/></s:stream>", nil,
			[]string{`open <s:stream xmlns:s="http://etherx.jabber.org/streams" xmlns="jabber:client"/>`,
				`elem <s:features xmlns="jabber:client" xmlns:s="http://etherx.jabber.org/streams"/>`,
				"close </s:stream>", "more 0"}},
		{"message default namespace inherited",
			hdr + "<message to='a@b'><body>hi</body></message>", nil,
			[]string{hdrOut, `elem <message to="a@b" xmlns="jabber:client"><body>hi</body></message>`, "more 0"}},
		{"stanza redeclaring xmlns keeps its own",
			hdr + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABy</auth>", nil,
			[]string{hdrOut, `elem <auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGp1bGlldABy</auth>`, "more 0"}},
		{"prefixed stanza gets header prefix",
			hdr + "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>", nil,
			[]string{hdrOut, `elem <stream:error xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams"><not-well-formed xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>`, "more 0"}},
		{"header prefix used only by a child",
			"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xmlns:x='urn:x'>" +
				"<message><x:y x:a='1'/></message>", nil,
			[]string{`open <stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" xmlns:x="urn:x"/>`,
				`elem <message xmlns="jabber:client" xmlns:x="urn:x"><x:y x:a="1"/></message>`, "more 0"}},
		{"prefix declared inside stanza is not added",
			hdr + "<iq><p:q xmlns:p='urn:p'/></iq>", nil,
			[]string{hdrOut, `elem <iq xmlns="jabber:client"><p:q xmlns:p="urn:p"/></iq>`, "more 0"}},
		{"xml:lang kept, xml prefix never declared",
			hdr + "<message xml:lang='de'><body xml:lang='fr'>salut</body></message>", nil,
			[]string{hdrOut, `elem <message xml:lang="de" xmlns="jabber:client"><body xml:lang="fr">salut</body></message>`, "more 0"}},
		{"entities and character references",
			hdr + "<message><body a='&lt;&#x41;&#66;&quot;'>&amp;&lt;&gt;&apos;&quot; &#233;&#x1F339;</body></message>", nil,
			[]string{hdrOut, `elem <message xmlns="jabber:client"><body a="&lt;AB&quot;">&amp;&lt;&gt;&apos;&quot; é🌹</body></message>`, "more 0"}},
		{"CDATA",
			hdr + "<message><body><![CDATA[<b>&amp;]]]]><![CDATA[>]]></body></message>", nil,
			[]string{hdrOut, `elem <message xmlns="jabber:client"><body><![CDATA[<b>&amp;]]]]><![CDATA[>]]></body></message>`, "more 0"}},
		{"non-ASCII text and names",
			hdr + "<message><body>Grüße ロミオ</body><données été='ü'/></message>", nil,
			[]string{hdrOut, `elem <message xmlns="jabber:client"><body>Grüße ロミオ</body><données été="ü"/></message>`, "more 0"}},
		{"whitespace keepalives ignored",
			hdr + " \n\t <presence/>\r\n  <presence/> ", nil,
			[]string{hdrOut, `elem <presence xmlns="jabber:client"/>`, `elem <presence xmlns="jabber:client"/>`, "more 0"}},
		{"text between stanzas ignored",
			hdr + "hello <presence/>&amp; bye ", nil,
			[]string{hdrOut, `elem <presence xmlns="jabber:client"/>`, "more 10"}},
		{"CDATA between stanzas ignored",
			hdr + "<![CDATA[x]]><presence/>", nil,
			[]string{hdrOut, `elem <presence xmlns="jabber:client"/>`, "more 0"}},
		{"line ends and attribute whitespace normalised",
			hdr + "<message a='x\ty\r\nz'><body>a\r\nb\rc</body></message>", nil,
			[]string{hdrOut, "elem <message a=\"x y z\" xmlns=\"jabber:client\"><body>a\nb\nc</body></message>", "more 0"}},
		{"spaces inside tags",
			hdr + "<message\n to = \"a\"  ><body >x</body\n></message >", nil,
			[]string{hdrOut, `elem <message to="a" xmlns="jabber:client"><body>x</body></message>`, "more 0"}},
		{"stream close",
			hdr + "<presence/></stream:stream>", nil,
			[]string{hdrOut, `elem <presence xmlns="jabber:client"/>`, closed, "more 0"}},
		{"whitespace after close",
			hdr + "</stream:stream> \n", nil, []string{hdrOut, closed, "more 0"}},
		{"self-closing header opens and closes",
			"<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>", nil,
			[]string{`open <stream:stream xmlns:stream="http://etherx.jabber.org/streams"/>`, "close ", "more 0"}},
		{"second header inside stream is an element",
			hdr + hdr, nil,
			[]string{hdrOut, "more 85"}},
		{"second header inside stream closed is an element",
			hdr + "<stream:stream></stream:stream>", nil,
			[]string{hdrOut, `elem <stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams"/>`, "more 0"}},
		{"restart after reset with buffered header",
			hdr + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><?xml version='1.0'?>" + hdr + "<iq/>", []int{2},
			[]string{hdrOut, `elem <auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>`, hdrOut, `elem <iq xmlns="jabber:client"/>`, "more 0"}},
		{"restart forgets old prefixes",
			"<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns:old='urn:old'><a/>" +
				"<s:stream xmlns:s='http://etherx.jabber.org/streams'><old:x/>", []int{2},
			[]string{`open <stream:stream xmlns:stream="http://etherx.jabber.org/streams" xmlns:old="urn:old"/>`, "elem <a/>",
				`open <s:stream xmlns:s="http://etherx.jabber.org/streams"/>`, "error not-well-formed"}},
		{"restart without a new header",
			hdr + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><iq/>", []int{2},
			[]string{hdrOut, `elem <auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>`, "error invalid-namespace"}},
		{"reset after close allows a new stream",
			hdr + "</stream:stream>" + hdr, []int{2},
			[]string{hdrOut, closed, hdrOut, "more 0"}},
		{"incomplete stanza stays buffered",
			hdr + "<message><body>hel", nil, []string{hdrOut, "more 18"}},
		{"first element not a stream",
			"<foo/>", nil, []string{"error invalid-namespace"}},
		{"stream in wrong namespace",
			"<stream:stream xmlns:stream='jabber:client'>", nil, []string{"error invalid-namespace"}},
		{"unprefixed stream in streams namespace",
			"<stream xmlns='http://etherx.jabber.org/streams'><a/>", nil,
			[]string{`open <stream xmlns="http://etherx.jabber.org/streams"/>`, `elem <a xmlns="http://etherx.jabber.org/streams"/>`, "more 0"}},
		{"mismatched tags",
			hdr + "<message><body></message>", nil, []string{hdrOut, "error not-well-formed"}},
		{"comment inside stanza",
			hdr + "<message><!-- hi --></message>", nil, []string{hdrOut, "error not-well-formed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkAllChunkings(t, tc.in, tc.resets, 0, tc.want, false)
		})
	}
}

func TestFramerRaw(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"raw bytes as received",
			"<?xml version='1.0'?>\n" + hdr + " <message to = 'a'>x&amp;y<b/></message>\n</stream:stream>",
			[]string{hdrOut + " raw=" + hdr,
				`elem <message to="a" xmlns="jabber:client">x&amp;y<b/></message> raw=<message to = 'a'>x&amp;y<b/></message>`,
				closed + " raw=</stream:stream>", "more 0"}},
		{"raw keeps double quotes and entities",
			hdr + `<iq id="1&#x31;"/>`,
			[]string{hdrOut + " raw=" + hdr, `elem <iq id="11" xmlns="jabber:client"/> raw=<iq id="1&#x31;"/>`, "more 0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkAllChunkings(t, tc.in, nil, 0, tc.want, true)
		})
	}
}
