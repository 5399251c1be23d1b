package server

import (
	"encoding/json"
	"fmt"
	"time"
)

// Config is the server's configuration, with Prosody's option names (as
// JSON keys) and Prosody's defaults, so a Prosody user recognises every
// knob. Connections are modelled as already secure, as with Direct TLS, so
// mechanisms are offered at once.
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
	// Mechanisms are the SASL mechanisms offered, in order.
	Mechanisms []string `json:"sasl_mechanisms"`
	// Authentication is "internal_hashed" (default) or "insecure" (Prosody's
	// test setting: every user exists and any password is accepted).
	Authentication string `json:"authentication"`
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
		Mechanisms:            []string{"PLAIN", "SCRAM-SHA-1"},
		Authentication:        "internal_hashed",
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
	case c.Authentication != "internal_hashed" && c.Authentication != "insecure":
		return fmt.Errorf("server: authentication %q is not internal_hashed or insecure", c.Authentication)
	case c.ArchiveItemLimit < 0:
		return fmt.Errorf("server: storage_archive_item_limit %d is below the minimum 0", c.ArchiveItemLimit)
	}
	return nil
}

func (c Config) serves(host string) bool {
	for _, h := range c.Hosts {
		if h == host {
			return true
		}
	}
	return false
}
