package paseto_test

import (
	"crypto/ed25519"
	"slices"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// benchPayload is a typical session token payload (about 150 bytes).
var benchPayload = []byte(`{"iss":"prosody","sub":"juliet@capulet.lit","aud":"xmpp","jti":"s-0001",` +
	`"iat":"2030-01-01T00:00:00Z","nbf":"2030-01-01T00:00:00Z","exp":"2030-01-01T01:00:00Z"}`)

var benchFooter = []byte(`{"kid":"k4.pid.S_XQmeEwHbbvRmiyfXfHYpLGjXGzjTRSDoT1YtTakWFE"}`)

func BenchmarkSign(b *testing.B) {
	sk, _ := keyFromByte(b, 30)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := paseto.Sign(sk, benchPayload, benchFooter, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	sk, pk := keyFromByte(b, 30)
	tok, err := paseto.Sign(sk, benchPayload, benchFooter, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := paseto.Verify(pk, tok, benchFooter, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEd25519Sign is the ceiling for BenchmarkSign: crypto/ed25519
// signing the same PAE message.
func BenchmarkEd25519Sign(b *testing.B) {
	sk, _ := keyFromByte(b, 30)
	priv := ed25519.PrivateKey(sk.Bytes())
	msg := paseto.PAE([]byte(paseto.Header), benchPayload, benchFooter, nil)
	b.ReportAllocs()
	for b.Loop() {
		ed25519.Sign(priv, msg)
	}
}

// BenchmarkEd25519Verify is the ceiling for BenchmarkVerify.
func BenchmarkEd25519Verify(b *testing.B) {
	sk, pk := keyFromByte(b, 30)
	msg := paseto.PAE([]byte(paseto.Header), benchPayload, benchFooter, nil)
	sig := ed25519.Sign(ed25519.PrivateKey(sk.Bytes()), msg)
	pub := ed25519.PublicKey(pk.Bytes())
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("verify failed")
		}
	}
}

// interleaved times ours and ceiling alternately, one call each per
// iteration, so that load from other processes affects both alike, and
// reports the ratio of their median call times as the "x-ed25519" metric.
func interleaved(b *testing.B, ours, ceiling func()) {
	var tOurs, tCeil []time.Duration
	for b.Loop() {
		start := time.Now()
		ours()
		mid := time.Now()
		ceiling()
		tOurs = append(tOurs, mid.Sub(start))
		tCeil = append(tCeil, time.Since(mid))
	}
	if m := median(tCeil); m > 0 {
		b.ReportMetric(float64(median(tOurs))/float64(m), "x-ed25519")
	}
}

// median returns the median of d (which it sorts).
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// BenchmarkSignVsEd25519 reports Sign's cost relative to ed25519.Sign of
// the same PAE message (the target is at most 1.2).
func BenchmarkSignVsEd25519(b *testing.B) {
	sk, _ := keyFromByte(b, 30)
	priv := ed25519.PrivateKey(sk.Bytes())
	msg := paseto.PAE([]byte(paseto.Header), benchPayload, benchFooter, nil)
	interleaved(b, func() {
		if _, err := paseto.Sign(sk, benchPayload, benchFooter, nil); err != nil {
			b.Fatal(err)
		}
	}, func() { ed25519.Sign(priv, msg) })
}

// BenchmarkVerifyVsEd25519 reports Verify's cost relative to
// ed25519.Verify of the same message and signature.
func BenchmarkVerifyVsEd25519(b *testing.B) {
	sk, pk := keyFromByte(b, 30)
	tok, _ := paseto.Sign(sk, benchPayload, benchFooter, nil)
	msg := paseto.PAE([]byte(paseto.Header), benchPayload, benchFooter, nil)
	sig := ed25519.Sign(ed25519.PrivateKey(sk.Bytes()), msg)
	pub := ed25519.PublicKey(pk.Bytes())
	interleaved(b, func() {
		if _, err := paseto.Verify(pk, tok, benchFooter, nil); err != nil {
			b.Fatal(err)
		}
	}, func() {
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("verify failed")
		}
	})
}
