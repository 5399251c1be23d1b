package server_test

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/vnet"
	"github.com/xdg-go/scram"
)

// The c2s scripts in testdata/c2s are conversations between raw test
// clients and the server, one directive per line:
//
//	set KEY VALUE            server configuration, before the first connect
//	account USER PASS [disabled]
//	connect C [starttls]     a new TCP connection named C (starttls: one the server may upgrade to TLS)
//	tls C TYPE=HEX ...       C's TLS handshake completed, with its channel-binding data
//	send C XML               bytes from C, exactly as written (macros expanded)
//	plain C AUTHZID AUTHCID PASS   an <auth mechanism='PLAIN'> with that payload
//	scram C MECH USER PASS [TYPE=HEX|y]   a whole SCRAM exchange (xdg-go/scram's client), with channel binding TYPE, or the GS2 flag y
//	login C USER PASS [RES]  header, PLAIN, restart and bind; output checked loosely
//	recv C XML               the next chunk C receives, exactly ({uuid}, {res}, {*} match ids, resources, anything)
//	closed C                 the next thing C receives is the TCP close
//	silent C                 C has nothing more to receive
//	fields C K=V ...         C's session fields (nil = unset); state=S and error=E also work
//	advance DURATION         the virtual clock moves on
//	fill C N TEXT            N copies of TEXT from C
//	drop C                   C closes its TCP connection
//
// Every send is delivered, and everything it causes is performed, before
// the next directive.
//
// $FEAT2 carries mod_disco's entity caps as Prosody 13.0.1 sends them with
// the default modules (disco, roster, saslauth, carbons, ping): recorded
// from Prosody 13.0.1 with carbons added to the shared configuration.
var macros = strings.NewReplacer(
	"$H", `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>`,
	"$RESP", `<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en' xmlns='jabber:client' version='1.0' id='{uuid}' from='localhost'>`,
	"$FEAT1", `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>OAUTHBEARER</mechanism></mechanisms><limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits></stream:features>`,
	"$FEAT2", `<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session><ver xmlns='urn:xmpp:features:rosterver'/><sub xmlns='urn:xmpp:features:pre-approval'/><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://prosody.im' ver='9vfmHhcGKktu+nRS+VYRfKfbNn0='/><limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits></stream:features>`,
	"$SUCCESS", `<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`,
	"$END", `</stream:stream>`,
)

func TestC2SScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/c2s/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			runScript(t, file)
		})
	}
}

// rawClient records every chunk and close the server sends it.
type rawClient struct {
	name  string
	conn  *vnet.Conn
	inbox []string
}

func (r *rawClient) Opened(*vnet.Conn)              {}
func (r *rawClient) Receive(_ *vnet.Conn, b []byte) { r.inbox = append(r.inbox, string(b)) }
func (r *rawClient) Closed(*vnet.Conn)              { r.inbox = append(r.inbox, "[closed]") }

type harness struct {
	t       testing.TB
	cfg     engine.Config
	eng     *engine.Engine
	clients map[string]*rawClient
	line    int
}

func runScript(t *testing.T, file string) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	h := &harness{t: t, cfg: cfg, clients: map[string]*rawClient{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		h.line++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		h.directive(line)
		if t.Failed() {
			t.FailNow()
		}
	}
}

func (h *harness) fail(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("line %d: "+format, append([]any{h.line}, args...)...)
}

func (h *harness) engine() *engine.Engine {
	if h.eng == nil {
		e, err := engine.New(h.cfg)
		if err != nil {
			h.fail("%v", err)
		}
		h.eng = e
	}
	return h.eng
}

func (h *harness) client(name string) *rawClient {
	c := h.clients[name]
	if c == nil {
		h.fail("no client %q", name)
	}
	return c
}

