package token_test

import (
	"fmt"
	"time"

	"github.com/sessionscope/sessionscope/sim/token"
)

// A third-party service holds only the host's public key and checks a
// user's hats in a token the user shows it.
func ExampleVerifier() {
	sk := token.DeriveKey(1, "localhost") // the server's key; the service never sees it
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	claims, _ := token.NewClaims(token.DefaultConfig(), "localhost",
		token.Request{Username: "alice", Hats: []string{"urn:xmpp:hats:moderator"}}, now, "id-1")
	tok, _ := token.SignClaims(sk, claims)

	service := token.Verifier{Host: "localhost", Key: sk.Public()}
	got, err := service.Verify(tok, now.Add(59*time.Minute))
	fmt.Println(got.Claims.Subject, got.HasHat("urn:xmpp:hats:moderator"), err)
	_, err = service.Verify(tok, now.Add(61*time.Minute))
	fmt.Println(err)
	// Output:
	// alice@localhost true <nil>
	// paseto: expired: token expired at 2026-01-01T01:00:00Z
}
