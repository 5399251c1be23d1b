package server

import (
	"encoding/json"
	"fmt"
	"time"
)

// Config is the server's configuration, with Prosody's option names (as
// JSON keys) and Prosody's defaults, so a Prosody user recognises every
// knob. Two defaults are those of the configuration SessionScope is
// compared with rather than Prosody's: c2s_require_encryption is false
// (Prosody: true), so SASL is offered on a plain connection, and PLAIN is
// allowed there (allow_unencrypted_plain_auth = true).
type Config struct {
	// Hosts are the VirtualHosts served.
	Hosts []string `json:"hosts"`
	// StanzaSizeLimit is c2s_stanza_size_limit: the most bytes of one
	// unfinished stanza (default 262144, minimum 10000).
	StanzaSizeLimit int `json:"c2s_stanza_size_limit"`
	// Timeout is c2s_timeout: an unauthenticated session is closed with
	// connection-timeout this long after connecting (default 300 s).
	Timeout Seconds `json:"c2s_timeout"`
	// CloseTimeout is c2s_close_timeout: the grace period after a clean
	// server-side close of a bound session (default 5 s).
	CloseTimeout Seconds `json:"c2s_close_timeout"`
	// ReadTimeout is network_settings.read_timeout, advertised as
	// <idle-seconds> (default 840 s).
	ReadTimeout Seconds `json:"read_timeout"`
	// ConflictResolve is conflict_resolve: kick_old (default), kick_new,
	// increment or random.
	ConflictResolve string `json:"conflict_resolve"`
	// DefaultIterationCount is default_iteration_count for new SCRAM
	// credentials (default 10000, minimum 4096).
	DefaultIterationCount int `json:"default_iteration_count"`
	// Mechanisms are the SASL mechanisms offered, in order (Prosody's
	// order is that of a Lua hash table, which changes from one Prosody
	// process to the next; the default is one it was seen to use). A
	// SCRAM mechanism's -PLUS variant follows it when the connection has
	// a channel binding.
	Mechanisms []string `json:"sasl_mechanisms"`
	// RequireEncryption is c2s_require_encryption: SASL is neither offered
	// nor accepted (encryption-required) before the connection is secure.
	RequireEncryption bool `json:"c2s_require_encryption"`
	// TLS says mod_tls is loaded with a certificate: connections that can
	// be upgraded in place (a listener's TCP sockets) are offered
	// <starttls/>, and <starttls/> from one that cannot gets mod_tls's
	// <failure/>. Without it, as in the page, which has no sockets,
	// <starttls/> is an unsupported-stanza-type, as for Prosody without
	// mod_tls.
	TLS bool `json:"tls"`
	// Authentication is "internal_hashed" (default) or "insecure" (Prosody's
	// test setting: every user exists and any password is accepted).
	Authentication string `json:"authentication"`
	// Modules is modules_enabled: the optional modules loaded, in load
	// order (their features are listed in that order). SessionScope
	// simulates disco, ping, carbons and the community module limit_auth;
	// roster and saslauth are always loaded, as are Prosody's autoloaded
	// presence, message, iq and offline, so listing them changes nothing.
	// Prosody's default configuration enables disco, roster, saslauth,
	// carbons and ping.
	Modules []string `json:"modules_enabled"`
	// LimitAuthMax and LimitAuthPeriod are mod_limit_auth's limit_auth_max
	// and limit_auth_period (defaults 5 and 30 s): with the module loaded,
	// an address may fail authentication that many times in that period.
	LimitAuthMax    int     `json:"limit_auth_max,omitempty"`
	LimitAuthPeriod Seconds `json:"limit_auth_period,omitempty"`
	// ArchiveItemLimit is storage_archive_item_limit: the most messages
	// one user's offline queue holds (Prosody 13's archive quota; its
	// internal store defaults to 10000 and its memory store to 1000, the
	// default here). A message beyond it is refused with
	// service-unavailable, as mod_message answers any message mod_offline
	// could not store. 0 stores none.
	ArchiveItemLimit int `json:"storage_archive_item_limit"`
}

// UnmarshalJSON reads a configuration; an option it does not name keeps
// Prosody's default, as in Prosody's configuration file (a run saved
// before an option existed gets its default).
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	p := plain(DefaultConfig())
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("server: config: %w", err)
	}
	*c = Config(p)
	return nil
}

// The modules a configuration may list, and those always loaded.
var (
	knownModules = map[string]bool{
		"disco": true, "ping": true, "carbons": true, "roster": true, "saslauth": true,
		"presence": true, "message": true, "iq": true, "offline": true, "limit_auth": true,
	}
	// defaultModules are the simulated modules of Prosody 13's
	// prosody.cfg.lua.dist modules_enabled, in its order.
	defaultModules = []string{"disco", "roster", "saslauth", "carbons", "ping"}
)

// Seconds is a duration written in configuration as a number of seconds.
type Seconds time.Duration

// MarshalJSON writes the duration as seconds.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(s).Seconds())
}

// UnmarshalJSON reads a number of seconds.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("server: seconds: %w", err)
	}
	*s = Seconds(f * float64(time.Second))
	return nil
}

// Duration returns s as a time.Duration.
func (s Seconds) Duration() time.Duration { return time.Duration(s) }

// DefaultConfig returns Prosody's defaults for one host, localhost.
func DefaultConfig() Config {
	return Config{
		Hosts:                 []string{"localhost"},
		StanzaSizeLimit:       262144,
		Timeout:               Seconds(300 * time.Second),
		CloseTimeout:          Seconds(5 * time.Second),
		ReadTimeout:           Seconds(840 * time.Second),
		ConflictResolve:       "kick_old",
		DefaultIterationCount: 10000,
		Mechanisms:            []string{"PLAIN", "SCRAM-SHA-1", "OAUTHBEARER"},
		Authentication:        "internal_hashed",
		Modules:               append([]string(nil), defaultModules...),
		ArchiveItemLimit:      1000,
	}
}

// Validate reports the first setting that Prosody would refuse or clamp.
func (c Config) Validate() error {
	switch {
	case len(c.Hosts) == 0:
		return fmt.Errorf("server: no hosts configured")
	case c.StanzaSizeLimit < 10000:
		return fmt.Errorf("server: c2s_stanza_size_limit %d is below the minimum 10000", c.StanzaSizeLimit)
	case c.DefaultIterationCount < 4096:
		return fmt.Errorf("server: default_iteration_count %d is below the minimum 4096", c.DefaultIterationCount)
	case c.LimitAuthMax < 0 || c.LimitAuthPeriod < 0:
		return fmt.Errorf("server: limit_auth_max and limit_auth_period must not be negative")
	case c.Authentication != "internal_hashed" && c.Authentication != "insecure":
		return fmt.Errorf("server: authentication %q is not internal_hashed or insecure", c.Authentication)
	case c.ArchiveItemLimit < 0:
		return fmt.Errorf("server: storage_archive_item_limit %d is below the minimum 0", c.ArchiveItemLimit)
	}
	for _, m := range c.Modules {
		if !knownModules[m] {
			return fmt.Errorf("server: module %q is not simulated (modules_enabled may list disco, ping, carbons, limit_auth, roster, saslauth, presence, message, iq, offline)", m)
		}
	}
	return nil
}

// Loaded reports whether modules_enabled lists the module.
func (c Config) Loaded(module string) bool {
	for _, m := range c.Modules {
		if m == module {
			return true
		}
	}
	return false
}

func (c Config) serves(host string) bool {
	for _, h := range c.Hosts {
		if h == host {
			return true
		}
	}
	return false
}
