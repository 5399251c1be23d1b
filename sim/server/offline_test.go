package server_test

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// failFS is a mem file system whose renames fail while fail is set, as if
// every write were interrupted before its rename.
type failFS struct {
	*mem.FS
	fail bool
}

func (f *failFS) Rename(oldname, newname string) error {
	if f.fail {
		return errors.New("interrupted")
	}
	return f.FS.Rename(oldname, newname)
}

func newFailFS(t *testing.T) *failFS {
	m, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	return &failFS{FS: m}
}

const corruptRoster = `{"version": 7, "items": [{"jid": "juliet@localhost", "subscription": "both"`

// A roster file that cannot be read fails that user's bind with
// "Error loading roster", is never written, and affects nobody else.
func TestCorruptedRosterFailsBind(t *testing.T) {
	fsys := newFailFS(t)
	cfg := engine.DefaultConfig()
	cfg.FS = fsys
	h := newIMHarness(t, cfg)
	e := h.engine()
	for _, u := range []string{"romeo", "juliet"} {
		h.must(e.AddAccount(u, "secret"))
	}
	h.must(hackpadfs.MkdirAll(fsys, "localhost/roster", 0o700))
	h.must(hackpadfs.WriteFullFile(fsys, "localhost/roster/romeo.json", []byte(corruptRoster), 0o600))

	_, err := e.AddClient(client.Spec{Name: "R", User: "romeo", Password: "secret", Resource: "balcony"})
	h.must(err)
	for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
		h.must(e.Act("R", a))
		e.Run(0)
	}
	got := h.inbox["R"][len(h.inbox["R"])-1]
	want := `<iq type='error' id='bind1'><error type='cancel'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Error loading roster</text></error></iq>`
	if got != want {
		t.Fatalf("bind answer\ngot  %s\nwant %s", got, want)
	}
	h.inbox["R"] = nil
	if e.Client("R").State() == client.Bound {
		t.Fatal("romeo bound despite the unreadable roster")
	}

	// Juliet is unaffected: she binds, and her request to romeo cannot be
	// stored in his broken roster, so it is acknowledged but not kept.
	h.login("J", "juliet", "home")
	h.must(e.ActWith("J", "presence", nil))
	e.Run(0)
	h.expect("J", `<presence xml:lang='en' from='juliet@localhost/home'/>`)
	h.must(e.ActWith("J", "subscribe", map[string]string{"to": "romeo@localhost"}))
	e.Run(0)
	h.expect("J", `<presence type='unavailable' from='romeo@localhost' to='juliet@localhost'/>`)
	// A message to romeo is still stored offline.
	h.must(e.ActWith("J", "message", map[string]string{"to": "romeo@localhost", "body": "hi", "id": "m1"}))
	e.Run(0)
	h.quiet()

	raw, err := hackpadfs.ReadFile(fsys, "localhost/roster/romeo.json")
	if err != nil || string(raw) != corruptRoster {
		t.Fatalf("the unreadable roster was touched: %q, %v", raw, err)
	}
	if _, err := hackpadfs.Stat(fsys, "localhost/roster/romeo.json.tmp"); err == nil {
		t.Fatal("a write of the broken roster was attempted")
	}
	q, err := e.Server().Store().Offline("localhost", "romeo")
	if err != nil || len(q) != 1 {
		t.Fatalf("offline queue %v, %v", q, err)
	}
}

