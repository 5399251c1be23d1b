package live

import (
	"sync"
	"time"
)

// transport is one client socket, TCP or WebSocket.
type transport interface {
	// Read returns the next bytes from the client.
	Read() ([]byte, error)
	// Write sends one chunk of server output.
	Write(p []byte) error
	// Keepalive sends a keepalive: a space on TCP, a ping on WebSocket.
	Keepalive() error
	// Close closes the socket; it may be called more than once, from any
	// goroutine, and unblocks Read and Write.
	Close() error
}

// outItem is one entry of a write queue.
type outItem struct {
	data      []byte
	keepalive bool
}

// conn is one client connection. Its reader and writer goroutines touch
// only t, out and idle; the other fields belong to the engine goroutine.
type conn struct {
	name string
	t    transport
	out  chan outItem
	idle *time.Timer
	wait time.Duration

	id         string // the engine's connection id
	gone       bool   // the engine has been told of the hangup
	finished   bool   // out is closed
	streamOpen bool
}

// enqueue queues output without blocking; it reports false when the queue
// is full.
func (c *conn) enqueue(it outItem) bool {
	if c.finished {
		return true
	}
	select {
	case c.out <- it:
		return true
	default:
		return false
	}
}

// finish closes the write queue: the writer sends what is queued and then
// closes the socket.
func (c *conn) finish() {
	if !c.finished {
		c.finished = true
		close(c.out)
	}
}

// rearm restarts the read timeout.
func (c *conn) rearm() { c.idle.Reset(c.wait) }

// start runs a connection: it tells the engine of the connect, then reads
// until the socket fails, while a writer drains the queue.
func (r *Runner) start(name string, t transport) {
	c := &conn{name: name, t: t, out: make(chan outItem, r.cfg.QueueLen), wait: r.cfg.ReadTimeout}
	c.idle = time.AfterFunc(c.wait, func() { r.send(msg{kind: mIdle, c: c}) })
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.write(c)
	}()
	r.send(msg{kind: mDial, c: c})
	limit := newThrottle(r.cfg.ReadRate)
	for {
		p, err := t.Read()
		if err != nil {
			break
		}
		c.rearm()
		r.send(msg{kind: mData, c: c, data: p})
		limit.wait(len(p))
	}
	c.idle.Stop()
	t.Close()
	r.send(msg{kind: mHangup, c: c})
	wg.Wait()
	r.open.Add(-1)
}

// send hands a message to the engine goroutine, unless it has stopped.
func (r *Runner) send(m msg) {
	select {
	case r.in <- m:
	case <-r.done:
	}
}

// write drains a connection's queue onto its socket, then closes it.
func (r *Runner) write(c *conn) {
	defer c.t.Close()
	for {
		var it outItem
		select {
		case next, ok := <-c.out:
			if !ok {
				return
			}
			it = next
		case <-r.done:
			return
		}
		var err error
		if it.keepalive {
			err = c.t.Keepalive()
		} else {
			err = c.t.Write(it.data)
		}
		if err != nil {
			return
		}
	}
}

// throttle is a token bucket: reading pauses while it is empty, which
// slows the sender through TCP's flow control without any error.
type throttle struct {
	rate   float64 // bytes a second; 0 means no limit
	tokens float64
	last   time.Time
}

func newThrottle(rate int) *throttle {
	return &throttle{rate: float64(rate), tokens: 2 * float64(rate), last: time.Now()}
}

// wait takes n bytes from the bucket, sleeping until it is no longer in
// debt.
func (l *throttle) wait(n int) {
	if l.rate <= 0 {
		return
	}
	now := time.Now()
	l.tokens = min(2*l.rate, l.tokens+now.Sub(l.last).Seconds()*l.rate) - float64(n)
	l.last = now
	if l.tokens < 0 {
		time.Sleep(time.Duration(-l.tokens / l.rate * float64(time.Second)))
	}
}
