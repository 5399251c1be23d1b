package live

import (
	"sync"
	"time"
)

// transport is one client socket, TCP or WebSocket.
type transport interface {
	// Read returns the next bytes from the client.
	Read() ([]byte, error)
	// Send writes queued output, in order: chunks of server output and
	// keepalives (a space on TCP, a ping on WebSocket).
	Send(items []outItem) error
	// Close closes the socket; it may be called more than once, from any
	// goroutine, and unblocks Read and Send.
	Close() error
}

// outItem is one entry of a write queue.
type outItem struct {
	data      []byte
	keepalive bool
	ack       bool // the engine waits to be told this was written (Event.Ack)
}

// outQueue is a connection's write queue, bounded in bytes. The engine
// goroutine appends without blocking; the writer takes everything queued
// at once, so that a burst becomes one socket write.
type outQueue struct {
	mu     sync.Mutex
	items  []outItem
	bytes  int
	closed bool
	wake   chan struct{} // has a token when there is something to take
}

// push appends an item; it reports false, appending nothing, when the
// queue would exceed max bytes.
func (q *outQueue) push(it outItem, max int) bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return true
	}
	if q.bytes+len(it.data) > max {
		q.mu.Unlock()
		return false
	}
	q.items = append(q.items, it)
	q.bytes += len(it.data)
	q.mu.Unlock()
	q.signal()
	return true
}

// close marks the end: the writer sends what is queued, then closes.
func (q *outQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *outQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take removes everything queued.
func (q *outQueue) take() (items []outItem, closed bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	items, q.items, q.bytes = q.items, nil, 0
	return items, q.closed
}

// conn is one client connection. Its reader and writer goroutines touch
// only t, out and idle; the other fields belong to the engine goroutine.
type conn struct {
	name string
	t    transport
	out  outQueue
	max  int
	idle *time.Timer
	wait time.Duration

	id         string // the engine's connection id
	gone       bool   // the engine has been told of the hangup
	finished   bool   // the queue is closed
	streamOpen bool
}

// enqueue queues output without blocking; it reports false when the queue
// is full.
func (c *conn) enqueue(it outItem) bool { return c.finished || c.out.push(it, c.max) }

// finish closes the write queue: the writer sends what is queued and then
// closes the socket.
func (c *conn) finish() {
	if !c.finished {
		c.finished = true
		c.out.close()
	}
}

// rearm restarts the read timeout.
func (c *conn) rearm() { c.idle.Reset(c.wait) }

// start runs a connection: it tells the engine of the connect, then reads
// until the socket fails, while a writer drains the queue.
func (r *Runner) start(name string, t transport) {
	c := &conn{name: name, t: t, max: r.cfg.QueueBytes, wait: r.cfg.ReadTimeout}
	c.out.wake = make(chan struct{}, 1)
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
		select {
		case <-c.out.wake:
		case <-r.done:
			return
		}
		items, closed := c.out.take()
		if len(items) > 0 && c.t.Send(items) != nil {
			return
		}
		if n := acks(items); n > 0 {
			r.send(msg{kind: mWritten, c: c, n: n})
		}
		if closed {
			return
		}
	}
}

// acks counts the items the engine asked to be told were written.
func acks(items []outItem) int {
	n := 0
	for _, it := range items {
		if it.ack {
			n++
		}
	}
	return n
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
