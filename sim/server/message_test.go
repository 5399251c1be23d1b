package server_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

const benchChat = `<message to='juliet@localhost/home' type='chat' id='b1'><body>Hello Juliet!</body></message>`

// routeBench logs romeo and juliet in and returns the harness.
func routeBench(b *testing.B) *imHarness {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	h := newIMHarness(b, cfg)
	h.login("R", "romeo", "balcony")
	h.login("J", "juliet", "home")
	return h
}

// BenchmarkRouteChat measures the server alone routing one chat message
// from a bound resource to another user's full JID: parsing the bytes,
// validation, from-stamping, routing and serialising the delivery.
func BenchmarkRouteChat(b *testing.B) {
	h := routeBench(b)
	srv, net := h.eng.Server(), h.eng.Network()
	from, to := h.eng.Client("R").Conn(), h.eng.Client("J").Conn()
	msg := []byte(benchChat)
	want := `<message to='juliet@localhost/home' type='chat' id='b1' xml:lang='en' from='romeo@localhost/balcony'><body>Hello Juliet!</body></message>`
	srv.Receive(from, msg)
	if d, ok := net.Peek(); !ok || d.Conn != to || string(d.Data) != want {
		b.Fatalf("delivery %+v", d)
	}
	net.Next()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		srv.Receive(from, msg)
		d, _ := net.Peek()
		net.Drop(d.Seq)
	}
}

// BenchmarkRouteChatEngine measures the same message end to end through
// the engine: the client's write, the recorded input, both network
// deliveries, the steps' events and the receiving client's parse.
func BenchmarkRouteChatEngine(b *testing.B) {
	h := routeBench(b)
	e := h.eng
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Send("R", benchChat); err != nil {
			b.Fatal(err)
		}
		e.Run(0)
	}
}

func clientSpec(name, user string) client.Spec {
	return client.Spec{Name: name, User: user, Password: "secret", Resource: "r"}
}
