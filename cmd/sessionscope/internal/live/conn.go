package live

import (
	"sync"
	"sync/atomic"
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
	flushed   chan struct{} // a marker: closed once everything before it is written
	ack       bool          // the engine waits to be told this was written (Event.Ack)
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
	addr string // the remote address, as admitted
	t    transport
	out  outQueue
	max  int
	idle *time.Timer
	wait time.Duration

	startTLS bool        // the socket may be upgraded with STARTTLS
	secured  atomic.Bool // the STARTTLS handshake is done (reader goroutine)

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

// start runs a connection from addr, admitted: it tells the engine of
// the connect, then reads until the socket fails, while a writer drains
// the queue.
func (r *Runner) start(name, addr string, t transport) { r.startWith(name, addr, t, nil) }

// startWith is start for a connection whose TLS handshake is done
// (direct TLS), with its channel-binding data, or nil for none.
func (r *Runner) startWith(name, addr string, t transport, bindings map[string][]byte) {
	c := &conn{name: name, addr: addr, t: t, max: r.cfg.QueueBytes, wait: r.cfg.ReadTimeout}
	tc, _ := t.(*tcpConn)
	c.startTLS = tc != nil && tc.starttls
	c.out.wake = make(chan struct{}, 1)
	c.idle = time.AfterFunc(c.wait, func() { r.send(msg{kind: mIdle, c: c}) })
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.write(c)
	}()
	r.send(msg{kind: mDial, c: c})
	if bindings != nil {
		r.send(msg{kind: mSecure, c: c, bindings: bindings})
	}
	limit := newThrottle(r.cfg.ReadRate)
	upgradable := c.startTLS
	var sniff plainSniffer
	for {
		p, err := t.Read()
		if err != nil {
			break
		}
		c.rearm()
		sniff.feed(p, r.warm)
		if !upgradable {
			r.send(msg{kind: mData, c: c, data: p})
		} else if r.dataThenTLS(c, tc, p) != nil {
			break
		} else {
			upgradable = !c.secured.Load()
		}
		limit.wait(len(p))
	}
	c.idle.Stop()
	t.Close()
	r.send(msg{kind: mHangup, c: c})
	wg.Wait()
	r.release(addr)
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
		if sendItems(c.t, items) != nil {
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

// sendItems sends items in order, closing each flush marker once what
// precedes it is written.
func sendItems(t transport, items []outItem) error {
	start := 0
	for i, it := range items {
		if it.flushed == nil {
			continue
		}
		if i > start {
			if err := t.Send(items[start:i]); err != nil {
				return err
			}
		}
		close(it.flushed)
		start = i + 1
	}
	if start < len(items) {
		return t.Send(items[start:])
	}
	return nil
}

// dataThenTLS hands bytes from a socket that may start TLS to the engine
// and waits until they are processed: when the server answered
// <starttls/> with <proceed/>, it waits for <proceed/> to be written,
// runs the TLS handshake and reports it to the engine, so no byte of the
// handshake is ever read as XML.
func (r *Runner) dataThenTLS(c *conn, tc *tcpConn, p []byte) error {
	ack := make(chan bool, 1)
	r.send(msg{kind: mData, c: c, data: p, ack: ack})
	var upgrade bool
	select {
	case upgrade = <-ack:
	case <-r.done:
		return ErrStopped
	}
	if !upgrade {
		return nil
	}
	flushed := make(chan struct{})
	c.out.push(outItem{flushed: flushed}, c.max+1)
	select {
	case <-flushed:
	case <-r.done:
		return ErrStopped
	case <-time.After(handshakeTimeout): // the queue was closed: the connection is ending
		return ErrStopped
	}
	cb, err := tc.upgrade(r.cfg.TLS)
	if err != nil {
		return err
	}
	c.secured.Store(true)
	r.send(msg{kind: mSecure, c: c, bindings: cb})
	return nil
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
