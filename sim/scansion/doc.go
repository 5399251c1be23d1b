// Package scansion reads, writes and checks scansion scripts, the scenario
// language of SessionScope.
//
// Prosody tests its server end to end with scansion scripts (.scs files).
// A script names a few characters (clients), then lists what each one
// does: connect, send a stanza, expect to receive a stanza, disconnect.
// SessionScope plays the same scripts against its simulated server, so the
// six c2s-only scripts of Prosody's suite are also its conformance tests.
//
// This package holds only the pure parts. A runner elsewhere plays a Script
// against the engine, using the functions here for each step.
//
// # Scripts
//
// Parse turns .scs text into a Script: its title and description (the "#"
// lines at the top), its tags ("##" lines), its clients in declaration
// order and its actions in order. Each Action keeps its kind, its client's
// name, its raw XML payload, its source line and the "#" comments written
// just before it, which a lesson can show as narration. Format writes a
// Script back as canonical .scs text; Parse(Format(s)) gives s again, apart
// from source line numbers. Errors are *ParseError values that name the
// file and line and say what was expected.
//
// # Variables
//
// Payloads refer to clients through variables such as ${Romeo's JID} (the
// bare JID of the account) and ${Juliet's phone's full JID} (the JID bound
// when the client connected). Parse checks that every variable names a
// declared client and a known property. Expand substitutes them when an
// action runs, since a full JID exists only after connecting.
//
// # Stanzas and matching
//
// ParseStanzas turns an expanded payload into etree elements. The default
// namespace is jabber:client and the scansion: prefix is pre-declared, as in
// Prosody's scripts. Match compares an expected element from a script with
// a stanza the server sent, by the rules of scansion: elements in the
// jabber:client namespace are matched loosely (extra attributes and
// children are allowed, child order is free), elements in other namespaces
// exactly (same attributes, same children in the same order, same text).
// The attribute scansion:strict="true" or "false" overrides the mode of one
// element, and the value {scansion:any} accepts any value of a present
// attribute. A failed match is a *Mismatch naming the first difference by
// its path, such as "/iq/query@ver: expected '1', got '2'". Pretty indents
// an element for failure reports.
//
// The rules reconstruct the tool's behaviour from its documentation and
// from the scripts in Prosody's suite (testdata/prosody).
package scansion
