//go:build js && wasm

package main

import (
	"fmt"
	"reflect"

	"github.com/sessionscope/sessionscope/sim/session"
)

// tokenClaims returns the claims of the token a session logged in with,
// as name/value pairs, or nil when the snapshot carries none. It looks for
// a Token field on the snapshot, so the card shows claims as soon as the
// snapshot has them; adjust the formatting here.
func tokenClaims(s session.Snapshot) [][2]string {
	f := reflect.ValueOf(s).FieldByName("Token")
	if !f.IsValid() || (f.Kind() != reflect.Slice && f.Kind() != reflect.Map) || f.Len() == 0 {
		return nil
	}
	var out [][2]string
	if f.Kind() == reflect.Map {
		iter := f.MapRange()
		for iter.Next() {
			out = append(out, [2]string{fmt.Sprint(iter.Key().Interface()), fmt.Sprint(iter.Value().Interface())})
		}
		return out
	}
	for i := 0; i < f.Len(); i++ {
		out = append(out, claimPair(f.Index(i)))
	}
	return out
}

func claimPair(v reflect.Value) [2]string {
	if v.Kind() == reflect.Struct {
		name, val := v.FieldByName("Name"), v.FieldByName("Value")
		if name.IsValid() && val.IsValid() {
			return [2]string{fmt.Sprint(name.Interface()), fmt.Sprint(val.Interface())}
		}
	}
	return [2]string{"claim", fmt.Sprint(v.Interface())}
}
