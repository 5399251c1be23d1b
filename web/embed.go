// Package web holds the static page: index.html, style.css, app.js, and
// the build outputs main.wasm, its compressed forms main.wasm.gz,
// main.wasm.br and main.wasm.zst, and wasm_exec.js, which the Makefile
// writes here before the command line embeds them.
package web

import "embed"

// Files is the page, as embedded at build time.
//
//go:embed *
var Files embed.FS
