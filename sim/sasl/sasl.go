package sasl

// Mechanism names, in Prosody's advertisement order.
const (
	PLAIN       = "PLAIN"
	SCRAMSHA1   = "SCRAM-SHA-1"
	SCRAMSHA256 = "SCRAM-SHA-256"
	OAUTHBEARER = "OAUTHBEARER"
	// PlusSuffix turns a SCRAM mechanism into its channel-binding variant.
	PlusSuffix   = "-PLUS"
	defaultNonce = "00000000-0000-4000-8000-000000000000"
)

// Failure conditions, the child element names of <failure/>.
const (
	CondMalformed     = "malformed-request"
	CondNotAuthorized = "not-authorized"
	CondDisabled      = "account-disabled"
	CondTemporary     = "temporary-auth-failure"
)

// Accounts is what the mechanisms ask about users; the engine implements it
// over its storage.
type Accounts interface {
	// Lookup returns the stored credentials of username, which is already
	// nodeprepped, whether the account exists and whether it is disabled.
	// A non-nil err is answered with temporary-auth-failure.
	Lookup(username string) (c Credentials, exists bool, disabled bool, err error)
}

// Result is the outcome of one [Mechanism.Step].
type Result struct {
	Done      bool   // true on success or failure; false: Challenge holds the next challenge
	Success   bool   // true when authentication succeeded
	Username  string // on success: the nodeprepped authcid
	Data      []byte // on success: additional data (SCRAM v=...), nil for PLAIN
	Challenge []byte // when !Done: the next challenge
	Condition string // on failure: not-authorized, malformed-request, account-disabled, ...
	Text      string // on failure: Prosody's exact text, or "" for none
	// Resource, on success, is a resource the mechanism pins (Prosody's
	// sasl_resource): it wins over the resource the client asks for at bind.
	Resource string
}

// Mechanism is one server-side SASL exchange. It is not safe for concurrent
// use; after a Result with Done set, further steps fail with
// malformed-request.
type Mechanism interface {
	// Name returns the mechanism name, such as "PLAIN".
	Name() string
	// Step consumes the decoded client message; present=false means the
	// element had no body (nil in Prosody).
	Step(msg []byte, present bool) Result
}

// Config is what the mechanisms need from the engine.
type Config struct {
	// Accounts answers user lookups. It may be nil when Insecure is set.
	Accounts Accounts
	// Insecure models authentication="insecure": every user exists, PLAIN
	// accepts any password and SCRAM is not offered.
	Insecure bool
	// Nonce returns the server part of the SCRAM nonce, which Prosody
	// appends to the client nonce (a UUID v4). When nil, an all-zero UUID
	// is used, which suits tests only.
	Nonce func() string
	// Cache, when set, remembers successful PLAIN verifications.
	Cache *Cache
	// ChannelBindings, when non-empty, makes the server support channel
	// binding as Prosody does on a TLS connection: it maps each supported
	// type (such as "tls-exporter") to its binding data. It changes how
	// SCRAM treats the GS2 'y' and 'p' flags.
	ChannelBindings map[string][]byte
}

// Names returns the supported mechanism names in advertisement order,
// without the -PLUS variants (see [Advertised]).
func Names() []string { return []string{PLAIN, SCRAMSHA1, SCRAMSHA256, OAUTHBEARER} }

// Advertised returns the mechanisms cfg offers, in advertisement order:
// only PLAIN in insecure mode (mod_auth_insecure's profile has only
// plain_test), otherwise [Names], each SCRAM mechanism followed by its
// -PLUS variant when cfg has a channel binding that -PLUS is registered
// for (tls-unique or tls-exporter; util/sasl.lua's mechanisms() hides it
// otherwise).
func Advertised(cfg Config) []string {
	if cfg.Insecure {
		return []string{PLAIN}
	}
	var out []string
	for _, n := range Names() {
		out = append(out, n)
		if IsSCRAM(n) && PlusUsable(cfg) {
			out = append(out, n+PlusSuffix)
		}
	}
	return out
}

// IsSCRAM reports whether name is a SCRAM mechanism without -PLUS.
func IsSCRAM(name string) bool { return name == SCRAMSHA1 || name == SCRAMSHA256 }

// PlusUsable reports whether cfg has a channel binding that the -PLUS
// mechanisms are registered for: Prosody's util/sasl/scram.lua registers
// them with {"tls-unique", "tls-exporter"} only, so tls-server-end-point
// alone does not make them offered.
func PlusUsable(cfg Config) bool {
	_, unique := cfg.ChannelBindings["tls-unique"]
	_, exporter := cfg.ChannelBindings["tls-exporter"]
	return unique || exporter
}

// DecodeBase64 decodes a SASL element's text as Prosody's
// util.encodings.base64.decode does (see luaBase64Decode); ok is false
// where Prosody's decoder returns nil, which mod_saslauth answers with
// incorrect-encoding.
func DecodeBase64(s string) (data []byte, ok bool) { return luaBase64Decode(s) }

// New starts an exchange with the named mechanism. It reports false for a
// mechanism that cfg does not offer, which the caller answers with
// invalid-mechanism. The -PLUS variants are selectable even without a
// channel binding, as util/sasl.lua's select() allows every mechanism of
// the profile, advertised or not: without one they run as plain SCRAM.
func New(name string, cfg Config) (Mechanism, bool) {
	switch {
	case name == PLAIN:
		return &plain{cfg: cfg}, true
	case cfg.Insecure:
		return nil, false
	case name == SCRAMSHA1, name == SCRAMSHA1+PlusSuffix:
		return newSCRAM(name, sha1Hash, cfg), true
	case name == SCRAMSHA256, name == SCRAMSHA256+PlusSuffix:
		return newSCRAM(name, sha256Hash, cfg), true
	case name == OAUTHBEARER:
		return &oauthbearer{}, true
	}
	return nil, false
}

// failure builds a failed Result.
func failure(condition, text string) Result {
	return Result{Done: true, Condition: condition, Text: text}
}

// success builds a successful Result.
func success(username string, data []byte) Result {
	return Result{Done: true, Success: true, Username: username, Data: data}
}
