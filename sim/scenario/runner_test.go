package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

const header = `# test

[Client] Romeo
	jid: romeo@localhost
	password: password

[Client] Juliet
	jid: juliet@localhost
	password: password

-----

`

func play(t *testing.T, body string, opts Options) ([]*Outcome, *Failure) {
	t.Helper()
	p, err := Load("test.scs", []byte(header+body), opts)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return p.Run()
}

// twoReplies makes the server answer two iqs in one processing step.
const twoReplies = `Romeo connects

Juliet connects

Romeo sends:
	<iq type="get" id="a"><query xmlns="jabber:iq:roster"/></iq>
	<iq type="get" id="b"><query xmlns="urn:example:none"/></iq>

Romeo receives:
	<iq type="result" id="a"/>

`

func TestDeliveryRule(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		strict bool
		pass   bool
	}{
		{"rest of a read goes to the same client's next receives", twoReplies + "Romeo receives:\n\t<iq type=\"error\" id=\"b\"/>\n", false, true},
		{"sends in between do not end the read", twoReplies + "Juliet sends:\n\t<presence/>\n\nRomeo receives:\n\t<iq type=\"error\" id=\"b\"/>\n", false, true},
		{"another client's receives discards the rest", twoReplies + "Juliet receives: nothing\n\nRomeo receives:\n\t<iq type=\"error\" id=\"b\"/>\n", false, false},
		{"another client's disconnects discards the rest", twoReplies + "Juliet disconnects\n\nRomeo receives:\n\t<iq type=\"error\" id=\"b\"/>\n", false, false},
		{"strict FIFO keeps the rest", twoReplies + "Juliet receives: nothing\n\nRomeo receives:\n\t<iq type=\"error\" id=\"b\"/>\n", true, true},
		{"receives is FIFO and never skips", twoReplies[:len(twoReplies)-len("Romeo receives:\n\t<iq type=\"result\" id=\"a\"/>\n\n")] + "Romeo receives:\n\t<iq id=\"b\"/>\n", false, false},
		{"receives nothing passes on an empty queue", "Romeo connects\n\nRomeo receives: nothing\n", false, true},
		{"receives nothing fails when a stanza waits", "Romeo connects\n\nRomeo sends:\n\t<presence/>\n\nRomeo receives: nothing\n", false, false},
		{"a second disconnects does nothing", "Romeo connects\n\nRomeo disconnects\n\nRomeo disconnects\n", false, true},
		{"unread stanzas at the end are no error", "Romeo connects\n\nRomeo sends:\n\t<presence/>\n", false, true},
		{"timeout when nothing comes", "Romeo connects\n\nRomeo receives:\n\t<presence/>\n", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, f := play(t, tc.body, Options{StrictFIFO: tc.strict})
			if (f == nil) != tc.pass {
				t.Fatalf("pass = %v, want %v; failure:\n%v", f == nil, tc.pass, f)
			}
		})
	}
}

// TestMatchingRules plays one pair per matching rule of scansion (see the
// scansion package) against the server's real answer to a roster get and
// a message.
func TestMatchingRules(t *testing.T) {
	const roster = "Romeo connects\n\nRomeo sends:\n\t<iq type=\"get\" id=\"r1\"><query xmlns=\"jabber:iq:roster\"/></iq>\n\nRomeo receives:\n"
	const msg = "Romeo connects\n\nRomeo sends:\n\t<message to=\"${Romeo's full JID}\" type=\"chat\"><body>Hello</body></message>\n\nRomeo receives:\n"
	tests := []struct {
		name, body, want string
		pass             bool
	}{
		{"loose: extra attributes allowed", roster, `<iq type="result"/>`, true},
		{"loose: expected attribute must be equal", roster, `<iq type="error"/>`, false},
		{"any: present attribute, any value", roster, `<iq id="{scansion:any}"/>`, true},
		{"any: attribute must be present", roster, `<iq from="{scansion:any}"/>`, false},
		{"loose: extra children allowed", roster, `<iq id="r1"/>`, true},
		{"loose: expected child must be there", roster, `<iq id="r1"><query xmlns="jabber:iq:roster" ver="1"/><x xmlns="urn:example"/></iq>`, false},
		{"strict: exact attributes", roster, `<iq><query xmlns="jabber:iq:roster" ver="1"/></iq>`, true},
		{"strict: no extra attributes", roster, `<iq><query xmlns="jabber:iq:roster"/></iq>`, false},
		{"override: scansion:strict false", roster, `<iq><query xmlns="jabber:iq:roster" scansion:strict="false"/></iq>`, true},
		{"override: scansion:strict true", roster, `<iq scansion:strict="true" type="result" id="r1"><query xmlns="jabber:iq:roster" ver="1"/></iq>`, false},
		{"namespace: resolved and equal", roster, `<iq><query xmlns="jabber:iq:roster" ver="1"/></iq>`, true},
		{"namespace: other namespace fails", roster, `<iq><query xmlns="jabber:iq:private" ver="1"/></iq>`, false},
		{"text: trimmed and equal", msg, "<message>\n\t<body>  Hello  </body>\n</message>", true},
		{"text: different text fails", msg, `<message><body>Goodbye</body></message>`, false},
		{"variables: expanded before matching", msg, `<message to="${Romeo's full JID}" from="${Romeo's full JID}"/>`, true},
		{"variables: wrong JID fails", msg, `<message to="${Juliet's JID}"/>`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			payload := "\t" + strings.ReplaceAll(tc.want, "\n", "\n\t") + "\n"
			_, f := play(t, tc.body+payload, Options{})
			if (f == nil) != tc.pass {
				t.Fatalf("pass = %v, want %v; failure:\n%v", f == nil, tc.pass, f)
			}
		})
	}
}