func (h *harness) directive(line string) {
	h.t.Helper()
	cmd, rest, _ := strings.Cut(line, " ")
	arg, text, _ := strings.Cut(rest, " ")
	switch cmd {
	case "set":
		h.set(arg, text)
	case "account":
		h.account(strings.Fields(rest))
	case "connect":
		c := &rawClient{name: arg}
		h.clients[arg] = c
		c.conn = h.engine().Network().Dial(c)
		c.conn.StartTLS = text == "starttls" || rest == arg+" starttls"
		if addr, ok := strings.CutPrefix(text, "from "); ok {
			c.conn.Addr = addr // a listener's client, from that address
		}
		h.engine().Run(0)
	case "tls":
		h.client(arg).conn.SecureToServer(bindings(h, strings.Fields(text)))
		h.engine().Run(0)
	case "send":
		h.send(h.client(arg), macros.Replace(text))
	case "plain":
		h.plain(h.client(arg), strings.Fields(text))
	case "login":
		h.login(h.client(arg), strings.Fields(text))
	case "recv":
		h.recv(h.client(arg), macros.Replace(text))
	case "closed":
		h.recv(h.client(arg), "[closed]")
	case "silent":
		if c := h.client(arg); len(c.inbox) > 0 {
			h.fail("%s still has %q", arg, c.inbox)
		}
	case "fields":
		h.fields(h.client(arg), strings.Fields(text))
	case "advance":
		d, err := time.ParseDuration(arg)
		if err != nil {
			h.fail("%v", err)
		}
		h.engine().Advance(d)
		h.engine().Run(0)
	case "scram":
		h.scram(h.client(arg), strings.Fields(text))
	case "fill":
		h.fill(h.client(arg), strings.Fields(text))
	case "drop":
		h.client(arg).conn.CloseFromClient()
		h.engine().Run(0)
	default:
		h.fail("unknown directive %q", cmd)
	}
}

func (h *harness) set(key, value string) {
	s := &h.cfg.Server
	switch key {
	case "conflict_resolve":
		s.ConflictResolve = value
	case "sasl_mechanisms":
		s.Mechanisms = nil
		if value != "none" {
			s.Mechanisms = strings.Split(value, ",")
		}
	case "authentication":
		s.Authentication = value
	case "modules_enabled":
		s.Modules = strings.Split(value, ",")
	case "limit_auth_max":
		s.LimitAuthMax, _ = strconv.Atoi(value)
	case "c2s_require_encryption":
		s.RequireEncryption = value == "true"
	case "tls":
		s.TLS = value == "true"
	case "c2s_stanza_size_limit":
		n, _ := strconv.Atoi(value)
		s.StanzaSizeLimit = n
	default:
		h.fail("unknown setting %q", key)
	}
}

func (h *harness) account(args []string) {
	if len(args) < 2 {
		h.fail("account USER PASS [disabled]")
	}
	e := h.engine()
	if err := e.AddAccount(args[0], args[1]); err != nil {
		h.fail("%v", err)
	}
	if len(args) > 2 && args[2] == "disabled" {
		if err := e.DisableAccount(args[0], true); err != nil {
			h.fail("%v", err)
		}
	}
}

func (h *harness) send(c *rawClient, data string) {
	data = strings.ReplaceAll(data, `\n`, "\n")
	c.conn.SendToServer([]byte(data))
	h.engine().Run(0)
}

// scram runs a SCRAM exchange with xdg-go/scram's client: "scram C MECH
// USER PASS". The server's replies stay in C's inbox for recv to check.
func (h *harness) scram(c *rawClient, args []string) {
	if len(args) != 3 && len(args) != 4 {
		h.fail("scram C MECH USER PASS [TYPE=HEX|y]")
	}
	hash := scram.SHA1
	if strings.HasPrefix(args[0], "SCRAM-SHA-256") {
		hash = scram.SHA256
	}
	var cb []string
	if len(args) == 4 {
		cb, args = args[3:], args[:3]
	}
	key := strings.Join(args, " ")
	cl := scramClients[key]
	if cl == nil {
		var err error
		if cl, err = hash.NewClient(args[1], args[2], ""); err != nil {
			h.fail("%v", err)
		}
		scramClients[key] = cl // the client caches its derived keys
	}
	conv := cl.NewConversation()
	switch {
	case len(cb) == 1 && cb[0] == "y":
		conv = cl.NewConversationAdvertisingChannelBinding()
	case len(cb) == 1:
		for typ, data := range bindings(h, cb) {
			conv = cl.NewConversationWithChannelBinding(scram.ChannelBinding{Type: scram.ChannelBindingType(typ), Data: data})
		}
	}
	first, _ := conv.Step("")
	seen := len(c.inbox)
	h.send(c, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='"+args[0]+"'>"+base64.StdEncoding.EncodeToString([]byte(first))+"</auth>")
	if len(c.inbox) <= seen || !strings.HasPrefix(c.inbox[len(c.inbox)-1], "<challenge") {
		return
	}
	last := c.inbox[len(c.inbox)-1]
	body := last[strings.Index(last, ">")+1 : strings.LastIndex(last, "<")]
	challenge, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		h.fail("challenge: %v", err)
	}
	final, err := conv.Step(string(challenge))
	if err != nil {
		h.fail("client: %v", err)
	}
	h.send(c, "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"+base64.StdEncoding.EncodeToString([]byte(final))+"</response>")
}

