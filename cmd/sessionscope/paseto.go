package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

const pasetoUsage = `usage:
  sessionscope paseto keygen
      print a new Ed25519 key pair as PASERK k4.secret, k4.public and k4.pid (JSON)
  sessionscope paseto sign -key K -claims JSON [-footer F] [-assertion A]
      print a v4.public token; K is a k4.secret PASERK
  sessionscope paseto verify -key K [-footer F] [-assertion A] [-now T] [-iss I] [-sub S] [-aud A] TOKEN
      check TOKEN against K, a k4.public PASERK, and its claims at T (RFC 3339;
      the current time by default); print the claims, or the failing rule and exit 1
  A value written @FILE is read from FILE (a key file may be keygen's JSON).
`

// pasetoCmd runs "sessionscope paseto ...". Exit codes: 0 success, 1 a
// rejected token or unusable input, 2 a usage error.
func pasetoCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, pasetoUsage)
		return 2
	}
	switch args[0] {
	case "keygen":
		return pasetoKeygen(args[1:], stdout, stderr)
	case "sign":
		return pasetoSign(args[1:], stdout, stderr)
	case "verify":
		return pasetoVerify(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "sessionscope paseto: unknown command %q\n%s", args[0], pasetoUsage)
	return 2
}

// keyFile is keygen's output.
type keyFile struct {
	Secret string `json:"secret"`
	Public string `json:"public"`
	ID     string `json:"kid"`
}

func pasetoKeygen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("paseto keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return 2
	}
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return fail(stderr, "keygen", err)
	}
	sk, err := paseto.NewSecretKeyFromSeed(seed)
	if err != nil {
		return fail(stderr, "keygen", err)
	}
	b, _ := json.MarshalIndent(keyFile{sk.PASERK(), sk.Public().PASERK(), sk.Public().ID()}, "", "  ")
	fmt.Fprintf(stdout, "%s\n", b)
	return 0
}

// tokenFlags are the flags sign and verify share.
type tokenFlags struct {
	key, footer, assertion string
	footerSet              bool
}

func (f *tokenFlags) register(fs *flag.FlagSet, keyHelp string) {
	fs.StringVar(&f.key, "key", "", keyHelp)
	fs.Func("footer", "footer (verify: the expected footer; unset accepts any)", func(s string) error {
		f.footer, f.footerSet = s, true
		return nil
	})
	fs.StringVar(&f.assertion, "assertion", "", "implicit assertion")
}

// values reads @FILE values.
func (f *tokenFlags) values() error {
	for _, p := range []*string{&f.key, &f.footer, &f.assertion} {
		v, err := readValue(*p)
		if err != nil {
			return err
		}
		*p = v
	}
	return nil
}

func pasetoSign(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("paseto sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var tf tokenFlags
	tf.register(fs, "secret key: a k4.secret PASERK, or @FILE")
	claims := fs.String("claims", "", "the claims: a JSON object, or @FILE")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || tf.key == "" || *claims == "" {
		fmt.Fprint(stderr, pasetoUsage)
		return 2
	}
	payload, err := readValue(*claims)
	if err == nil {
		err = tf.values()
	}
	if err != nil {
		return fail(stderr, "sign", err)
	}
	sk, err := paseto.ParseSecretKey(keyString(tf.key, true))
	if err != nil {
		return fail(stderr, "sign", err)
	}
	if _, err := paseto.ParseClaims([]byte(payload)); err != nil {
		return fail(stderr, "sign", err)
	}
	tok, err := paseto.Sign(sk, []byte(payload), []byte(tf.footer), []byte(tf.assertion))
	if err != nil {
		return fail(stderr, "sign", err)
	}
	fmt.Fprintln(stdout, tok)
	return 0
}

// claimFlags are verify's expectations of the claims.
type claimFlags struct {
	now, iss, sub, aud string
}

func pasetoVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("paseto verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var tf tokenFlags
	tf.register(fs, "public key: a k4.public PASERK, or @FILE")
	var cf claimFlags
	fs.StringVar(&cf.now, "now", "", "validate time claims at this RFC 3339 instant (default: now)")
	fs.StringVar(&cf.iss, "iss", "", "expected issuer")
	fs.StringVar(&cf.sub, "sub", "", "expected subject")
	fs.StringVar(&cf.aud, "aud", "", "expected audience")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || tf.key == "" {
		fmt.Fprint(stderr, pasetoUsage)
		return 2
	}
	v, err := cf.validator()
	if err == nil {
		err = tf.values()
	}
	if err != nil {
		return fail(stderr, "verify", err)
	}
	pk, err := paseto.ParsePublicKey(keyString(tf.key, false))
	if err != nil {
		return fail(stderr, "verify", err)
	}
	var footer []byte
	if tf.footerSet {
		footer = []byte(tf.footer)
	}
	tok := strings.TrimSpace(fs.Arg(0))
	if _, err := paseto.VerifyClaims(pk, tok, footer, []byte(tf.assertion), v); err != nil {
		return fail(stderr, "verify", err)
	}
	payload, _ := paseto.Verify(pk, tok, footer, []byte(tf.assertion))
	fmt.Fprintf(stdout, "%s\n", payload)
	return 0
}

func (cf claimFlags) validator() (paseto.Validator, error) {
	now := time.Now()
	if cf.now != "" {
		t, err := time.Parse(time.RFC3339, cf.now)
		if err != nil {
			return paseto.Validator{}, fmt.Errorf("-now: %w", err)
		}
		now = t
	}
	return paseto.Validator{Now: now, Issuer: cf.iss, Subject: cf.sub, Audience: cf.aud}, nil
}

// fail reports err; a token rejection names its rule first:
// "sessionscope paseto verify: rule expired: token expired at ...".
func fail(stderr io.Writer, cmd string, err error) int {
	var pe *paseto.Error
	if errors.As(err, &pe) {
		fmt.Fprintf(stderr, "sessionscope paseto %s: rule %s: %s\n", cmd, pe.Rule, pe.Detail)
		return 1
	}
	fmt.Fprintf(stderr, "sessionscope paseto %s: %v\n", cmd, err)
	return 1
}

// maxValueFile bounds what an @FILE value may hold: keys, claims and
// tokens are a few kilobytes at most.
const maxValueFile = 1 << 20

// readValue returns s, or the contents of FILE for "@FILE" without one
// trailing newline. A file larger than maxValueFile is refused, without
// reading more of it than that.
func readValue(s string) (string, error) {
	name, ok := strings.CutPrefix(s, "@")
	if !ok {
		return s, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxValueFile+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxValueFile {
		return "", fmt.Errorf("%s is larger than %d bytes", name, maxValueFile)
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), nil
}

// keyString accepts a PASERK string or keygen's JSON, from which it takes
// the secret or the public key.
func keyString(s string, secret bool) string {
	var kf keyFile
	if json.Unmarshal([]byte(s), &kf) != nil {
		return strings.TrimSpace(s)
	}
	if secret {
		return kf.Secret
	}
	return kf.Public
}
