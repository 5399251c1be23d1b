//go:build js && wasm

package main

import "syscall/js"

// Small helpers over syscall/js. The page builds each element once and
// keeps the js.Value; text from users only ever goes through textContent.

var document = js.Global().Get("document")

func byID(id string) js.Value { return document.Call("getElementById", id) }

// elem creates an element with a class (none when class is "").
func elem(tag, class string) js.Value {
	e := document.Call("createElement", tag)
	if class != "" {
		e.Set("className", class)
	}
	return e
}

// textElem creates an element holding s as text.
func textElem(tag, class, s string) js.Value {
	e := elem(tag, class)
	e.Set("textContent", s)
	return e
}

func setText(e js.Value, s string) { e.Set("textContent", s) }

func attr(e js.Value, name, value string) js.Value {
	e.Call("setAttribute", name, value)
	return e
}

func add(parent js.Value, children ...js.Value) js.Value {
	for _, c := range children {
		parent.Call("appendChild", c)
	}
	return parent
}

func clear(e js.Value) { e.Call("replaceChildren") }

func setClass(e js.Value, class string, on bool) {
	e.Get("classList").Call("toggle", class, on)
}

// on adds a listener that stays for the page's life (delegation keeps
// their number small), returning nothing to release.
func on(target js.Value, typ string, f func(ev js.Value)) {
	target.Call("addEventListener", typ, js.FuncOf(func(_ js.Value, args []js.Value) any {
		f(args[0])
		return nil
	}))
}

// button creates a labelled button.
func button(label, aria, class string) js.Value {
	b := textElem("button", class, label)
	attr(b, "type", "button")
	if aria != "" {
		attr(b, "aria-label", aria)
	}
	return b
}

func value(e js.Value) string { return e.Get("value").String() }

// closestData returns the value of data-<name> on the event target or its
// nearest ancestor, and that element.
func closestData(ev js.Value, name string) (string, js.Value) {
	t := ev.Get("target")
	if t.IsNull() || t.IsUndefined() || t.Get("closest").IsUndefined() {
		return "", js.Null()
	}
	el := t.Call("closest", "[data-"+name+"]")
	if el.IsNull() {
		return "", js.Null()
	}
	return el.Call("getAttribute", "data-"+name).String(), el
}
