package token

import (
	"time"

	"github.com/sessionscope/sessionscope/sim/server"
)

// Config configures the token service.
type Config struct {
	// Lifetime is how long an issued token is valid (default 3600 s).
	Lifetime server.Seconds `json:"lifetime"`
	// Audience is the "aud" claim of issued tokens and the audience that
	// OAUTHBEARER requires; empty means "xmpp:" followed by the host.
	Audience string `json:"audience,omitempty"`
	// Hats lists, by username, the XEP-0317 hat URIs put in a user's
	// tokens.
	Hats map[string][]string `json:"hats,omitempty"`
}

// DefaultLifetime is the token lifetime when Config.Lifetime is zero.
const DefaultLifetime = time.Hour

// DefaultConfig returns a one-hour lifetime and the default audience.
func DefaultConfig() Config {
	return Config{Lifetime: server.Seconds(DefaultLifetime)}
}

// lifetime returns the configured lifetime, or the default for zero or
// negative values.
func (c Config) lifetime() time.Duration {
	if c.Lifetime <= 0 {
		return DefaultLifetime
	}
	return c.Lifetime.Duration()
}

// AudienceFor returns the audience of host's tokens.
func (c Config) AudienceFor(host string) string {
	if c.Audience != "" {
		return c.Audience
	}
	return "xmpp:" + host
}
