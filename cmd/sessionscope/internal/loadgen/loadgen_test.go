package loadgen

import "testing"

func TestLost(t *testing.T) {
	cfg := Config{Clients: 3, Contacts: 1, Messages: 2}
	tests := []struct {
		name string
		res  Result
		lost bool
	}{
		{"all delivered", Result{Sent: 6, Delivered: 6, Presences: 3}, false},
		{"a message lost", Result{Sent: 6, Delivered: 5, Presences: 3}, true},
		{"a duplicate", Result{Sent: 6, Delivered: 6, Duplicates: 1, Presences: 3}, true},
		{"a presence lost", Result{Sent: 6, Delivered: 6, Presences: 2}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.res.Lost(cfg); got != tt.lost {
				t.Errorf("Lost = %v, want %v", got, tt.lost)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Config
		want Config
	}{
		{"zero", Config{}, Config{Domain: "localhost", Clients: 1000, Contacts: 20, Messages: 10, Prefix: "load", Password: "secret"}},
		{"contacts capped", Config{Clients: 5, Contacts: 50}, Config{Domain: "localhost", Clients: 5, Contacts: 4, Messages: 10, Prefix: "load", Password: "secret"}},
		{"no presence", Config{Clients: 5, Contacts: -1}, Config{Domain: "localhost", Clients: 5, Contacts: 0, Messages: 10, Prefix: "load", Password: "secret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.defaults()
			if got.Domain != tt.want.Domain || got.Clients != tt.want.Clients || got.Contacts != tt.want.Contacts ||
				got.Messages != tt.want.Messages || got.Prefix != tt.want.Prefix || got.Password != tt.want.Password {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMessagesPerSecond(t *testing.T) {
	if got := (Result{Delivered: 500, Exchange: 1e9 / 2}).MessagesPerSecond(); got != 1000 {
		t.Errorf("got %v, want 1000", got)
	}
	if got := (Result{}).MessagesPerSecond(); got != 0 {
		t.Errorf("no exchange: got %v, want 0", got)
	}
}
