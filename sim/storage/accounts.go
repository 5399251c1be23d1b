package storage

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

// Account is a stored user account.
type Account struct {
	Username    string
	Disabled    bool
	Credentials sasl.Credentials
}

// accountRecord is the on-disk form, named as Prosody's internal_hashed
// store names its fields.
type accountRecord struct {
	Salt            string `json:"salt"`
	IterationCount  int    `json:"iteration_count"`
	StoredKey       string `json:"stored_key"`
	ServerKey       string `json:"server_key"`
	StoredKeySHA256 string `json:"stored_key_sha256"`
	ServerKeySHA256 string `json:"server_key_sha256"`
	Disabled        bool   `json:"disabled,omitempty"`
}

func accountPath(host, user string) string {
	return path.Join(host, "accounts", user+".json")
}

// PutAccount stores a (replaces any) account.
func (s *Store) PutAccount(host string, a Account) error {
	c := a.Credentials
	rec := accountRecord{
		Salt: hex.EncodeToString(c.Salt), IterationCount: c.Iterations,
		StoredKey: hex.EncodeToString(c.SHA1.StoredKey), ServerKey: hex.EncodeToString(c.SHA1.ServerKey),
		StoredKeySHA256: hex.EncodeToString(c.SHA256.StoredKey), ServerKeySHA256: hex.EncodeToString(c.SHA256.ServerKey),
		Disabled: a.Disabled,
	}
	key := accountPath(host, a.Username)
	delete(s.accounts, key)
	if err := s.WriteJSON(key, rec); err != nil {
		return err
	}
	s.remember(key, a)
	return nil
}

// Account loads a user's account; found is false when there is none.
// Accounts read or written through this Store are remembered, so repeated
// logins do not decode the file again.
func (s *Store) Account(host, user string) (a Account, found bool, err error) {
	key := accountPath(host, user)
	if a, ok := s.accounts[key]; ok {
		return a, true, nil
	}
	a, found, err = s.readAccount(host, user)
	if found && err == nil {
		s.remember(key, a)
	}
	return a, found, err
}

func (s *Store) remember(key string, a Account) {
	if s.accounts == nil || len(s.accounts) >= maxCachedAccounts {
		s.accounts = make(map[string]Account)
	}
	s.accounts[key] = a
}

// maxCachedAccounts bounds the account cache; past it the cache starts over.
const maxCachedAccounts = 4096

func (s *Store) readAccount(host, user string) (a Account, found bool, err error) {
	var rec accountRecord
	found, err = s.ReadJSON(accountPath(host, user), &rec)
	if !found || err != nil {
		return Account{}, found, err
	}
	c := sasl.Credentials{Iterations: rec.IterationCount}
	fields := []struct {
		dst *[]byte
		src string
	}{
		{&c.Salt, rec.Salt}, {&c.SHA1.StoredKey, rec.StoredKey}, {&c.SHA1.ServerKey, rec.ServerKey},
		{&c.SHA256.StoredKey, rec.StoredKeySHA256}, {&c.SHA256.ServerKey, rec.ServerKeySHA256},
	}
	for _, f := range fields {
		if *f.dst, err = hex.DecodeString(f.src); err != nil {
			return Account{}, true, fmt.Errorf("storage: account %s@%s: %w", user, host, err)
		}
	}
	return Account{Username: user, Disabled: rec.Disabled, Credentials: c}, true, nil
}

// Accounts lists the usernames of a host's accounts, sorted.
func (s *Store) Accounts(host string) ([]string, error) {
	return s.List(path.Join(host, "accounts"))
}

// DeleteAccount removes a user's account.
func (s *Store) DeleteAccount(host, user string) error {
	delete(s.accounts, accountPath(host, user))
	return s.Remove(accountPath(host, user))
}

// PurgeUser removes everything stored for a user, as Prosody's
// storagemanager.purge does when an account is deleted: the account, the
// roster and the offline queue. It goes on after a failure and returns the
// first error.
func (s *Store) PurgeUser(host, user string) error {
	return errors.Join(s.DeleteAccount(host, user), s.DeleteRoster(host, user), s.DeleteOffline(host, user))
}
