// Package server is the simulated Prosody: its c2s listener (mod_c2s), the
// session manager (sessionmanager.lua), SASL and resource binding
// (mod_saslauth), the stanza router (stanza_router.lua), rosters
// (rostermanager.lua, mod_roster), presence (mod_presence) and messages
// (mod_message, mod_offline), with the optional modules mod_disco,
// mod_ping, mod_carbons and the community module mod_limit_auth. A reader who knows Prosody finds each rule
// in the file named after the Prosody module that holds it:
//
//	c2s.go                    connections, stream open and close, timers (mod_c2s)
//	tls.go                    <starttls/>, <proceed/>, session.secure and the channel bindings of a recorded TLS handshake (mod_tls, mod_c2s)
//	accounts.go               closing a user's sessions on user-deleted and user-disabled (mod_c2s); usermanager.user_exists
//	sessions.go               bare_sessions and full_sessions, bind_resource with conflict_resolve, destroy_session (sessionmanager)
//	saslauth.go               <auth>, <response>, <abort>, stream features, the bind iq and the legacy session iq (mod_saslauth)
//	limit_auth.go             failed logins throttled per address, a guessing connection closed (mod_limit_auth)
//	router.go                 core_process_stanza: what happens to each stanza by session state (stanza_router)
//	route.go                  core_post_stanza and core_route_stanza: pre-events, then presence/message/iq by address (stanza_router, mod_iq)
//	rostermanager.go          load_roster, save_roster, roster_push and the subscription state functions (rostermanager)
//	roster.go                 the jabber:iq:roster get, set and remove handler (mod_roster)
//	presence.go               own presence, initial presence, presence by address, directed presence, resource-unbind (mod_presence)
//	presence_subscription.go  the subscription and probe handlers, roster-item-removed (mod_presence)
//	message.go                message routing and top resources (mod_message)
//	iq.go                     the iq events by target (bare, self, host) that modules hook (mod_iq)
//	disco.go                  service discovery of the host and of accounts, entity caps in stream features (mod_disco)
//	ping.go                   XEP-0199 pings to the host and to bare JIDs (mod_ping)
//	carbons.go                enabling carbons and copying sent and received messages (mod_carbons)
//	offline.go                offline message storage and delivery (mod_offline)
//	hooks.go                  the host events modules hook: roster-load, resource-bind, resource-unbind
//	server.go                 the Server, its tables and which module handlers it installs
//	config.go                 the configuration options, with Prosody's names and defaults
//	numbers.go, util.go       number scanners and small helpers
//
// The server is driven entirely by the network's deliveries and the
// virtual clock's timers, on the engine's single goroutine. Its only
// outputs are bytes written to connections, and the sessions it marks as
// touched for the engine to diff.
package server
