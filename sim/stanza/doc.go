// Package stanza holds the XMPP vocabulary the engine speaks: namespace
// names, Prosody's byte-exact serialisation of elements (util.stanza's
// __tostring: single-quoted attributes, all five XML special characters
// escaped, empty elements self-closed), and builders for the replies Prosody
// makes (st.reply, st.error_reply, stream errors, SASL failures).
package stanza
