package paseto_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// rawSign builds a v4.public token directly from crypto/ed25519 and the
// exported PAE, bypassing Sign's payload checks, to produce validly signed
// tokens with payloads Sign refuses.
func rawSign(t testing.TB, sk paseto.SecretKey, payload, footer, implicit []byte) string {
	t.Helper()
	sig := ed25519.Sign(ed25519.PrivateKey(sk.Bytes()), paseto.PAE([]byte(paseto.Header), payload, footer, implicit))
	tok := paseto.Header + paseto.EncodeBase64(append(append([]byte{}, payload...), sig...))
	if len(footer) > 0 {
		tok += "." + paseto.EncodeBase64(footer)
	}
	return tok
}
