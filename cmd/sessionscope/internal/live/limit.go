package live

import (
	"net"
	"sync"
)

// addrLimit counts the connections open from each address, so that one
// address cannot take every connection the listener allows (Prosody 13
// has no such limit of its own; net.server only caps the total).
type addrLimit struct {
	max  int // 0: no limit
	mu   sync.Mutex
	open map[string]int // by IP address; only addresses with connections
}

// take counts a connection from addr in, unless addr already has max.
func (l *addrLimit) take(addr string) bool {
	if l.max <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[addr] >= l.max {
		return false
	}
	if l.open == nil {
		l.open = make(map[string]int)
	}
	l.open[addr]++
	return true
}

// release counts a connection from addr out.
func (l *addrLimit) release(addr string) {
	if l.max <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[addr]--; l.open[addr] <= 0 {
		delete(l.open, addr)
	}
}

// hostOf is the IP address of a remote address (host:port), or the
// address itself when it has no port.
func hostOf(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}
