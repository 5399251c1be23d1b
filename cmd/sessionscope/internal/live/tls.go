package live

import (
	"crypto/tls"
	"net"
	"strconv"
	"time"
)

// TLS as Prosody's mod_tls offers it: STARTTLS on the TCP listener and
// direct TLS on its own port. The handshake happens here, outside the
// engine; the engine learns of it as a recorded input (Engine.Secure) with
// the channel-binding data Prosody 13 offers: tls-exporter on TLS 1.3,
// tls-unique before.

// handshakeTimeout bounds a TLS handshake.
const handshakeTimeout = 30 * time.Second

// bindingsOf returns the channel-binding data of an established TLS
// connection, by type.
func bindingsOf(st tls.ConnectionState) map[string][]byte {
	if st.Version >= tls.VersionTLS13 {
		ekm, err := st.ExportKeyingMaterial("EXPORTER-Channel-Binding", nil, 32)
		if err != nil {
			return map[string][]byte{}
		}
		return map[string][]byte{"tls-exporter": ekm}
	}
	if len(st.TLSUnique) > 0 {
		return map[string][]byte{"tls-unique": st.TLSUnique}
	}
	return map[string][]byte{}
}

// handshake runs the server side of a TLS handshake on nc.
func handshake(nc net.Conn, cfg *tls.Config) (*tls.Conn, map[string][]byte, error) {
	tc := tls.Server(nc, cfg)
	if err := nc.SetDeadline(time.Now().Add(handshakeTimeout)); err != nil {
		return nil, nil, err
	}
	if err := tc.Handshake(); err != nil {
		return nil, nil, err
	}
	if err := nc.SetDeadline(time.Time{}); err != nil {
		return nil, nil, err
	}
	return tc, bindingsOf(tc.ConnectionState()), nil
}

// ServeDirectTLS accepts XMPP client connections over direct TLS (XEP-0368)
// on ln, with the Config's TLS configuration, until ln is closed or the
// runner stops. Each session is secure from its connect. A connection
// beyond the maximum is refused in clear, before any handshake.
func (r *Runner) ServeDirectTLS(ln net.Listener) error {
	return r.serve(ln, func(nc net.Conn, addr string) {
		go func() {
			tc, cb, err := handshake(nc, r.cfg.TLS)
			if err != nil {
				_ = nc.Close()
				r.release(addr)
				return
			}
			name := "tls" + strconv.FormatInt(r.seq.Add(1), 10)
			r.startWith(name, addr, &tcpConn{c: tc, raw: nc, wt: r.cfg.WriteTimeout}, cb)
		}()
	})
}

// upgrade turns the socket into TLS after <proceed/> was written: it
// holds the write lock during the handshake, so nothing is written in
// clear meanwhile.
func (t *tcpConn) upgrade(cfg *tls.Config) (map[string][]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tc, cb, err := handshake(t.raw, cfg)
	if err != nil {
		return nil, err
	}
	t.c = tc
	return cb, nil
}
