package scenario

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

//go:embed lessons/*.scs
var lessonFS embed.FS

// Lesson is a built-in scenario: a scansion script whose "#" comments are
// the narration.
type Lesson struct {
	// Name identifies the lesson, such as "login_bind": its file name
	// without the order prefix and the .scs extension.
	Name string
	// File is the file name inside the lessons folder.
	File string
	// Title is the script's title line.
	Title string
	// Source is the script's text.
	Source []byte
}

// Lessons returns the built-in lessons in teaching order.
func Lessons() []Lesson {
	entries, err := fs.ReadDir(lessonFS, "lessons")
	if err != nil {
		return nil
	}
	var out []Lesson
	for _, e := range entries {
		src, err := lessonFS.ReadFile("lessons/" + e.Name())
		if err != nil {
			continue
		}
		out = append(out, Lesson{Name: lessonName(e.Name()), File: e.Name(), Title: scansion.Title(src), Source: src})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// FindLesson returns the built-in lesson with the given name (or file
// name).
func FindLesson(name string) (Lesson, error) {
	for _, l := range Lessons() {
		if l.Name == name || l.File == name {
			return l, nil
		}
	}
	return Lesson{}, fmt.Errorf("scenario: no lesson named %q", name)
}

// Player returns a player for the lesson.
func (l Lesson) Player(opts Options) (*Player, error) {
	return Load(l.File, l.Source, opts)
}

// lessonName strips the "NN_" order prefix and the extension.
func lessonName(file string) string {
	name := strings.TrimSuffix(file, ".scs")
	if i := strings.IndexByte(name, '_'); i > 0 && strings.Trim(name[:i], "0123456789") == "" {
		name = name[i+1:]
	}
	return name
}
