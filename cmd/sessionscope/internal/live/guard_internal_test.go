package live

import "testing"

// TestHostAllowed: the Host (or Origin) a page reaches the events at must
// name the address served; DNS names other than localhost never do.
func TestHostAllowed(t *testing.T) {
	for _, tc := range []struct {
		name, served, host string
		want               bool
	}{
		{"the loopback address", "127.0.0.1:8080", "127.0.0.1:8080", true},
		{"localhost for loopback", "127.0.0.1:8080", "localhost:8080", true},
		{"IPv6 loopback for loopback", "127.0.0.1:8080", "[::1]:8080", true},
		{"another port", "127.0.0.1:8080", "127.0.0.1:8081", false},
		{"no port", "127.0.0.1:80", "127.0.0.1", false},
		{"a rebinding name", "127.0.0.1:8080", "evil.example:8080", false},
		{"a LAN address for loopback", "127.0.0.1:8080", "192.0.2.7:8080", false},
		{"the public address served", "192.0.2.7:8080", "192.0.2.7:8080", true},
		{"localhost for a public address", "192.0.2.7:8080", "localhost:8080", false},
		{"any address when serving all", "0.0.0.0:8080", "192.0.2.7:8080", true},
		{"a name when serving all", "[::]:8080", "evil.example:8080", false},
		{"served as localhost", "localhost:8080", "127.0.0.1:8080", true},
		{"a trailing dot", "127.0.0.1:8080", "localhost.:8080", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Guard{Addr: tc.served}).hostAllowed(tc.host); got != tc.want {
				t.Errorf("serving %s, Host %s allowed = %v, want %v", tc.served, tc.host, got, tc.want)
			}
		})
	}
}
