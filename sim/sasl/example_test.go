package sasl_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

// memAccounts is a one-user account store.
type memAccounts struct{ creds sasl.Credentials }

func (a memAccounts) Lookup(username string) (sasl.Credentials, bool, bool, error) {
	return a.creds, username == "romeo", false, nil
}

func Example() {
	creds, err := sasl.NewCredentials("secret", []byte("salt"), 4096)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := sasl.Config{Accounts: memAccounts{creds}, Cache: sasl.NewCache(16)}

	m, _ := sasl.New("PLAIN", cfg)
	r := m.Step([]byte("\x00Romeo\x00secret"), true)
	fmt.Println(r.Success, r.Username)

	m, _ = sasl.New("PLAIN", cfg)
	r = m.Step([]byte("\x00romeo\x00wrong"), true)
	fmt.Println(r.Condition, r.Text)
	// Output:
	// true romeo
	// not-authorized Unable to authorize you with the authentication credentials you've sent.
}

func ExampleNew_scram() {
	creds, _ := sasl.NewCredentials("secret", []byte("salt"), 4096)
	cfg := sasl.Config{Accounts: memAccounts{creds}, Nonce: func() string { return "-uuid" }}
	m, _ := sasl.New("SCRAM-SHA-1", cfg)
	r := m.Step([]byte("n,,n=romeo,r=cnonce"), true)
	fmt.Println(string(r.Challenge))
	r = m.Step([]byte("c=biws,r=cnonce-uuid,p=AAAA"), true)
	fmt.Println(r.Condition)
	// Output:
	// r=cnonce-uuid,s=c2FsdA==,i=4096
	// not-authorized
}
