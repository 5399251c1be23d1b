package view_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/view"
)

func TestConfigForm(t *testing.T) {
	base := server.DefaultConfig()
	if got, err := view.FormOf(base).Apply(base); err != nil || !reflect.DeepEqual(got, base) {
		t.Fatalf("the form of the default configuration gives %+v, %v", got, err)
	}
	for _, tc := range []struct {
		name    string
		edit    func(*view.ConfigForm)
		want    func(*server.Config)
		wantErr string
	}{
		{name: "host and timeouts", edit: func(f *view.ConfigForm) { f.Host, f.Timeout, f.CloseTimeout = " example.net ", "1.5", "2" },
			want: func(c *server.Config) {
				c.Hosts[0], c.Timeout, c.CloseTimeout = "example.net", server.Seconds(1500*time.Millisecond), server.Seconds(2*time.Second)
			}},
		{name: "conflict_resolve", edit: func(f *view.ConfigForm) { f.ConflictResolve = "kick_new" },
			want: func(c *server.Config) { c.ConflictResolve = "kick_new" }},
		{name: "modules_enabled", edit: func(f *view.ConfigForm) { f.Modules = " roster, saslauth;disco\tping " },
			want: func(c *server.Config) { c.Modules = []string{"roster", "saslauth", "disco", "ping"} }},
		{name: "no optional module", edit: func(f *view.ConfigForm) { f.Modules = "" },
			want: func(c *server.Config) { c.Modules = []string{} }},
		{name: "a module not simulated", edit: func(f *view.ConfigForm) { f.Modules = "disco mam" }, wantErr: `module "mam" is not simulated`},
		{name: "empty host", edit: func(f *view.ConfigForm) { f.Host = " " }, wantErr: "host is empty"},
		{name: "size not a number", edit: func(f *view.ConfigForm) { f.StanzaSizeLimit = "big" }, wantErr: "c2s_stanza_size_limit is not a number"},
		{name: "negative timeout", edit: func(f *view.ConfigForm) { f.Timeout = "-3" }, wantErr: "c2s_timeout must be a positive number"},
		{name: "close timeout not a number", edit: func(f *view.ConfigForm) { f.CloseTimeout = "soon" }, wantErr: "c2s_close_timeout must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := view.FormOf(base)
			tc.edit(&f)
			got, err := f.Apply(base)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			want := base
			want.Hosts = append([]string(nil), base.Hosts...)
			tc.want(&want)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, want)
			}
		})
	}
	if base.Hosts[0] != "localhost" {
		t.Error("Apply changed the configuration it was given")
	}
}

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[string]string
	}{
		{"empty", "", map[string]string{}},
		{"pairs", "to=bob@localhost; type=chat; body=hello", map[string]string{"to": "bob@localhost", "type": "chat", "body": "hello"}},
		{"value with =", "body=a=b", map[string]string{"body": "a=b"}},
		{"pieces without = or key", "junk; =x; ver=", map[string]string{"ver": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := view.ParseArgs(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseArgs(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
