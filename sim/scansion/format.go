package scansion

import (
	"bytes"
	"slices"
	"strings"
)

// separator is the line Format writes between clients and actions.
const separator = "---------"

// Format writes s as canonical .scs text: the title and description as "#"
// lines, tags as "##" lines, each client block, a separator, then each
// action preceded by its comments and followed by a blank line. Payload
// lines are indented with one tab; blank payload lines are dropped. For any
// Script that Parse returned, Parse(Format(s)) returns an equal Script apart
// from the Line fields. Format(nil) is empty. Format assumes single-line titles, names, comments
// and property values.
func Format(s *Script) []byte {
	if s == nil {
		return nil
	}
	var b bytes.Buffer
	formatHeader(&b, s)
	for _, c := range s.Clients {
		formatClient(&b, c)
	}
	b.WriteString(separator + "\n\n")
	for _, a := range s.Actions {
		formatAction(&b, a)
	}
	return b.Bytes()
}

// formatHeader writes the title, description and tags.
func formatHeader(b *bytes.Buffer, s *Script) {
	if s.Title != "" || len(s.Description) > 0 {
		writeComment(b, "#", s.Title)
	}
	for _, d := range s.Description {
		writeComment(b, "#", d)
	}
	for _, t := range s.Tags {
		writeComment(b, "##", t)
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
}

// writeComment writes marker, then a space and text when text is not empty.
func writeComment(b *bytes.Buffer, marker, text string) {
	b.WriteString(marker)
	if text != "" {
		b.WriteString(" " + text)
	}
	b.WriteString("\n")
}

// formatClient writes one client block and the blank line after it.
func formatClient(b *bytes.Buffer, c Client) {
	b.WriteString("[Client] " + c.Name + "\n")
	writeProp(b, "jid", c.JID)
	writeProp(b, "password", c.Password)
	writeProp(b, "resource", c.Resource)
	keys := make([]string, 0, len(c.Extra))
	for k := range c.Extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString(strings.TrimRight("\t"+k+": "+c.Extra[k], " ") + "\n")
	}
	b.WriteString("\n")
}

// writeProp writes "\tkey: value" unless value is empty.
func writeProp(b *bytes.Buffer, key, value string) {
	if value != "" {
		b.WriteString("\t" + key + ": " + value + "\n")
	}
}

// formatAction writes an action's comments, its line, its payload and a
// blank line.
func formatAction(b *bytes.Buffer, a Action) {
	for _, c := range a.Comments {
		writeComment(b, "#", c)
	}
	b.WriteString(a.Client + " " + a.Kind.String())
	if a.Kind.HasPayload() {
		b.WriteString(":")
	}
	b.WriteString("\n")
	for _, l := range strings.Split(a.XML, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString("\t" + l + "\n")
		}
	}
	b.WriteString("\n")
}
