// Package server is the simulated Prosody: its c2s listener (mod_c2s), the
// session manager (sessionmanager.lua), SASL (mod_saslauth), resource
// binding and the stanza router's rules for which stanzas are allowed in
// which state (stanza_router.lua). A reader who knows Prosody finds each
// rule in the file named after the Prosody module that holds it:
//
//	c2s.go         connections, stream open and close, timers (mod_c2s)
//	sessions.go    binding and destroying sessions (sessionmanager)
//	saslauth.go    <auth>, <response>, <abort>, features (mod_saslauth)
//	router.go      what happens to each stanza by session state (stanza_router)
//	route.go       core_post_stanza: pre-events, then presence/message/iq by address
//	roster.go      rosters, roster get/set/remove and pushes (mod_roster, rostermanager)
//	subscription.go  the subscription state functions (rostermanager)
//	presence.go    presence broadcast, probes, directed presence, subscriptions (mod_presence)
//	message.go     message routing and top resources (mod_message)
//	offline.go     offline message storage and delivery (mod_offline)
//
// The server is driven entirely by the network's deliveries and the
// virtual clock's timers, on the engine's single goroutine. Its only
// outputs are bytes written to connections, and the sessions it marks as
// touched for the engine to diff.
package server
