package jid

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/jid/stringprep"
)

// Split splits s into node, host and resource by Prosody's rules without
// preparing them. Absent parts are empty; ok is false when s is not a JID.
func Split(s string) (node, host, resource string, ok bool) {
	rest := s
	if i := strings.IndexAny(s, "@/"); i > 0 && s[i] == '@' {
		node, rest = s[:i], s[i+1:]
	}
	end := strings.IndexAny(rest, "@/")
	if end < 0 {
		end = len(rest)
	}
	host, rest = rest[:end], rest[end:]
	if host == "" {
		return "", "", "", false
	}
	if rest == "" {
		return node, host, "", true
	}
	if rest[0] != '/' || len(rest) == 1 {
		return "", "", "", false
	}
	return node, host, rest[1:], true
}

// PreppedSplit splits s like [Split] and prepares each part: the host with
// nameprep after stripping one trailing '.', the node with nodeprep and the
// resource with non-strict resourceprep. ok is false if any step fails.
func PreppedSplit(s string) (node, host, resource string, ok bool) {
	node, host, resource, ok = Split(s)
	if !ok || host == "." {
		return "", "", "", false
	}
	host = strings.TrimSuffix(host, ".")
	if host, ok = Nameprep(host); !ok || strings.HasSuffix(host, ".") || strings.ContainsAny(host, "@/") {
		return "", "", "", false
	}
	if node != "" {
		if node, ok = Nodeprep(node); !ok {
			return "", "", "", false
		}
	}
	if resource != "" {
		if resource, ok = Resourceprep(resource, false); !ok {
			return "", "", "", false
		}
	}
	return node, host, resource, true
}

// Prep returns the prepared form of s, [PreppedSplit] followed by [Join].
// ok is false when s is not a valid JID.
func Prep(s string) (string, bool) {
	node, host, resource, ok := PreppedSplit(s)
	if !ok {
		return "", false
	}
	return Join(node, host, resource), true
}

// Join builds a JID from its parts, leaving out empty node and resource. It
// returns "" when host is empty.
func Join(node, host, resource string) string {
	switch {
	case host == "":
		return ""
	case node != "" && resource != "":
		return node + "@" + host + "/" + resource
	case node != "":
		return node + "@" + host
	case resource != "":
		return host + "/" + resource
	}
	return host
}

// Bare returns s without its resource: "u@h/r" gives "u@h" and "h/r" gives
// "h". It returns "" when s is not a JID. The parts are not prepared.
func Bare(s string) string {
	node, host, _, ok := Split(s)
	if !ok {
		return ""
	}
	return Join(node, host, "")
}

// Nodeprep prepares a localpart with non-strict nodeprep. It reports false
// on failure and when the result is empty.
func Nodeprep(s string) (string, bool) {
	return nonEmpty(stringprep.Nodeprep(s, false))
}

// Nameprep prepares a domainpart with non-strict nameprep, lowercasing it.
// It reports false on failure and when the result is empty.
func Nameprep(s string) (string, bool) {
	return nonEmpty(stringprep.Nameprep(s, false))
}

// Resourceprep prepares a resourcepart, keeping case and spaces. strict, as
// used for resource binding, also rejects code points unassigned in
// Unicode 3.2. It reports false on failure and when the result is empty.
func Resourceprep(s string, strict bool) (string, bool) {
	return nonEmpty(stringprep.Resourceprep(s, strict))
}

// nonEmpty turns an empty prepared string into a failure.
func nonEmpty(s string, ok bool) (string, bool) {
	return s, ok && s != ""
}
