package engine_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// want is what one step must put on the wire and the session fields that
// must hold after it ("nil" for unset). {id} in raw stands for the stream
// id, a UUID v4 from the seeded source.
type want struct {
	wire   string
	fields map[string]string
}

// act is a client action followed by the steps it causes.
type act struct {
	action string
	steps  []want
}

const (
	header   = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>`
	response = `<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en' xmlns='jabber:client' version='1.0' id='{id}' from='localhost'>`
	preAuth  = `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>OAUTHBEARER</mechanism></mechanisms><limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits></stream:features>`
	// postAuth carries mod_disco's caps for the default modules, recorded from Prosody 13.0.1.
	postAuth = `<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session><ver xmlns='urn:xmpp:features:rosterver'/><sub xmlns='urn:xmpp:features:pre-approval'/><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://prosody.im' ver='9vfmHhcGKktu+nRS+VYRfKfbNn0='/><limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits></stream:features>`
	notAuth  = `<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text>Unable to authorize you with the authentication credentials you&apos;ve sent.</text></failure>`
	success  = `<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`
	plainOK  = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>`         // \0alice\0secret
	plainBad = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldC13cm9uZw==</auth>` // \0alice\0secret-wrong
)

func f(kv ...string) map[string]string {
	m := make(map[string]string)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// login is connect, open, PLAIN and the restart: the session ends
// c2s_unbound with its stream open.
var login = []act{
	{"connect", []want{
		{"[open]", f("conn", "conn1", "notopen", "true", "type", "c2s_unauthed", "host", "nil", "username", "nil", "priority", "nil")},
	}},
	{"open", []want{
		{header, f("notopen", "nil", "host", "localhost", "type", "c2s_unauthed")},
		{response, nil},
		{preAuth, nil},
	}},
	{"auth", []want{
		{plainOK, f("type", "c2s_unbound", "username", "alice", "notopen", "true", "resource", "nil")},
		{success, nil},
	}},
	{"open", []want{
		{header, f("notopen", "nil", "type", "c2s_unbound")},
		{response, nil},
		{postAuth, nil},
	}},
}

var lifecycles = []struct {
	name     string
	resource string
	acts     []act
}{
	{"login, bind and client close", "laptop", append(append([]act{}, login...),
		act{"bind", []want{
			{`<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>laptop</resource></bind></iq>`,
				f("type", "c2s", "resource", "laptop", "full_jid", "alice@localhost/laptop", "roster", "{}",
					"interested", "nil", "presence", "nil", "priority", "nil")},
			{`<iq type='result' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/laptop</jid></bind></iq>`, nil},
		}},
		act{"close", []want{
			{`</stream:stream>`, f("type", "c2s_destroyed", "conn", "nil", "username", "nil", "host", "nil",
				"resource", "nil", "full_jid", "nil", "roster", "nil", "notopen", "nil")},
			{`</stream:stream>`, nil},
			{"[close]", f("type", "c2s_destroyed")},
		}},
	)},
	{"wrong password, then the right one", "laptop", []act{
		login[0], login[1],
		{"auth-wrong", []want{
			{plainBad, f("type", "c2s_unauthed", "username", "nil", "notopen", "nil")},
			{notAuth, nil},
		}},
		login[2],
	}},
	{"generated resource and a dropped connection", "", append(append([]act{}, login...),
		act{"bind", []want{
			{`<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`,
				f("type", "c2s", "resource", "{res}", "full_jid", "alice@localhost/{res}")},
			{`<iq type='result' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/{res}</jid></bind></iq>`, nil},
		}},
		act{"drop", []want{
			{"[close]", f("type", "c2s_destroyed", "conn", "nil", "full_jid", "nil", "username", "nil")},
		}},
	)},
}

var (
	uuidRe     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	resourceRe = regexp.MustCompile(`^[A-Za-z0-9_-]{12}$`)
)

func TestLifecycle(t *testing.T) {
	for _, tc := range lifecycles {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t)
			var wire []engine.Event
			e.Subscribe(func(ev engine.Event) {
				if ev.Kind == engine.Wire {
					wire = append(wire, ev)
				}
			})
			if _, err := e.AddClient(client.Spec{User: "alice", Password: "secret", Resource: tc.resource}); err != nil {
				t.Fatal(err)
			}
			vars := map[string]string{}
			for _, a := range tc.acts {
				if err := e.Act("alice", a.action); err != nil {
					t.Fatalf("%s: %v", a.action, err)
				}
				for i, w := range a.steps {
					wire = wire[:0]
					if !e.Step() {
						t.Fatalf("%s step %d: nothing pending", a.action, i+1)
					}
					checkWire(t, a.action, i+1, wire, w.wire, vars)
					checkFields(t, a.action, i+1, e, w.fields, vars)
				}
			}
			if e.Pending() != 0 {
				t.Fatalf("%d deliveries left over", e.Pending())
			}
		})
	}
}

func newEngine(t *testing.T) *engine.Engine {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.AddAccount("alice", "secret"); err != nil {
		t.Fatal(err)
	}
	return e
}

// checkWire compares a step's single delivery with the expected bytes,
// binding {id} and {res} placeholders the first time they are seen.
func checkWire(t *testing.T, action string, n int, got []engine.Event, want string, vars map[string]string) {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("%s step %d: %d deliveries, want 1", action, n, len(got))
	}
	raw := got[0].Raw
	if got[0].What != "data" {
		raw = "[" + got[0].What + "]"
	}
	if !matchVars(want, raw, vars) {
		t.Fatalf("%s step %d wire:\n got  %s\n want %s", action, n, raw, want)
	}
}

func checkFields(t *testing.T, action string, n int, e *engine.Engine, want map[string]string, vars map[string]string) {
	t.Helper()
	ss := e.Sessions()
	if len(want) == 0 {
		return
	}
	if len(ss) != 1 {
		t.Fatalf("%s step %d: %d sessions, want 1", action, n, len(ss))
	}
	for name, w := range want {
		v := ss[0].Field(name)
		got := "nil"
		if v.Set {
			got = v.Text
		}
		if !matchVars(w, got, vars) {
			t.Errorf("%s step %d: %s = %q, want %q", action, n, name, got, w)
		}
	}
}

// matchVars matches got against want, where {id} must be a UUID v4 and
// {res} a 12-character generated resource; a placeholder seen before must
// have the same value again, except {id}, which each stream renews.
func matchVars(want, got string, vars map[string]string) bool {
	re := regexp.QuoteMeta(want)
	re = strings.ReplaceAll(re, `\{id\}`, `(?P<id>[^']*)`)
	re = strings.ReplaceAll(re, `\{res\}`, `(?P<res>[^'/<]*)`)
	m := regexp.MustCompile("^" + re + "$").FindStringSubmatch(got)
	if m == nil {
		return false
	}
	names := regexp.MustCompile("^" + re + "$").SubexpNames()
	for i, name := range names {
		switch name {
		case "id":
			if !uuidRe.MatchString(m[i]) || m[i] == vars["id"] {
				return false
			}
			vars["id"] = m[i]
		case "res":
			if !resourceRe.MatchString(m[i]) || (vars["res"] != "" && vars["res"] != m[i]) {
				return false
			}
			vars["res"] = m[i]
		}
	}
	return true
}
