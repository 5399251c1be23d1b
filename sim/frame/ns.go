package frame

import "strings"

// declare appends the namespace declarations among p.attrs to scope.
func (p *parser) declare(scope *[]binding) error {
	for _, a := range p.attrs {
		prefix, local := split(a.name, a.colon)
		switch {
		case a.colon < 0 && string(local) == "xmlns":
			*scope = append(*scope, binding{prefix: "", uri: a.value})
		case string(prefix) == "xmlns":
			if err := checkDeclaration(string(local), a.value); err != nil {
				return err
			}
			*scope = append(*scope, binding{prefix: p.str(local), uri: a.value})
		}
	}
	return nil
}

// checkDeclaration applies the Namespaces in XML rules on xmlns:prefix.
func checkDeclaration(prefix, uri string) error {
	switch {
	case uri == "":
		return notWellFormed("empty namespace for prefix " + prefix)
	case prefix == "xmlns":
		return notWellFormed("the xmlns prefix cannot be declared")
	case (prefix == "xml") != (uri == xmlNS):
		return notWellFormed("the xml prefix and its namespace go together")
	}
	return nil
}

// resolveAll checks that the prefixes of the element and its attributes
// are bound.
func (p *parser) resolveAll(name []byte, colon int) error {
	if colon >= 0 {
		if _, err := p.resolve(name[:colon]); err != nil {
			return err
		}
	}
	for _, a := range p.attrs {
		if a.colon < 0 || string(a.name[:a.colon]) == "xmlns" {
			continue
		}
		if _, err := p.resolve(a.name[:a.colon]); err != nil {
			return err
		}
	}
	return nil
}

// resolve returns the namespace bound to a prefix, noting header prefixes
// the stanza uses.
func (p *parser) resolve(prefix []byte) (string, error) {
	switch string(prefix) {
	case "xml":
		return xmlNS, nil
	case "xmlns":
		return "", notWellFormed("the xmlns prefix is reserved")
	}
	if uri, ok := lookup(p.scope, string(prefix)); ok {
		return uri, nil
	}
	uri, ok := lookup(p.hdr, string(prefix))
	if !ok {
		return "", notWellFormed("unbound prefix " + string(prefix))
	}
	if _, seen := lookup(p.used, string(prefix)); !seen {
		p.used = append(p.used, binding{prefix: p.str(prefix), uri: uri})
	}
	return uri, nil
}

// lookup finds the innermost binding of prefix.
func lookup(scope []binding, prefix string) (string, bool) {
	for i := len(scope) - 1; i >= 0; i-- {
		if scope[i].prefix == prefix {
			return scope[i].uri, true
		}
	}
	return "", false
}

// commonNames are the names most streams use, shared by every parser
// and never written: finding one allocates nothing.
var commonNames = func() map[string]string {
	m := make(map[string]string)
	for _, n := range strings.Fields(`stream features error text xmlns xml lang version
		id to from type iq message presence body subject thread show status priority
		query item group jid name subscription ask approved ver bind resource session
		required optional starttls proceed failure auth mechanism mechanisms success
		response challenge abort sasl token c hash node ext delay stamp x error code by
		ping sm enable enabled resume r a sent received forwarded private no-copy
		limits preauth reason out sub interrupted bare conflict not-authorized
		item-not-found service-unavailable feature-not-implemented bad-request`) {
		m[n] = n
	}
	return m
}()

// str returns b as a string, sharing the string for short repeated names.
func (p *parser) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := commonNames[string(b)]; ok {
		return s
	}
	if len(b) > 32 {
		return string(b)
	}
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if p.intern == nil {
		p.intern = make(map[string]string)
	}
	if len(p.intern) < 4096 {
		p.intern[s] = s
	}
	return s
}
