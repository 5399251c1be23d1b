// Package token is the simulated server's token service: an Ed25519 key
// pair per host, kept in storage, an iq with which a bound client asks for
// a PASETO v4.public token about itself, and the SASL OAUTHBEARER
// mechanism (RFC 7628) that logs a client in with such a token.
//
// Prosody's own tokens (mod_tokenauth) are opaque secrets looked up in the
// server's store; these are public-key tokens, which anyone holding the
// host's public key can check without asking the server. Verifier is such
// a third party: it holds only the public key.
//
// # The token request
//
// A bound client sends, in the namespace urn:sessionscope:token:0,
//
//	<iq type='set' id='t1'><request xmlns='urn:sessionscope:token:0' resource='phone'/></iq>
//
// where the resource attribute is optional and pins the resource that a
// login with the token will be bound to. The server answers
//
//	<iq type='result' id='t1'><token xmlns='urn:sessionscope:token:0' expires='2026-01-01T01:00:00Z' jti='…'>v4.public.…</token></iq>
//
// The token's claims are iss (the host), sub (the bare JID), aud
// (Config.Audience, by default "xmpp:" followed by the host), iat and nbf
// (now, on the virtual clock), exp (now plus Config.Lifetime), jti (from
// the engine's seeded source), "resource" when one is pinned and "hats"
// (the XEP-0317 hat URIs configured for the user) when there are any. The
// footer is {"kid":"k4.pid.…"}, the PASERK identifier of the host's key.
//
// # OAUTHBEARER
//
// The client's initial response is RFC 7628's
//
//	n,a=user@host,^Aauth=Bearer <token>^A^A
//
// parsed by sasl.ParseOAuthBearer with the Lua patterns of Prosody 13's
// util/sasl/oauthbearer.lua, so a malformed GS2 header, a missing \x01
// framing byte or a missing auth pair fails with malformed-request as
// there. Without this module the server still offers OAUTHBEARER, as
// Prosody 13 does, and answers every token with Prosody's
// {"status":"invalid_token"} challenge (package sasl). Unlike Prosody's
// mod_tokenauth, which answers a bad token with that RFC 7628 JSON error
// challenge, a token this module rejects fails at once
// with not-authorized and a text naming the failed rule, so a learner sees
// why: "Token rejected (expired): token expired at …". A token's pinned
// resource becomes the session's sasl_resource, which wins at bind.
package token
