package scansion_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

func ExampleParse() {
	src := `# Basic login and initial presence

[Client] Romeo
	jid: user@localhost
	password: password

-----

Romeo connects

# Romeo announces himself
Romeo sends:
	<presence/>

Romeo receives:
	<presence from="${Romeo's full JID}"/>
`
	s, err := scansion.Parse("basic.scs", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Title)
	for _, a := range s.Actions {
		fmt.Printf("line %d: %s %s %q %q\n", a.Line, a.Client, a.Kind, a.Comments, a.XML)
	}
	// Output:
	// Basic login and initial presence
	// line 9: Romeo connects [] ""
	// line 12: Romeo sends ["Romeo announces himself"] "<presence/>"
	// line 15: Romeo receives [] "<presence from=\"${Romeo's full JID}\"/>"
}

func ExampleParse_error() {
	_, err := scansion.Parse("bad.scs", []byte("[Client] Romeo\n\tjid: romeo@localhost\n---\nTybalt connects\n"))
	fmt.Println(err)
	// Output:
	// bad.scs:4: unknown client "Tybalt"
}

func ExampleMatch() {
	expected, _ := scansion.ParseStanzas(`<iq type="result" id="roster1">
	<query xmlns="jabber:iq:roster" ver="{scansion:any}"/>
</iq>`)
	actual, _ := scansion.ParseStanzas(`<iq type="result" id="roster1" to="romeo@localhost/a">` +
		`<query xmlns="jabber:iq:roster" ver="2"><item jid="nurse@localhost" subscription="none"/></query></iq>`)
	fmt.Println(scansion.Match(expected[0], actual[0]))
	// Output:
	// /iq/query/item: unexpected element (expected 0 child elements, got 1)
}

func ExampleExpand() {
	jids := map[string]string{"Romeo's full JID": "romeo@localhost/balcony"}
	out, err := scansion.Expand(`<presence from="${Romeo's full JID}"/>`, func(name string) (string, bool) {
		v, ok := jids[name]
		return v, ok
	})
	fmt.Println(out, err)
	// Output:
	// <presence from="romeo@localhost/balcony"/> <nil>
}

func ExampleFormat() {
	s := &scansion.Script{
		Title:   "Hello",
		Clients: []scansion.Client{{Name: "Romeo", JID: "romeo@localhost"}},
		Actions: []scansion.Action{{Client: "Romeo", Kind: scansion.Connects}},
	}
	fmt.Print(string(scansion.Format(s)))
	// Output:
	// # Hello
	//
	// [Client] Romeo
	// 	jid: romeo@localhost
	//
	// ---------
	//
	// Romeo connects
}

func ExamplePretty() {
	e, _ := scansion.ParseStanzas(`<message to="juliet@localhost"><body>Hi</body></message>`)
	fmt.Println(scansion.Pretty(e[0]))
	// Output:
	// <message xmlns="jabber:client" to="juliet@localhost">
	//   <body>Hi</body>
	// </message>
}
