// Package clock is the simulator's virtual clock. Time moves only when the
// engine advances it; timers (Prosody's c2s_timeout, the close grace period)
// become due when the clock reaches their deadline and are then fired one
// by one, in deadline order, ties broken by the order they were set.
package clock
