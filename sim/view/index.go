package view

import "time"

// LogIndex is the rows of the log a filter keeps, found a slice of time
// at a time so that filtering a long log never holds up a frame. The log
// only grows until the model is reset; Reset starts the index again.
type LogIndex struct {
	filter  Filter
	gen     int
	match   []int32 // the entries kept, when the filter filters
	scanned int     // entries looked at
	total   int     // entries in the log as last scanned
}

// Update looks at the entries of log not yet looked at, for at most
// budget, and reports whether it looked at them all. A new filter or a
// new gen of the model starts again.
func (x *LogIndex) Update(log []Entry, f Filter, gen int, budget time.Duration) bool {
	if f != x.filter || gen != x.gen || len(log) < x.scanned {
		x.filter, x.gen, x.scanned, x.match = f, gen, 0, x.match[:0]
	}
	x.total = len(log)
	if !f.Filters() {
		x.scanned = len(log)
		return true
	}
	deadline := time.Now().Add(budget)
	for x.scanned < len(log) {
		if f.Keep(log[x.scanned]) {
			x.match = append(x.match, int32(x.scanned))
		}
		x.scanned++
		if x.scanned%512 == 0 && time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// Len is the number of rows kept so far.
func (x *LogIndex) Len() int {
	if !x.filter.Filters() {
		return x.total
	}
	return len(x.match)
}

// Entry is the log entry in row r, or -1 for a row that does not exist.
func (x *LogIndex) Entry(r int) int {
	switch {
	case r < 0 || r >= x.Len():
		return -1
	case !x.filter.Filters():
		return r
	}
	return int(x.match[r])
}

// Count says how many rows there are, for the log's heading.
func (x *LogIndex) Count(done bool) string {
	switch {
	case !done:
		return "filtering… " + itoa(x.Len()) + " of " + itoa(x.scanned) + " looked at"
	case x.filter.Filters():
		return itoa(x.Len()) + " of " + itoa(x.total) + " rows"
	}
	return itoa(x.Len()) + " rows"
}
