package frame_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/frame"
)

// Example frames a small client stream that arrives in awkward pieces.
func Example() {
	f := frame.New(262144)
	for _, chunk := range []string{
		"<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:cl",
		"ient' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'> ",
		"<message to='juliet@localhost'><body>Gr\xc3",
		"\xbc\xc3\x9fe &amp; more</body></message></stream:stream>",
	} {
		f.Write([]byte(chunk))
		for {
			ev, err := f.Next()
			if err == frame.ErrMore {
				break
			}
			if err != nil {
				fmt.Println("stream error:", err)
				return
			}
			switch ev.Kind {
			case frame.StreamOpen:
				fmt.Println("open to", ev.Header.SelectAttrValue("to", ""))
			case frame.Element:
				el := ev.Element
				fmt.Printf("{%s}%s body=%q\n", el.NamespaceURI(), el.Tag, el.FindElement("body").Text())
			case frame.StreamClose:
				fmt.Println("close")
			}
		}
	}
	// Output:
	// open to localhost
	// {jabber:client}message body="Grüße & more"
	// close
}