func TestFailureReport(t *testing.T) {
	body := twoReplies + "# Juliet looks for a message.\nJuliet receives: nothing\n\n# Romeo expects the second reply.\nRomeo receives:\n\t<iq type=\"result\" id=\"b\"/>\n"
	_, f := play(t, body, Options{})
	if f == nil {
		t.Fatal("want a failure")
	}
	report := f.Error()
	for _, want := range []string{
		"test.scs:28: step 6, Romeo receives:",
		"# Romeo expects the second reply.",
		"timeout: nothing received",
		"expected:\n    <iq type=\"result\" id=\"b\"/>",
		"discarded earlier (delivered, never read):",
		"Romeo: <iq type='error' id='b'",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

func TestMismatchReport(t *testing.T) {
	_, f := play(t, "Romeo connects\n\nRomeo sends:\n\t<iq type=\"get\" id=\"r1\"><query xmlns=\"jabber:iq:roster\"/></iq>\n\nRomeo receives:\n\t<iq type=\"result\" id=\"r1\"><query xmlns=\"jabber:iq:roster\" ver=\"2\"/></iq>\n", Options{})
	if f == nil {
		t.Fatal("want a failure")
	}
	if f.Path != "/iq/query@ver" || !strings.Contains(f.Reason, "'2'") {
		t.Errorf("path %q reason %q", f.Path, f.Reason)
	}
	if !strings.Contains(f.Got, `ver="1"`) || !strings.Contains(f.Error(), "received instead:\n    <iq") {
		t.Errorf("the received stanza is not shown:\n%s", f.Error())
	}
}

func TestScriptErrors(t *testing.T) {
	tests := []struct {
		name, body, reason string
	}{
		{"full JID before connecting", "Romeo sends:\n\t<message to=\"${Juliet's full JID}\"/>\n", "not connected"},
		{"unknown variable at run time", "Romeo connects\n\nRomeo sends:\n\t<message to=\"${Juliet's full JID}\"/>\n", "cannot expand"},
		{"server drops a client", "Romeo connects\n\nRomeo sends:\n\t<foo/>\n\nRomeo receives: nothing\n", "closed Romeo's connection"},
		{"connects twice", "Romeo connects\n\nRomeo connects\n", "already connected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, f := play(t, tc.body, Options{})
			if f == nil || !strings.Contains(f.Reason, tc.reason) {
				t.Fatalf("want a failure containing %q, got %v", tc.reason, f)
			}
		})
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	_, err := Load("bad.scs", []byte(header+"Romeo dances\n"), Options{})
	var pe *scansion.ParseError
	if !errors.As(err, &pe) || pe.Line != 13 || pe.File != "bad.scs" {
		t.Fatalf("want a ParseError at bad.scs:13, got %v", err)
	}
}

// TestFreshServerPerScript: a message stored offline by one script must
// not reach the same user in the next script.
func TestFreshServerPerScript(t *testing.T) {
	store := "Romeo connects\n\nRomeo sends:\n\t<message to=\"juliet@localhost\" type=\"chat\"><body>hi</body></message>\n\nRomeo disconnects\n"
	fetch := "Juliet connects\n\nJuliet sends:\n\t<presence/>\n\nJuliet receives:\n\t<presence/>\n\nJuliet receives: nothing\n"
	if _, f := play(t, store+"\n"+fetch[:len(fetch)-len("Juliet receives: nothing\n")]+"Juliet receives:\n\t<message><body>hi</body></message>\n", Options{}); f != nil {
		t.Fatalf("within a script, state must persist with no client connected:\n%v", f)
	}
	if _, f := play(t, store, Options{}); f != nil {
		t.Fatal(f)
	}
	if _, f := play(t, fetch, Options{}); f != nil {
		t.Fatalf("a new script must start on a fresh server:\n%v", f)
	}
}
