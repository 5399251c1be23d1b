package scansion

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// parser holds the state of one Parse call.
type parser struct {
	file     string
	lines    []string
	s        *Script
	names    []string // client names, longest first
	cur      *Client  // client block being read, if any
	sep      bool     // the separator has been read
	comments []string // "#" comments since the previous action
}

// Parse reads a scansion script. name is used in error messages. Errors are
// *ParseError values. See the package documentation for the format.
func Parse(name string, src []byte) (*Script, error) {
	p := &parser{file: name, lines: splitLines(src), s: &Script{}}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.s, nil
}

// Title returns the title Parse would give src, reading only the header:
// a menu of scripts needs no more.
func Title(src []byte) string {
	p := &parser{lines: splitLines(src), s: &Script{}}
	p.header()
	return p.s.Title
}

// splitLines splits src at LF and drops the CRs that end each line.
func splitLines(src []byte) []string {
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines
}

// errf returns a *ParseError for the 0-based line index i.
func (p *parser) errf(i int, format string, args ...any) error {
	return &ParseError{File: p.file, Line: i + 1, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) run() error {
	var err error
	for i := p.header(); i < len(p.lines); i++ {
		if p.sep {
			i, err = p.actionPart(i)
		} else {
			err = p.prologue(i)
		}
		if err != nil {
			return err
		}
	}
	if !p.sep {
		return p.errf(len(p.lines)-1, `missing separator: expected a line of dashes ("---") after the client definitions`)
	}
	return nil
}

// header reads the title and description and returns the next line index.
func (p *parser) header() int {
	i := 0
	for i < len(p.lines) && isBlank(p.lines[i]) {
		i++
	}
	if i == len(p.lines) || !isDescLine(p.lines[i]) {
		return i
	}
	p.s.Title = commentText(p.lines[i])
	for i++; i < len(p.lines) && isDescLine(p.lines[i]); i++ {
		p.s.Description = append(p.s.Description, commentText(p.lines[i]))
	}
	return i
}

// isDescLine reports whether line is a "#" line that is not a "##" tag.
func isDescLine(line string) bool {
	return strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "##")
}

// commentText returns a "#" line's text without the "#" and surrounding
// space.
func commentText(line string) string {
	return strings.TrimSpace(strings.TrimPrefix(line, "#"))
}

func isBlank(line string) bool {
	return strings.TrimSpace(line) == ""
}

// isSeparator reports whether line is three or more dashes only.
func isSeparator(line string) bool {
	line = strings.TrimRightFunc(line, unicode.IsSpace)
	return len(line) >= 3 && strings.Trim(line, "-") == ""
}

// isComment reports whether line is a comment other than the separator.
func isComment(line string) bool {
	return strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") ||
		(strings.HasPrefix(line, "--") && !isSeparator(line))
}

const badIndent = "bad indentation: indent payload and property lines with a tab, not spaces"

// prologue reads line i of the part before the separator.
func (p *parser) prologue(i int) error {
	line := p.lines[i]
	switch {
	case isBlank(line):
		p.cur = nil
	case line[0] == '\t':
		return p.property(i)
	case line[0] == ' ':
		return p.errf(i, badIndent)
	case strings.HasPrefix(line, "##"):
		p.s.Tags = append(p.s.Tags, strings.TrimSpace(line[2:]))
	case isComment(line):
	case isSeparator(line):
		p.sep, p.cur = true, nil
		return p.checkClients()
	case line[0] == '[':
		return p.clientHeader(i)
	default:
		return p.errf(i, `expected "[Client] <name>" or a separator line of dashes ("---"), got %q`, line)
	}
	return nil
}

// clientHeader reads a "[Client] Name" line.
func (p *parser) clientHeader(i int) error {
	class, name, ok := strings.Cut(p.lines[i][1:], "]")
	if !ok {
		return p.errf(i, `expected "[Client] <name>", got %q`, p.lines[i])
	}
	if class != "Client" {
		return p.errf(i, "unknown character class %q: expected [Client]", class)
	}
	name = strings.TrimSpace(name)
	if err := p.checkName(i, name); err != nil {
		return err
	}
	p.s.Clients = append(p.s.Clients, Client{Name: name, Line: i + 1})
	p.cur = &p.s.Clients[len(p.s.Clients)-1]
	p.names = append(p.names, name)
	sort.SliceStable(p.names, func(a, b int) bool { return len(p.names[a]) > len(p.names[b]) })
	return nil
}

// checkName rejects empty and duplicate names, and names whose action
// lines would read as comments or headers.
func (p *parser) checkName(i int, name string) error {
	switch {
	case name == "":
		return p.errf(i, `expected a client name after "[Client]"`)
	case isComment(name) || isSeparator(name) || strings.HasPrefix(name, "["):
		return p.errf(i, `client name %q must not start with "#", "//", "--" or "["`, name)
	}
	if _, dup := p.s.Client(name); dup {
		return p.errf(i, "duplicate client %q", name)
	}
	return nil
}

// property reads an indented "key: value" line of a client block.
func (p *parser) property(i int) error {
	if p.cur == nil {
		return p.errf(i, "property line outside a [Client] block")
	}
	key, value, ok := strings.Cut(strings.TrimSpace(p.lines[i]), ":")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !ok || key == "" {
		return p.errf(i, `expected a property line "key: value", got %q`, strings.TrimSpace(p.lines[i]))
	}
	c := p.cur
	field := map[string]*string{"jid": &c.JID, "password": &c.Password, "resource": &c.Resource}[key]
	_, dupExtra := c.Extra[key]
	if (field != nil && *field != "") || dupExtra {
		return p.errf(i, "duplicate property %q for client %q", key, c.Name)
	}
	if field != nil {
		*field = value
		return nil
	}
	if c.Extra == nil {
		c.Extra = map[string]string{}
	}
	c.Extra[key] = value
	return nil
}

// checkClients validates the client definitions once they are complete.
func (p *parser) checkClients() error {
	for _, c := range p.s.Clients {
		i := c.Line - 1
		_, res, full := strings.Cut(c.JID, "/")
		switch {
		case c.JID == "":
			return p.errf(i, "client %q has no jid", c.Name)
		case strings.ContainsFunc(c.JID, unicode.IsSpace):
			return p.errf(i, "client %q: jid %q contains spaces", c.Name, c.JID)
		case full && c.Resource != "" && res != c.Resource:
			return p.errf(i, "client %q: resource %q differs from the resource of jid %q", c.Name, c.Resource, c.JID)
		}
	}
	return nil
}
