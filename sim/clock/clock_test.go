package clock_test

import (
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/clock"
)

func TestTimersFireInDeadlineOrder(t *testing.T) {
	c := clock.New(clock.Epoch)
	var got []string
	c.AfterFunc(5*time.Second, "b", func() { got = append(got, "b") })
	c.AfterFunc(time.Second, "a", func() { got = append(got, "a") })
	c.AfterFunc(5*time.Second, "c", func() { got = append(got, "c") })
	stopped := c.AfterFunc(2*time.Second, "x", func() { got = append(got, "x") })
	stopped.Stop()

	if tm := c.PopDue(); tm != nil {
		t.Fatalf("timer %q due at time zero", tm.Name)
	}
	c.Advance(10 * time.Second)
	for tm := c.PopDue(); tm != nil; tm = c.PopDue() {
		tm.Fire()
	}
	if want := "a b c"; join(got) != want {
		t.Fatalf("fired %q, want %q", join(got), want)
	}
	if !c.Now().Equal(clock.Epoch.Add(10 * time.Second)) {
		t.Fatalf("now = %v", c.Now())
	}
	if c.Pending() != 0 {
		t.Fatalf("pending = %d", c.Pending())
	}
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}