var scramClients = map[string]*scram.Client{}

// bindings reads TYPE=HEX channel-binding arguments.
func bindings(h *harness, args []string) map[string][]byte {
	out := make(map[string][]byte)
	for _, a := range args {
		typ, hx, _ := strings.Cut(a, "=")
		data, err := hex.DecodeString(hx)
		if err != nil {
			h.fail("binding %q: %v", a, err)
		}
		out[typ] = data
	}
	return out
}

// fill sends N copies of a string: "fill C N TEXT".
func (h *harness) fill(c *rawClient, args []string) {
	if len(args) != 2 {
		h.fail("fill C N TEXT")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		h.fail("%v", err)
	}
	h.send(c, strings.Repeat(args[1], n))
}

func (h *harness) plain(c *rawClient, args []string) {
	for len(args) < 3 {
		args = append(args, "")
	}
	for i := range args {
		if args[i] == "-" {
			args[i] = ""
		}
	}
	payload := base64.StdEncoding.EncodeToString([]byte(args[0] + "\x00" + args[1] + "\x00" + args[2]))
	h.send(c, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"+payload+"</auth>")
}

func (h *harness) login(c *rawClient, args []string) {
	if len(args) < 2 {
		h.fail("login C USER PASS [RES]")
	}
	h.send(c, macros.Replace("$H"))
	h.plain(c, []string{"", args[0], args[1]})
	h.send(c, macros.Replace("$H"))
	bind := "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"
	if len(args) > 2 {
		bind = "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + args[2] + "</resource></bind></iq>"
	}
	h.send(c, bind)
	last := ""
	if n := len(c.inbox); n > 0 {
		last = c.inbox[n-1]
	}
	if !strings.HasPrefix(last, "<iq type='result' id='bind'>") {
		h.fail("login of %s failed; received %q", c.name, c.inbox)
	}
	c.inbox = nil
}

func (h *harness) recv(c *rawClient, want string) {
	h.t.Helper()
	if len(c.inbox) == 0 {
		h.fail("%s received nothing, want %s", c.name, want)
	}
	got := c.inbox[0]
	c.inbox = c.inbox[1:]
	if !match(want, got) {
		h.fail("%s received\n got  %s\n want %s", c.name, got, want)
	}
}

var (
	reUUID = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	reRes  = `[A-Za-z0-9_-]{12}`
)

// match compares a chunk with a pattern in which {uuid}, {res} and {*}
// stand for a UUID v4, a generated resource and any text.
func match(pattern, got string) bool {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\{uuid\}`, reUUID)
	re = strings.ReplaceAll(re, `\{res\}`, reRes)
	re = strings.ReplaceAll(re, `\{\*\}`, `.*`)
	return regexp.MustCompile("^" + re + "$").MatchString(got)
}

func (h *harness) fields(c *rawClient, kvs []string) {
	h.t.Helper()
	var found bool
	for _, s := range h.engine().Sessions() {
		if s.ConnID != c.conn.ID {
			continue
		}
		found = true
		for _, kv := range kvs {
			k, want, _ := strings.Cut(kv, "=")
			got := fieldText(s.Field(k).Set, s.Field(k).Text)
			switch k {
			case "state":
				got = s.State
			case "error":
				got = s.Error
			}
			if k == "state" {
				want = strings.ReplaceAll(want, "_", " ") // states are written stream_open
			}
			if !match(want, got) {
				h.fail("%s %s = %q, want %q", c.name, k, got, want)
			}
		}
	}
	if !found {
		h.fail("no session for %s (%s)", c.name, c.conn.ID)
	}
}

func fieldText(set bool, text string) string {
	if !set {
		return "nil"
	}
	return text
}
