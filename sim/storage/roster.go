package storage

import (
	"path"

	"github.com/sessionscope/sessionscope/sim/session"
)

func rosterPath(host, user string) string {
	return path.Join(host, "roster", user+".json")
}

// Roster loads a user's roster; found is false, with an empty roster, when
// there is none. A file that exists but cannot be read is an error and is
// left untouched.
func (s *Store) Roster(host, user string) (r *session.Roster, found bool, err error) {
	r = &session.Roster{}
	found, err = s.ReadJSON(rosterPath(host, user), r)
	if err != nil {
		return nil, found, err
	}
	if r.Items == nil {
		r.Items = []session.Item{}
	}
	return r, found, nil
}

// PutRoster stores a user's roster atomically.
func (s *Store) PutRoster(host, user string, r *session.Roster) error {
	return s.WriteJSON(rosterPath(host, user), r)
}

// Rosters lists the users of a host that have a stored roster, sorted.
func (s *Store) Rosters(host string) ([]string, error) {
	return s.List(path.Join(host, "roster"))
}

// DeleteRoster removes a user's roster.
func (s *Store) DeleteRoster(host, user string) error {
	return s.Remove(rosterPath(host, user))
}
