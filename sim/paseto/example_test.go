package paseto_test

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

func Example() {
	seed, _ := hex.DecodeString("b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774")
	sk, _ := paseto.NewSecretKeyFromSeed(seed)
	pk := sk.Public()

	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC) // the simulator's virtual clock
	payload, _ := json.Marshal(paseto.Claims{
		Issuer: "localhost", Subject: "juliet@localhost",
		IssuedAt: now, Expiration: now.Add(time.Hour),
	})
	footer := []byte(`{"kid":"` + pk.ID() + `"}`)
	token, _ := paseto.Sign(sk, payload, footer, nil)

	c, err := paseto.VerifyClaims(pk, token, footer, nil,
		paseto.Validator{Now: now.Add(30 * time.Minute), Issuer: "localhost"})
	fmt.Println(c.Subject, err)

	_, err = paseto.VerifyClaims(pk, token, footer, nil,
		paseto.Validator{Now: now.Add(2 * time.Hour)})
	fmt.Println(errors.Is(err, paseto.RuleExpired))
	// Output:
	// juliet@localhost <nil>
	// true
}

func ExamplePAE() {
	fmt.Printf("%x\n", paseto.PAE([]byte("test")))
	// Output: 0100000000000000040000000000000074657374
}

func ExampleVerify() {
	seed, _ := hex.DecodeString("b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774")
	sk, _ := paseto.NewSecretKeyFromSeed(seed)
	token, _ := paseto.Sign(sk, []byte(`{"data":"hi"}`), nil, []byte("session-1"))

	payload, err := paseto.Verify(sk.Public(), token, nil, []byte("session-1"))
	fmt.Printf("%s %v\n", payload, err)

	_, err = paseto.Verify(sk.Public(), token, nil, []byte("session-2"))
	fmt.Println(err)
	// Output:
	// {"data":"hi"} <nil>
	// paseto: signature: signature does not verify
}

func ExampleDecodeBase64() {
	for _, s := range []string{"AA", "AB", "AA==", "A+", "AA\n"} {
		b, err := paseto.DecodeBase64(s)
		fmt.Printf("%q %x %v\n", s, b, errors.Is(err, paseto.RuleBase64))
	}
	// Output:
	// "AA" 00 false
	// "AB"  true
	// "AA=="  true
	// "A+"  true
	// "AA\n"  true
}

func ExampleInspect() {
	seed, _ := hex.DecodeString("b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774")
	sk, _ := paseto.NewSecretKeyFromSeed(seed)
	token, _ := paseto.Sign(sk, []byte(`{"a":1}`), []byte("kid"), nil)
	p, _ := paseto.Inspect(token, nil)
	fmt.Println(p.HeaderSpan, p.BodySpan, p.FooterSpan, string(p.Message), len(p.Signature), string(p.Footer), len(p.PAE))
	// Output: {0 10} {10 105} {106 110} {"a":1} 64 kid 60
}

func ExamplePublicKey_ID() {
	pk, _ := paseto.ParsePublicKey("k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	fmt.Println(pk.ID())
	// Output: k4.pid.S_XQmeEwHbbvRmiyfXfHYpLGjXGzjTRSDoT1YtTakWFE
}
