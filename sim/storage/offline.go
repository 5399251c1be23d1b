package storage

import (
	"path"
	"time"
)

// OfflineMessage is a message stored for a user with no available
// resource (mod_offline): the stanza as routed and when it was stored.
type OfflineMessage struct {
	Stanza string    `json:"stanza"`
	When   time.Time `json:"when"`
}

func offlinePath(host, user string) string {
	return path.Join(host, "offline", user+".json")
}

// Offline returns a user's stored messages, oldest first. A file that
// cannot be read is an error and is left untouched.
func (s *Store) Offline(host, user string) ([]OfflineMessage, error) {
	var q []OfflineMessage
	if _, err := s.ReadJSON(offlinePath(host, user), &q); err != nil {
		return nil, err
	}
	return q, nil
}

// AppendOffline adds a message to the end of a user's queue. If the queue
// cannot be read, nothing is written.
func (s *Store) AppendOffline(host, user string, m OfflineMessage) error {
	q, err := s.Offline(host, user)
	if err != nil {
		return err
	}
	return s.WriteJSON(offlinePath(host, user), append(q, m))
}

// DeleteOffline removes a user's queue.
func (s *Store) DeleteOffline(host, user string) error {
	return s.Remove(offlinePath(host, user))
}

// OfflineQueues lists the users of a host with stored messages, sorted.
func (s *Store) OfflineQueues(host string) ([]string, error) {
	return s.List(path.Join(host, "offline"))
}
