package loadgen

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config says what load to send.
type Config struct {
	Addr     string // the server's c2s address, host:port
	Domain   string // the XMPP domain (default localhost)
	Clients  int    // concurrent clients (default 1000)
	Contacts int    // directed presences each client sends (default 20; negative: none)
	Messages int    // messages each client sends, to its next contacts in turn (default 10)
	Prefix   string // user names are Prefix0, Prefix1, ... (default load)
	Password string // every user's password (default secret)
	// Bound, when set, is called once every client is bound, before any
	// presence or message is sent.
	Bound func()
}

func (c *Config) defaults() {
	if c.Domain == "" {
		c.Domain = "localhost"
	}
	if c.Clients <= 0 {
		c.Clients = 1000
	}
	if c.Contacts < 0 {
		c.Contacts = 0
	} else if c.Contacts == 0 {
		c.Contacts = 20
	}
	if c.Messages <= 0 {
		c.Messages = 10
	}
	c.Clients = max(c.Clients, 2)
	c.Contacts = min(c.Contacts, c.Clients-1)
	if c.Prefix == "" {
		c.Prefix = "load"
	}
	if c.Password == "" {
		c.Password = "secret"
	}
}

// Result is what a run measured.
type Result struct {
	Clients    int           // clients that logged in and bound
	Sent       int           // messages sent
	Delivered  int           // messages received, each at most once
	Duplicates int           // messages received more than once
	Presences  int           // directed presences received
	Login      time.Duration // until every client was bound
	Exchange   time.Duration // from the first message sent to the last received
}

// MessagesPerSecond is the end-to-end delivery rate.
func (r Result) MessagesPerSecond() float64 {
	if r.Exchange <= 0 {
		return 0
	}
	return float64(r.Delivered) / r.Exchange.Seconds()
}

// Lost reports whether a message or presence was not delivered.
func (r Result) Lost(cfg Config) bool {
	cfg.defaults()
	return r.Delivered != r.Sent || r.Duplicates != 0 || r.Presences != cfg.Clients*cfg.Contacts
}

// client is one load client.
type client struct {
	i    int
	conn net.Conn
	r    *bufio.Reader
	seen map[string]int
	pres int
	mu   sync.Mutex
	done chan struct{} // closed when everything expected arrived
	want int
	got  int
}

// Run logs every client in, exchanges presence and messages, waits
// until everything expected arrived or ctx is done, and closes.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg.defaults()
	var res Result
	start := time.Now()
	clients, err := loginAll(ctx, cfg)
	defer func() {
		for _, c := range clients {
			if c != nil {
				_ = c.conn.Close()
			}
		}
	}()
	if err != nil {
		return res, err
	}
	res.Clients, res.Login = len(clients), time.Since(start)
	if cfg.Bound != nil {
		cfg.Bound()
	}
	for _, c := range clients {
		go c.read(cfg)
	}
	start = time.Now()
	if err := sendAll(clients, cfg); err != nil {
		return res, err
	}
	res.Sent = cfg.Clients * cfg.Messages
	for _, c := range clients {
		select {
		case <-c.done:
		case <-ctx.Done():
		}
	}
	res.Exchange = time.Since(start)
	tally(&res, clients)
	return res, ctx.Err()
}

// tally counts what the clients received, and closes their streams.
func tally(res *Result, clients []*client) {
	for _, c := range clients {
		c.mu.Lock()
		for _, n := range c.seen {
			res.Delivered++
			res.Duplicates += n - 1
		}
		res.Presences += c.pres
		c.mu.Unlock()
		_, _ = io.WriteString(c.conn, "</stream:stream>")
	}
}

// loginAll logs every client in at once.
func loginAll(ctx context.Context, cfg Config) ([]*client, error) {
	clients := make([]*client, cfg.Clients)
	errs := make([]error, cfg.Clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clients[i], errs[i] = login(ctx, cfg, i)
		}()
	}
	wg.Wait()
	return clients, errors.Join(errs...)
}

func (c *Config) user(i int) string { return c.Prefix + strconv.Itoa(i) }

func (c *Config) full(i int) string { return c.user(i) + "@" + c.Domain + "/load" }

func login(ctx context.Context, cfg Config, i int) (*client, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c := &client{i: i, conn: conn, r: bufio.NewReader(conn), seen: make(map[string]int), done: make(chan struct{})}
	c.want = cfg.Messages + cfg.Contacts
	header := "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='" + cfg.Domain + "' version='1.0'>"
	auth := base64.StdEncoding.EncodeToString([]byte("\x00" + cfg.user(i) + "\x00" + cfg.Password))
	steps := []struct{ send, until string }{
		{header, "</stream:features>"},
		{"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth + "</auth>", "<success"},
		{header, "</stream:features>"},
		{"<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load</resource></bind></iq>", "</iq>"},
		{"<presence/>", ""},
	}
	for _, s := range steps {
		if _, err := io.WriteString(conn, s.send); err != nil {
			return c, fmt.Errorf("%s: %w", cfg.user(i), err)
		}
		if err := c.until(s.until); err != nil {
			return c, fmt.Errorf("%s: waiting for %s: %w", cfg.user(i), s.until, err)
		}
	}
	return c, nil
}

// until reads byte by byte until want has been received, so that nothing
// after it is consumed.
func (c *client) until(want string) error {
	var got strings.Builder
	for !strings.HasSuffix(got.String(), want) {
		b, err := c.r.ReadByte()
		if err != nil {
			return err
		}
		got.WriteByte(b)
		if strings.Contains(got.String(), "</stream:stream>") || strings.Contains(got.String(), "<failure") {
			return fmt.Errorf("refused: %s", got.String())
		}
	}
	return nil
}

// sendAll has every client send its presences and messages, each client
// in one write.
func sendAll(clients []*client, cfg Config) error {
	errs := make([]error, len(clients))
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b strings.Builder
			for k := 1; k <= cfg.Contacts; k++ {
				fmt.Fprintf(&b, "<presence to='%s'/>", cfg.full((c.i+k)%cfg.Clients))
			}
			for k := 1; k <= cfg.Messages; k++ {
				to := (c.i + 1 + (k-1)%(cfg.Clients-1)) % cfg.Clients // every client receives Messages
				fmt.Fprintf(&b, "<message to='%s' id='m%d-%d' type='chat'><body>%d</body></message>", cfg.full(to), c.i, k, k)
			}
			_, errs[c.i] = io.WriteString(c.conn, b.String())
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// read counts the messages and directed presences the client receives.
func (c *client) read(cfg Config) {
	d := xml.NewDecoder(c.r)
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var st struct {
			ID   string `xml:"id,attr"`
			From string `xml:"from,attr"`
			Type string `xml:"type,attr"`
		}
		if err := d.DecodeElement(&st, &se); err != nil {
			return
		}
		c.count(se.Name.Local, st.ID, st.From, st.Type, cfg)
	}
}

func (c *client) count(name, id, from, typ string, cfg Config) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case name == "message" && typ == "chat":
		c.seen[id]++
		if c.seen[id] == 1 {
			c.got++
		}
	case name == "presence" && typ == "" && from != cfg.full(c.i):
		c.pres++
		c.got++
	default:
		return
	}
	if c.got == c.want {
		close(c.done)
	}
}
