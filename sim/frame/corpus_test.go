package frame_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// streamHead opens a client stream as Prosody's tests do.
const streamHead = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' " +
	"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'>"

// mixedStream builds a realistic client stream of n stanzas: messages with
// bodies, presences with show/status/caps/delay, roster pushes and results;
// some with escaped entities and non-ASCII text. It is deterministic.
func mixedStream(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString(streamHead)
	for i := range n {
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "<message to='juliet@capulet.example/balcony' from='romeo@montague.example/garden' type='chat' id='m%d'>"+
				"<body>%s</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>", i, bodies[r.IntN(len(bodies))])
		case 1:
			fmt.Fprintf(&b, "<presence from='nurse@capulet.example/chamber' id='p%d'><show>away</show>"+
				"<status>%s</status><priority>5</priority>"+
				"<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>"+
				"<delay xmlns='urn:xmpp:delay' from='capulet.example' stamp='2002-09-10T23:41:07Z'/></presence>\n", i, bodies[r.IntN(len(bodies))])
		case 2:
			fmt.Fprintf(&b, "<iq type='result' id='roster_%d'><query xmlns='jabber:iq:roster' ver='ver%d'>"+
				"<item jid='nurse@capulet.example' name='Nurse' subscription='both'><group>Servants</group></item>"+
				"<item jid='tybalt@capulet.example' name='Tybalt &amp; co' subscription='from'/>"+
				"<item jid='benvolio@montague.example' name='Benvolio' subscription='to' ask='subscribe'><group>Friends</group><group>Montague</group></item>"+
				"</query></iq>", i, i)
		default:
			fmt.Fprintf(&b, "<iq type='set' id='push%d'><query xmlns='jabber:iq:roster'><item jid='mercutio@verona.example' name='Mercutio'/></query></iq> ", i)
		}
	}
	b.WriteString("</stream:stream>")
	return []byte(b.String())
}

var bodies = []string{
	"Art thou not Romeo, and a Montague?",
	"Neither, fair saint, if either thee dislike.",
	"O Romeo, Romeo! wherefore art thou Romeo? Deny thy father &amp; refuse thy name.",
	"Ça va? Grüße aus Verona — ロミオ 🌹",
	"if a &lt; b &amp;&amp; c &gt; d then &quot;yes&quot; &apos;no&apos;",
}