// A roster save that fails answers "Unable to save roster", sends no push
// and leaves both the session's roster and the stored file as they were.
func TestRosterSaveFailure(t *testing.T) {
	fsys := newFailFS(t)
	cfg := engine.DefaultConfig()
	cfg.FS = fsys
	h := newIMHarness(t, cfg)
	e := h.engine()
	h.must(e.AddAccount("romeo", "secret"))
	h.login("R", "romeo", "balcony")
	h.do("R> <iq type='set' id='s1'><query xmlns='jabber:iq:roster'><item jid='nurse@localhost'/></query></iq>")
	h.expect("R", `<iq type='result' id='s1' to='romeo@localhost/balcony'/>`)
	before, _ := hackpadfs.ReadFile(fsys, "localhost/roster/romeo.json")

	fsys.fail = true
	h.do("R> <iq type='get' id='g1'><query xmlns='jabber:iq:roster'/></iq>")
	h.expect("R", `<iq type='result' id='g1' to='romeo@localhost/balcony'><query xmlns='jabber:iq:roster' ver='1'><item jid='nurse@localhost' subscription='none'/></query></iq>`)
	h.do("R> <iq type='set' id='s2'><query xmlns='jabber:iq:roster'><item jid='juliet@localhost'/></query></iq>")
	h.expect("R", `<iq type='error' id='s2' to='romeo@localhost/balcony'><error type='wait'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Unable to save roster</text></error></iq>`)
	h.do("R> <iq type='set' id='s3'><query xmlns='jabber:iq:roster'><item jid='nurse@localhost' subscription='remove'/></query></iq>")
	h.expect("R", `<iq type='error' id='s3' to='romeo@localhost/balcony'><error type='wait'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Unable to save roster</text></error></iq>`)
	h.field("R", "roster", "nurse@localhost (none)")
	after, _ := hackpadfs.ReadFile(fsys, "localhost/roster/romeo.json")
	if string(before) != string(after) {
		t.Fatalf("the stored roster changed:\n%s\n%s", before, after)
	}

	// The version went up on each failed save (save_roster bumps it first),
	// so a client holding ver='1' gets the whole roster again.
	fsys.fail = false
	h.do("R> <iq type='get' id='g2'><query xmlns='jabber:iq:roster' ver='1'/></iq>")
	h.expect("R", `<iq type='result' id='g2' to='romeo@localhost/balcony'><query xmlns='jabber:iq:roster' ver='3'><item jid='nurse@localhost' subscription='none'/></query></iq>`)
}

// Subscription changes reach an offline user's stored roster: the request
// is stored whole in the contact's file, and an approval given while the
// requester is offline updates the requester's file.
func TestOfflineRostersUpdated(t *testing.T) {
	h := newIMHarness(t, engine.DefaultConfig())
	e := h.engine()
	for _, u := range []string{"alice", "bob"} {
		h.must(e.AddAccount(u, "secret"))
	}
	store := e.Server().Store()
	h.login("A", "alice", "desk")
	h.do("A> <presence to='bob@localhost' type='subscribe'><preauth xmlns='urn:xmpp:pars:0' token='t'/></presence>")
	bob, _, err := store.Roster("localhost", "bob")
	if err != nil || len(bob.Pending) != 1 || bob.Version != 1 ||
		bob.Pending[0].Stanza != `<presence to='bob@localhost' type='subscribe' xml:lang='en' from='alice@localhost'><preauth xmlns='urn:xmpp:pars:0' token='t'/></presence>` {
		t.Fatalf("bob's stored roster %+v, %v", bob, err)
	}
	h.do("A! drop")

	h.login("B", "bob", "laptop")
	h.do("B! subscribed to=alice@localhost")
	alice, _, err := store.Roster("localhost", "alice")
	if err != nil || stateOf(alice, "bob") != "to" || alice.Version != 2 {
		t.Fatalf("alice's stored roster %+v, %v", alice, err)
	}
	bob, _, _ = store.Roster("localhost", "bob")
	if stateOf(bob, "alice") != "from" || bob.Version != 2 {
		t.Fatalf("bob's stored roster %+v", bob)
	}
	h.login("A2", "alice", "desk")
	h.do("A2! roster-get")
	h.expect("A2", `<iq type='result' id='roster2' to='alice@localhost/desk'><query xmlns='jabber:iq:roster' ver='2'><item jid='bob@localhost' subscription='to'/></query></iq>`)
}

// offlineBob drives bob's external connection (as the listener does) and
// collects what the server writes to it, marking the chunks that wait to
// be confirmed written.
type offlineBob struct {
	t   *testing.T
	e   *engine.Engine
	got []string
}

func (b *offlineBob) observe(ev engine.Event) {
	if ev.Kind == engine.Wire && ev.Dir == engine.Out && ev.Client == "bob" && ev.What == "data" && strings.HasPrefix(ev.Raw, "<message") {
		id := ev.Raw[strings.Index(ev.Raw, "id='")+4:]
		id = id[:strings.Index(id, "'")]
		if ev.Ack {
			id += " (ack)"
		}
		b.got = append(b.got, id)
	}
}

func (b *offlineBob) must(err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
}

