package view

import (
	"strconv"
	"strings"
	"testing"
)

// TestEntryKind checks that the log filter's cheap kind agrees with the
// kind describeEntry gives its row.
func TestEntryKind(t *testing.T) {
	for _, raw := range []string{
		"<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client'>",
		"<stream:features><mechanisms/></stream:features>",
		"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>",
		"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
		"<iq type='set' id='b1'><bind/></iq>", "<message to='a@b'><body>hi</body></message>",
		"<presence/>", "</stream:stream>", "<stream:error><conflict/></stream:error>",
		" ", "hello", "<!-- c --> <presence/>", "<img src=x onerror=alert(1)><b", "<unterminated", "text <iq/>",
	} {
		e := Entry{What: "data", Raw: raw}
		if want := e.Row(false).Kind; e.Kind() != want {
			t.Errorf("%q: Kind %q, Row %q", raw, e.Kind(), want)
		}
	}
	for _, e := range []Entry{{Dir: DirTimer, What: "timer", Raw: "c2s_timeout"}, {What: "open"}, {What: "close"}} {
		if want := e.Row(false).Kind; e.Kind() != want {
			t.Errorf("%+v: Kind %q, Row %q", e, e.Kind(), want)
		}
	}
}

func TestRowSpan(t *testing.T) {
	for _, tc := range []struct {
		top, height, pitch float64
		n, extra           int
		want               Range
	}{
		{0, 600, 100, 0, 1, Range{}},
		{0, 600, 100, 3, 1, Range{0, 3}},
		{0, 250, 100, 100, 0, Range{0, 3}},
		{1000, 250, 100, 100, 1, Range{9, 14}},
		{9950, 250, 100, 100, 2, Range{97, 100}},
		{-50, 100, 100, 10, 0, Range{0, 1}}, // overscrolled past the top
	} {
		if got := Rows(tc.top, tc.height, tc.pitch, tc.n, tc.extra); got != tc.want {
			t.Errorf("Rows(%v, %v, %v, %d, %d) = %v, want %v", tc.top, tc.height, tc.pitch, tc.n, tc.extra, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	for _, tc := range []struct{ top, height, y, h, want float64 }{
		{100, 300, 150, 50, 100}, // in view: stays
		{100, 300, 20, 50, 20},   // above: up to it
		{100, 300, 500, 50, 250}, // below: down until its bottom shows
		{100, 30, 500, 50, 500},  // taller than the view: its top
	} {
		if got := Nearest(tc.top, tc.height, tc.y, tc.h); got != tc.want {
			t.Errorf("Nearest(%v, %v, %v, %v) = %v, want %v", tc.top, tc.height, tc.y, tc.h, got, tc.want)
		}
	}
}

func TestPx(t *testing.T) {
	for s, want := range map[string]float64{"312px": 312, " 11.2px": 11.2, "none": 0, "20rem": 0, "": 0} {
		if got := Pixels(s); got != want {
			t.Errorf("Pixels(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestKeyRow(t *testing.T) {
	for _, tc := range []struct {
		name               string
		key                string
		cur, step, page, n int
		want               int
		wantOK             bool
	}{
		{"down from a row", "ArrowDown", 4, 1, 10, 100, 5, true},
		{"down from the list goes to the first row in view", "ArrowDown", 4, 0, 10, 100, 4, true},
		{"up stops at the top", "ArrowUp", 0, 1, 10, 100, 0, true},
		{"page down stops at the end", "PageDown", 95, 1, 10, 100, 99, true},
		{"home", "Home", 50, 1, 10, 100, 0, true},
		{"end", "End", 50, 1, 10, 100, 99, true},
		{"a key that moves nothing", "a", 50, 1, 10, 100, 50, false},
		{"an empty list", "End", 0, 0, 10, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := KeyRow(tc.key, tc.cur, tc.step, tc.page, tc.n)
			if ok != tc.wantOK || (ok && got != tc.want) {
				t.Errorf("KeyRow = %d, %v; want %d, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestKeyScroll(t *testing.T) {
	for _, tc := range []struct {
		key    string
		want   float64
		wantOK bool
	}{{"PageDown", 190, true}, {"PageUp", 10, true}, {"Home", 0, true}, {"End", 5000, true}, {"ArrowDown", 0, false}} {
		if got, ok := KeyScroll(tc.key, 100, 100, 5000); got != tc.want || ok != tc.wantOK {
			t.Errorf("KeyScroll(%q) = %v, %v; want %v, %v", tc.key, got, ok, tc.want, tc.wantOK)
		}
	}
	if got, _ := KeyScroll("PageUp", 30, 100, 5000); got != 0 {
		t.Errorf("PageUp near the top scrolls to %v, want 0", got)
	}
}

func TestWanted(t *testing.T) {
	for _, tc := range []struct {
		name             string
		win              Range
		first, have, all int
		want             Range
		wantOK           bool
	}{
		{"covered", Range{10, 14}, 0, 48, 1000, Range{}, false},
		{"past the published ones", Range{60, 64}, 0, 48, 1000, Range{36, 88}, true},
		{"near the end of the list", Range{996, 1000}, 0, 48, 1000, Range{972, 1024}, true},
		{"no sessions", Range{}, 0, 0, 0, Range{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Wanted(tc.win, tc.first, tc.have, tc.all)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Wanted = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestScrollBy(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		top, bottom, under, viewH float64
		want                      float64
	}{
		{"shown already", 300, 500, 200, 800, 0},
		{"below the window", 700, 900, 200, 800, 100},
		{"under the stage", 100, 300, 200, 800, -100},
		{"taller than the room: its top", 700, 1500, 200, 800, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScrollBy(tc.top, tc.bottom, tc.under, tc.viewH); got != tc.want {
				t.Errorf("ScrollBy = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGridOf(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		columns, rowH, gap, max string
		want                    Grid
		wantOK                  bool
	}{
		{"three columns", "300px 300px 300px", "352px", "11px", "720px", Grid{Cols: 3, RowH: 352, Gap: 11, MaxH: 720}, true},
		{"no max-height", "300px", "352px", "11px", "none", Grid{Cols: 1, RowH: 352, Gap: 11}, true},
		{"not laid out: a guess", "repeat(auto-fill, minmax(290px, 1fr))", "352px", "11px", "none", Grid{Cols: 1, RowH: 320, Gap: 11}, false},
		{"rows sized to content: a guess", "300px 300px", "auto", "11px", "none", Grid{Cols: 2, RowH: 320, Gap: 11}, false},
		{"empty", "", "", "", "", Grid{Cols: 1, RowH: 320, Gap: 11}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := GridOf(tc.columns, tc.rowH, tc.gap, tc.max)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("GridOf = %+v, %v; want %+v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestTablePlace(t *testing.T) {
	tb := Table{RowH: 20, HeadH: 30, MaxH: 430} // 20 rows in view at most
	for _, tc := range []struct {
		name             string
		top, height, was float64
		n, focus         int
		want             float64
		render, shown    Range
	}{
		{"few rows: all shown", 0, 130, 0, 5, -1, 0, Range{0, 5}, Range{0, 5}},
		{"at the end: follows the newest row", 630, 430, 1030, 60, -1, 800, Range{37, 60}, Range{40, 60}},
		{"scrolled up: stays", 100, 430, 1030, 60, -1, 100, Range{2, 29}, Range{5, 26}},
		{"focus below: scrolls the least", 0, 430, 1230, 60, 30, 220, Range{8, 35}, Range{11, 32}},
		{"focus beyond the end: the last row", 0, 430, 1230, 60, 99, 800, Range{37, 60}, Range{40, 60}},
		{"shrunk: clamped", 2000, 430, 2030, 10, -1, 0, Range{0, 10}, Range{0, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to, render, shown := tb.Place(tc.top, tc.height, tc.was, tc.n, tc.focus, 3)
			if to != tc.want || render != tc.render || shown != tc.shown {
				t.Errorf("Place = %v, %v, %v; want %v, %v, %v", to, render, shown, tc.want, tc.render, tc.shown)
			}
		})
	}
}

func TestViewIn(t *testing.T) {
	v := View{First: 10, Sessions: make([]Session, 5)}
	for i := range v.Sessions {
		v.Sessions[i].ID = "s" + strconv.Itoa(10+i)
	}
	for _, tc := range []struct {
		name  string
		win   Range
		first int
		ids   string
	}{
		{"inside", Range{11, 13}, 11, "s11 s12"},
		{"overlapping the start", Range{5, 12}, 10, "s10 s11"},
		{"overlapping the end", Range{13, 40}, 13, "s13 s14"},
		{"before", Range{0, 10}, 10, ""},
		{"after", Range{15, 20}, 15, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, ss := v.In(tc.win)
			var ids []string
			for _, s := range ss {
				ids = append(ids, s.ID)
			}
			if first != tc.first || strings.Join(ids, " ") != tc.ids {
				t.Errorf("In(%v) = %d, %q; want %d, %q", tc.win, first, ids, tc.first, tc.ids)
			}
		})
	}
}
