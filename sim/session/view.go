package session

// PresenceView is an available session's presence for display: the texts
// of its <show> and <status> children and the session's normalised
// priority.
type PresenceView struct {
	Show     string `json:"show,omitempty"`
	Status   string `json:"status,omitempty"`
	Priority int    `json:"priority"`
}

// RosterView is a roster for display: its version, its items with their
// subscription, ask and pre-approval flags, and the JIDs with a pending
// inbound subscription request.
type RosterView struct {
	Version int      `json:"version"`
	Items   []Item   `json:"items"`
	Pending []string `json:"pending,omitempty"`
}

func presenceView(s *Session) *PresenceView {
	if s.Presence == nil {
		return nil
	}
	v := &PresenceView{}
	if s.Priority != nil {
		v.Priority = *s.Priority
	}
	if e := s.Presence.SelectElement("show"); e != nil {
		v.Show = e.Text()
	}
	if e := s.Presence.SelectElement("status"); e != nil {
		v.Status = e.Text()
	}
	return v
}

func rosterView(r *Roster) *RosterView {
	if r == nil {
		return nil
	}
	c := r.Clone()
	v := &RosterView{Version: c.Version, Items: c.Items}
	for _, p := range c.Pending {
		v.Pending = append(v.Pending, p.JID)
	}
	return v
}