// online connects name as user and sends the chunks, stepping after each.
func (b *offlineBob) online(name, user string, then ...string) {
	b.t.Helper()
	_, err := b.e.Dial(name)
	b.must(err)
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	for _, chunk := range append([]string{
		header, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00secret")) + "</auth>",
		header, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>",
	}, then...) {
		b.must(b.e.Recv(name, []byte(chunk)))
		b.e.Run(0)
	}
}

func (b *offlineBob) stored() int {
	b.t.Helper()
	q, err := b.e.Server().Store().Offline("localhost", "bob")
	b.must(err)
	return len(q)
}

func (b *offlineBob) expect(stored int, got ...string) {
	b.t.Helper()
	if n := b.stored(); n != stored {
		b.t.Fatalf("%d messages stored, want %d", n, stored)
	}
	if strings.Join(b.got, ", ") != strings.Join(got, ", ") {
		b.t.Fatalf("bob got %q, want %q", b.got, got)
	}
	b.got = nil
}

// A queue goes to an external connection a window (64 KiB) at a time, and
// a message leaves storage only once the listener confirms it written: a
// connection that drops in the middle loses nothing not written, and the
// rest comes with the next initial presence.
func TestOfflineRemovedOnlyOnceWritten(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := &offlineBob{t: t, e: e}
	e.Subscribe(b.observe)
	b.must(e.AddAccount("alice", "secret"))
	b.must(e.AddAccount("bob", "secret"))
	body := strings.Repeat("x", 40_000)
	var msgs []string
	for i := 1; i <= 4; i++ {
		msgs = append(msgs, "<message to='bob@localhost' id='m"+strconv.Itoa(i)+"'><body>"+body+"</body></message>")
	}
	b.online("alice", "alice", msgs...)
	b.expect(4)

	b.online("bob", "bob", "<presence/>")
	// 80 KB fill the window: two messages go, nothing leaves storage.
	b.expect(4, "m1 (ack)", "m2 (ack)")
	// m1 is written: m3 fits in the window.
	b.must(e.Written("bob", 1))
	e.Run(0)
	b.expect(4, "m3 (ack)")
	// The connection drops before m2 and m3 are written: only m1 goes.
	b.must(e.Hangup("bob"))
	e.Run(0)
	b.expect(3)

	// The next initial presence gets the rest; once all is written, the
	// queue is empty.
	b.online("bob", "bob", "<presence/>")
	b.expect(3, "m2 (ack)", "m3 (ack)")
	b.must(e.Written("bob", 2))
	e.Run(0)
	b.expect(3, "m4 (ack)")
	b.must(e.Written("bob", 1))
	e.Run(0)
	b.expect(0)

	// The confirmations are inputs: a replay ends in the same state.
	r, err := engine.Replay(cfg, e.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	if q, err := r.Server().Store().Offline("localhost", "bob"); err != nil || len(q) != 0 {
		t.Fatalf("replayed queue %d, %v", len(q), err)
	}
}

// A simulated client's queue larger than the window arrives whole and in
// order: each message counts as written once delivered, and the next
// window follows.
func TestOfflineLargeQueueSimulated(t *testing.T) {
	h := newIMHarness(t, engine.DefaultConfig())
	e := h.engine()
	for _, u := range []string{"alice", "bob"} {
		h.must(e.AddAccount(u, "secret"))
	}
	h.login("A", "alice", "desk")
	body := strings.Repeat("x", 40_000)
	for i := 1; i <= 5; i++ {
		h.do("A> <message to='bob@localhost' id='m" + strconv.Itoa(i) + "'><body>" + body + "</body></message>")
	}
	h.login("B", "bob", "laptop")
	h.do("B> <presence/>")
	h.expect("B", `<presence xml:lang='en' from='bob@localhost/laptop'/>`)
	for i := 1; i <= 5; i++ {
		h.expect("B", "<message to='bob@localhost' id='m"+strconv.Itoa(i)+"' xml:lang='en' from='alice@localhost/desk'><body>"+body+
			"</body><delay xmlns='urn:xmpp:delay' from='localhost' stamp='2026-01-01T00:00:00Z'/></message>")
	}
	if q, err := e.Server().Store().Offline("localhost", "bob"); err != nil || len(q) != 0 {
		t.Fatalf("%d messages left, %v", len(q), err)
	}
}
