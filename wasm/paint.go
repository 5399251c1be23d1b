//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// The page's few DOM helpers, over honnef.co/go/js/dom/v2. Panels build
// their elements once and keep them; a render writes through a screen,
// which skips what is already shown. Text from users only ever reaches
// the page through textContent.

// elem is an element of the page. It is dom/v2's concrete element type,
// made by wrap: dom/v2's own constructors (GetElementByID, CreateElement,
// Event.Target, Closest, …) look the element's constructor up in a switch
// over every HTML element type, which links all of those types into the
// module: this page measured 11.1 MB of WebAssembly that way, 7.9 MB with
// wrap. The methods of the concrete type cost only what is called.
type elem = *dom.BasicHTMLElement

// event is an event handed to a listener.
type event = *dom.BasicEvent

var document = js.Global().Get("document")

// wrap makes v, an element or node, an elem; nil for null.
func wrap(v js.Value) elem {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

// byID returns the page's element with this id, or nil.
func byID(id string) elem { return wrap(document.Call("getElementById", id)) }

// query returns the page's first element matching a CSS selector, or nil.
func query(sel string) elem { return wrap(document.Call("querySelector", sel)) }

// active returns the element that has the focus, or nil.
func active() elem { return wrap(document.Get("activeElement")) }

// cssEscape escapes s for a CSS selector.
func cssEscape(s string) string { return js.Global().Get("CSS").Call("escape", s).String() }

// el creates an element with a class ("" for none) and children.
func el(tag, class string, kids ...elem) elem {
	e := wrap(document.Call("createElement", tag))
	if class != "" {
		e.Class().SetString(class)
	}
	for _, k := range kids {
		e.AppendChild(k)
	}
	return e
}

// txt creates an element holding s as text.
func txt(tag, class, s string) elem {
	e := el(tag, class)
	e.SetTextContent(s)
	return e
}

// set sets attributes given as name, value pairs, and returns e.
func set(e elem, attrs ...string) elem {
	for i := 0; i+1 < len(attrs); i += 2 {
		e.SetAttribute(attrs[i], attrs[i+1])
	}
	return e
}

// button creates a labelled button with an accessible name ("" for its
// label) and attributes.
func button(label, name, class string, attrs ...string) elem {
	b := set(txt("button", class, label), append([]string{"type", "button"}, attrs...)...)
	if name != "" {
		b.SetAttribute("aria-label", name)
	}
	return b
}

// classOn adds or removes a class.
func classOn(e elem, class string, on bool) {
	if on {
		e.Class().Add(class)
	} else {
		e.Class().Remove(class)
	}
}

// prop sets a JavaScript property that dom/v2 has no setter for.
func prop(e elem, name string, v any) { e.Underlying().Set(name, v) }

// on adds a listener that stays for the page's life (delegation keeps
// their number small). It wraps the event itself, as dom/v2's listener
// would look its type up in a switch over every event type.
func on(t elem, typ string, f func(event)) {
	t.Underlying().Call("addEventListener", typ, funcOf(func(ev jsValue) { f(&dom.BasicEvent{Value: ev}) }))
}

// tagOf is the tag name of an event's target.
func tagOf(ev event) string { return ev.Get("target").Get("tagName").String() }

// value is the value of an input, a select or a text area.
func value(e elem) string { return e.Underlying().Get("value").String() }

// dataOf returns the value of data-<name> on the event's target or its
// nearest ancestor, and that element.
func dataOf(ev event, name string) (string, elem) {
	t := ev.Get("target")
	if t.IsNull() || t.IsUndefined() || t.Get("closest").IsUndefined() {
		return "", nil
	}
	e := wrap(t.Call("closest", "[data-"+name+"]"))
	if e == nil {
		return "", nil
	}
	return e.GetAttribute("data-" + name), e
}

// screen remembers what a render last wrote to each element, so that the
// next one writes only what changed. Keys are the elements a panel keeps.
type screen map[slot]string

type slot struct {
	e    elem
	what string // "" for the text, an attribute's name, or "." and a class
}

// put writes v with write unless it is what the slot shows already.
func (s screen) put(k slot, v string, write func()) {
	if last, ok := s[k]; !ok || last != v {
		write()
		s[k] = v
	}
}

// text shows v as e's text.
func (s screen) text(e elem, v string) { s.put(slot{e, ""}, v, func() { e.SetTextContent(v) }) }

// attr sets one attribute.
func (s screen) attr(e elem, name, v string) {
	s.put(slot{e, name}, v, func() { e.SetAttribute(name, v) })
}

// class adds or removes a class.
func (s screen) class(e elem, class string, on bool) {
	s.put(slot{e, "." + class}, strconv.FormatBool(on), func() { classOn(e, class, on) })
}

// style sets one style property ("height", "gridArea", …).
func (s screen) style(e elem, name, v string) {
	s.put(slot{e, "style." + name}, v, func() { e.Underlying().Get("style").Set(name, v) })
}

// jsGlobal is the JavaScript global object, for the few browser APIs
// dom/v2 does not wrap (Promise, JSON, ResizeObserver, IndexedDB hints).
var jsGlobal = js.Global()

// same reports whether a and b are the same node.
func same(a, b elem) bool {
	return a != nil && b != nil && a.Underlying().Equal(b.Underlying())
}

// keyOf returns a key event's key, and whether no Ctrl, Meta or Alt was
// held with it.
func keyOf(e event) (key string, plain bool) {
	ev := e.Underlying()
	return ev.Get("key").String(), !ev.Get("ctrlKey").Bool() && !ev.Get("metaKey").Bool() && !ev.Get("altKey").Bool()
}

// replace makes kids the children of parent.
func replace(parent elem, kids ...elem) {
	args := make([]any, len(kids))
	for i, k := range kids {
		args[i] = k.Underlying()
	}
	parent.Underlying().Call("replaceChildren", args...)
}

// jsValue is a raw JavaScript value, for the layout reads of the virtual
// lists.
type jsValue = js.Value

// funcOf wraps f as a JavaScript callback of one argument that stays for
// the page's life.
func funcOf(f func(arg jsValue)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		var arg js.Value
		if len(args) > 0 {
			arg = args[0]
		}
		f(arg)
		return nil
	})
}
