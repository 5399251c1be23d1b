package view

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/server"
)

// ConfigForm is the server panel's configuration form as typed: the
// first host and Prosody's options by name.
type ConfigForm struct {
	Host            string // the first host
	ConflictResolve string // conflict_resolve
	StanzaSizeLimit string // c2s_stanza_size_limit, in bytes
	Timeout         string // c2s_timeout, in seconds
	CloseTimeout    string // c2s_close_timeout, in seconds
	Modules         string // modules_enabled, separated by spaces or commas
}

// FormOf fills the form from a configuration.
func FormOf(c server.Config) ConfigForm {
	secs := func(s server.Seconds) string { return strconv.FormatFloat(s.Duration().Seconds(), 'f', -1, 64) }
	return ConfigForm{Host: c.Hosts[0], ConflictResolve: c.ConflictResolve, StanzaSizeLimit: strconv.Itoa(c.StanzaSizeLimit),
		Timeout: secs(c.Timeout), CloseTimeout: secs(c.CloseTimeout), Modules: strings.Join(c.Modules, " ")}
}

// Apply returns c with the form's values, or an error naming the first
// value that is not valid.
func (f ConfigForm) Apply(c server.Config) (server.Config, error) {
	c.Hosts = append([]string(nil), c.Hosts...)
	host := strings.TrimSpace(f.Host)
	if host == "" {
		return c, formError("host is empty")
	}
	c.Hosts[0] = host
	c.ConflictResolve = f.ConflictResolve
	var err error
	if c.StanzaSizeLimit, err = strconv.Atoi(strings.TrimSpace(f.StanzaSizeLimit)); err != nil {
		return c, formError("c2s_stanza_size_limit is not a number")
	}
	if c.Timeout, err = seconds("c2s_timeout", f.Timeout); err != nil {
		return c, err
	}
	if c.CloseTimeout, err = seconds("c2s_close_timeout", f.CloseTimeout); err != nil {
		return c, err
	}
	c.Modules = strings.FieldsFunc(f.Modules, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	return c, c.Validate()
}

func seconds(name, s string) (server.Seconds, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f <= 0 || f > 1e9 {
		return 0, formError(name + " must be a positive number of seconds")
	}
	return server.Seconds(time.Duration(f * float64(time.Second))), nil
}

func formError(msg string) error { return fmt.Errorf("configuration: %s", msg) }

// ParseArgs reads a stanza action's arguments typed as "key=value;
// key=value"; pieces without "=" or with an empty key are ignored.
func ParseArgs(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		if k = strings.TrimSpace(k); ok && k != "" {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

// ArgHints shows, for each stanza action, the arguments it takes.
var ArgHints = map[string]string{
	client.ActRosterGet:    "ver=",
	client.ActRosterSet:    "jid=bob@localhost; name=Bob; groups=Friends",
	client.ActRosterRemove: "jid=bob@localhost",
	client.ActPresence:     "show=away; status=lunch; priority=5",
	client.ActSubscribe:    "to=bob@localhost",
	client.ActSubscribed:   "to=bob@localhost",
	client.ActUnsubscribe:  "to=bob@localhost",
	client.ActUnsubscribed: "to=bob@localhost",
	client.ActMessage:      "to=bob@localhost; type=chat; body=hello",
}

// Lines are what the server panel shows under an account: its stored
// roster and offline messages, and a document that could not be read.
func (a Account) Lines() []string {
	var out []string
	if a.Roster != nil {
		out = append(out, "roster: "+itoa(len(a.Roster))+" stored")
		for _, r := range a.Roster {
			out = append(out, "  "+r)
		}
	}
	if len(a.Offline) > 0 {
		out = append(out, "offline: "+itoa(len(a.Offline))+" message(s) waiting")
		for _, m := range a.Offline {
			out = append(out, "  "+m)
		}
	}
	if a.Problem != "" {
		out = append(out, "unreadable: "+a.Problem)
	}
	return out
}
