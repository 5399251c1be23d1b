package server

import (
	"crypto/sha1"
	"encoding/base64"
	"sort"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_disco (XEP-0030 service discovery, XEP-0115 entity caps):
// disco#info and disco#items to the host and to user accounts, and the
// caps element in stream features.

// Namespaces of mod_disco.
const (
	nsDiscoInfo  = "http://jabber.org/protocol/disco#info"
	nsDiscoItems = "http://jabber.org/protocol/disco#items"
	nsCaps       = "http://jabber.org/protocol/caps"
	capsNode     = "http://prosody.im"
)

// moduleFeatures are the disco features each simulated module adds with
// module:add_feature, in the order the module adds them.
var moduleFeatures = map[string][]string{
	"disco":   {nsDiscoInfo, nsDiscoItems},
	"roster":  {stanza.NSRoster},
	"ping":    {nsPing},
	"carbons": {nsCarbonsRules, nsCarbons},
	"offline": {"msgoffline"},
}

// alwaysLoaded are the modules SessionScope always runs, whatever
// modules_enabled says: roster and saslauth, then Prosody's autoloaded
// modules.
var alwaysLoaded = []string{"roster", "saslauth", "presence", "message", "iq", "offline"}

// discoInfo is the server's cached disco#info (build_server_disco_info):
// the identity and features, and the caps ver hashed over them.
type discoInfo struct {
	features []string
	ver      string
}

// serverIdentity is the identity mod_disco adds for a local host, with
// Prosody's default name option.
var serverIdentity = [3]string{"server", "im", "Prosody"}

// serverDisco returns the server's disco#info, built once. The features
// are listed by module, in modules_enabled order and then the modules
// always loaded; Prosody loads modules in the order of a hash set, which
// changes from one start to the next, so it has no fixed order to copy.
func (s *Server) serverDisco() *discoInfo {
	if s.caps != nil {
		return s.caps
	}
	var features []string
	done := make(map[string]bool)
	for _, m := range append(append([]string(nil), s.cfg.Modules...), alwaysLoaded...) {
		if done[m] {
			continue
		}
		done[m] = true
		features = append(features, moduleFeatures[m]...)
	}
	s.caps = &discoInfo{features: features, ver: capsHash(serverIdentity, features)}
	return s.caps
}

// capsHash is util.caps.calculate_hash for one identity and a list of
// features (XEP-0115's verification string): category/type/lang/name,
// then the sorted features, each followed by '<', hashed with SHA-1 and
// written in base64.
func capsHash(identity [3]string, features []string) string {
	sorted := append([]string(nil), features...)
	sort.Strings(sorted)
	var b strings.Builder
	b.WriteString(identity[0] + "/" + identity[1] + "//" + identity[2] + "<")
	for _, f := range sorted {
		b.WriteString(f + "<")
	}
	sum := sha1.Sum([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// capsFeature is the <c/> that mod_disco adds to the stream features of
// an authenticated session (c2s_unbound and c2s).
func (s *Server) capsFeature(f *etree.Element) {
	stanza.Child(f, "c", "xmlns", nsCaps, "hash", "sha-1", "node", capsNode, "ver", s.serverDisco().ver)
}

// installDisco hooks mod_disco's iq handlers.
func (s *Server) installDisco() {
	s.hookIQ(iqHost, "get", nsDiscoInfo, "query", s.hostDiscoInfo)
	s.hookIQ(iqHost, "get", nsDiscoItems, "query", s.hostDiscoItems)
	s.hookIQ(iqBare, "get", nsDiscoInfo, "query", s.accountDiscoInfo)
	s.hookIQ(iqBare, "get", nsDiscoItems, "query", s.accountDiscoItems)
}

// nodeNotFound is the reply to a disco query for a node no module knows.
func nodeNotFound(c *c2s, iq *etree.Element) bool {
	c.sess.Send(stanza.ErrorReply(iq, "cancel", "item-not-found", "Node does not exist"))
	return true
}

// hostDiscoInfo answers disco#info to the host: the server identity and
// every loaded module's features. A node other than the caps node is
// unknown; a node attribute, even empty, is echoed.
func (s *Server) hostDiscoInfo(c *c2s, iq, q *etree.Element) bool {
	info := s.serverDisco()
	node := stanza.Attr(q, "node")
	if node != "" && node != capsNode+"#"+info.ver {
		return nodeNotFound(c, iq)
	}
	r := stanza.Reply(iq)
	query := stanza.Child(r, "query", "xmlns", nsDiscoInfo)
	if stanza.HasAttr(q, "node") {
		query.CreateAttr("node", node)
	}
	stanza.Child(query, "identity", "category", serverIdentity[0], "type", serverIdentity[1], "name", serverIdentity[2])
	for _, f := range info.features {
		stanza.Child(query, "feature", "var", f)
	}
	c.sess.Send(r)
	return true
}

// hostDiscoItems answers disco#items to the host: no components and no
// disco_items, so an empty list; any node is unknown.
func (s *Server) hostDiscoItems(c *c2s, iq, q *etree.Element) bool {
	if stanza.Attr(q, "node") != "" {
		return nodeNotFound(c, iq)
	}
	r := stanza.Reply(iq)
	stanza.Child(r, "query", "xmlns", nsDiscoItems)
	c.sess.Send(r)
	return true
}

// accountDiscoInfo answers disco#info to a user's bare JID: one's own
// account always, another's only when that user's presence goes to the
// asker (is_contact_subscribed); otherwise the iq is left unhandled. The
// account is registered, with mod_disco's two features (no loaded module
// adds account features); the reply comes from the bare JID.
func (s *Server) accountDiscoInfo(c *c2s, iq, q *etree.Element) bool {
	if !s.mayDiscoAccount(c, iq) {
		return false
	}
	if stanza.Attr(q, "node") != "" {
		return nodeNotFound(c, iq)
	}
	r := accountReply(c, iq)
	query := stanza.Child(r, "query", "xmlns", nsDiscoInfo)
	stanza.Child(query, "identity", "category", "account", "type", "registered")
	stanza.Child(query, "feature", "var", nsDiscoInfo)
	stanza.Child(query, "feature", "var", nsDiscoItems)
	c.sess.Send(r)
	return true
}

// accountDiscoItems answers disco#items to a user's bare JID, with the
// same access rule: an empty list.
func (s *Server) accountDiscoItems(c *c2s, iq, q *etree.Element) bool {
	if !s.mayDiscoAccount(c, iq) {
		return false
	}
	if stanza.Attr(q, "node") != "" {
		return nodeNotFound(c, iq)
	}
	r := accountReply(c, iq)
	stanza.Child(r, "query", "xmlns", nsDiscoItems)
	c.sess.Send(r)
	return true
}

// accountReply is st.reply with mod_disco's COMPAT from: a query to one's
// own account (no 'to') is answered from the bare JID.
func accountReply(c *c2s, iq *etree.Element) *etree.Element {
	r := stanza.Reply(iq)
	if !stanza.HasAttr(r, "from") {
		r.CreateAttr("from", c.sess.Username+"@"+c.sess.Host)
	}
	return r
}

// mayDiscoAccount is mod_disco's access rule for an account query: no
// 'to' (one's own account), or the account's user is subscribed to by
// the asker (rostermanager.is_contact_subscribed, which looks at the
// user's online roster, then at the asker's, then at the stored one).
func (s *Server) mayDiscoAccount(c *c2s, iq *etree.Element) bool {
	to := stanza.Attr(iq, "to")
	if to == "" {
		return true
	}
	user, asker := jid.Bare(to), jid.Bare(stanza.Attr(iq, "from"))
	if u := s.bareSessions[user]; u != nil && u.roster != nil {
		it := u.roster.Item(asker)
		return it != nil && isFrom(it.Subscription)
	}
	if a := s.bareSessions[asker]; a != nil && a.roster != nil {
		it := a.roster.Item(user)
		return it != nil && isTo(it.Subscription)
	}
	ok, _ := s.isContactSubscribed(user, asker)
	return ok
}
