package server

import "slices"

// Texts of the stream errors mod_c2s sends on the account events.
const (
	TextAccountDeleted  = "Account deleted"
	TextAccountDisabled = "Account disabled"
)

// CloseUser closes every bound session of user@host, oldest first, with a
// not-authorized stream error carrying text: mod_c2s's handlers for the
// user-deleted and user-disabled events. It returns how many it closed.
func (s *Server) CloseUser(host, user, text string) int {
	sessions := slices.Clone(s.sessionsOf(user + "@" + host))
	for _, ss := range sessions {
		if c := s.connOf(ss); c != nil {
			s.close(c, Reason{Condition: "not-authorized", Text: text})
		}
	}
	return len(sessions)
}

// userExists is usermanager.user_exists, which rostermanager.save_roster
// and mod_message consult: with the insecure provider every user of a
// served host exists.
func (s *Server) userExists(host, node string) bool {
	if node == "" || !s.cfg.serves(host) {
		return false
	}
	if s.cfg.Authentication == "insecure" {
		return true
	}
	_, found, err := s.store.Account(host, node)
	return found && err == nil
}
