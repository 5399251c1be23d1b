package live

import (
	"errors"
	"net"
	"strconv"
	"sync"
	"time"
)

// refusal is what a refused connection receives: a stream header and a
// stream error.
func refusal(condition, text string) string {
	return "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' version='1.0'>" +
		"<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>" +
		"<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + text + "</text></stream:error></stream:stream>"
}

// The refusals: beyond the maximum, a resource-constraint stream error
// (RFC 6120 4.9.3.17); beyond the maximum from one address, a
// policy-violation (4.9.3.14).
var (
	refuseFull = refusal("resource-constraint", "Too many connections")
	refuseAddr = refusal("policy-violation", "Too many connections from your address")
)

// ServeTCP accepts XMPP client connections (RFC 6120) on ln until ln is
// closed or the runner stops. An accept that fails (out of file
// descriptors, say) is tried again after a pause that doubles up to a
// second, so the listener never stops serving for good.
func (r *Runner) ServeTCP(ln net.Listener) error {
	return r.serve(ln, func(nc net.Conn, addr string) {
		name := "tcp" + strconv.FormatInt(r.seq.Add(1), 10)
		go r.start(name, addr, &tcpConn{c: nc, raw: nc, wt: r.cfg.WriteTimeout, starttls: r.cfg.TLS != nil})
	})
}

// serve accepts connections on ln and hands each admitted one to handle,
// with its remote address, until ln is closed or the runner stops; a
// connection beyond the maximum, overall or from its address, is refused.
// Accept errors are retried after a backoff.
func (r *Runner) serve(ln net.Listener, handle func(nc net.Conn, addr string)) error {
	var wait time.Duration // the backoff after accept errors, as net/http's
	for {
		nc, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			// Running out of file descriptors (EMFILE) and the like pass:
			// wait a little longer each time, and accept again.
			wait = min(max(2*wait, 5*time.Millisecond), time.Second)
			select {
			case <-r.done:
				return nil
			case <-time.After(wait):
			}
			continue
		}
		wait = 0
		addr := hostOf(nc.RemoteAddr().String())
		if why := r.admit(addr); why != "" {
			go r.refuseTCP(nc, why)
			continue
		}
		handle(nc, addr)
	}
}

// admit counts a new connection from addr in, unless the maximum is
// reached, overall or from that address: it then returns the refusal to
// send.
func (r *Runner) admit(addr string) string {
	for {
		n := r.open.Load()
		if n >= int64(r.cfg.MaxConns) {
			return refuseFull
		}
		if r.open.CompareAndSwap(n, n+1) {
			break
		}
	}
	if !r.addrs.take(addr) {
		r.open.Add(-1)
		return refuseAddr
	}
	return ""
}

// release counts a connection from addr out.
func (r *Runner) release(addr string) {
	r.addrs.release(addr)
	r.open.Add(-1)
}

func (r *Runner) refuseTCP(nc net.Conn, refusal string) {
	_ = nc.SetWriteDeadline(time.Now().Add(r.cfg.WriteTimeout))
	_, _ = nc.Write([]byte(refusal))
	_ = nc.Close()
}

// tcpConn is a TCP client socket.
type tcpConn struct {
	mu       sync.Mutex // held by writes, and by a STARTTLS handshake
	c        net.Conn   // the socket: raw, or TLS once upgraded
	raw      net.Conn   // the TCP socket under c
	starttls bool       // the socket may still be upgraded with STARTTLS
	wt       time.Duration
	buf      [4096]byte
	once     sync.Once
}

func (t *tcpConn) Read() ([]byte, error) {
	for {
		n, err := t.c.Read(t.buf[:])
		if n > 0 {
			return append([]byte(nil), t.buf[:n]...), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Send writes everything queued in one write; a keepalive is a space.
func (t *tcpConn) Send(items []outItem) error {
	var b []byte
	for _, it := range items {
		if it.keepalive {
			b = append(b, ' ')
		}
		b = append(b, it.data...)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.c.SetWriteDeadline(time.Now().Add(t.wt)); err != nil {
		return err
	}
	_, err := t.c.Write(b)
	return err
}

func (t *tcpConn) Close() error {
	var err error
	t.once.Do(func() { err = t.raw.Close() })
	return err
}
