# SessionScope. `make run` builds the WebAssembly and serves the page on
# loopback; `make test` runs every test. See README.md.

GO        ?= go
WASM_DIR  := $(shell $(GO) env GOROOT)/lib/wasm
WASM_EXEC := $(WASM_DIR)/go_js_wasm_exec
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
ADDR      ?= 127.0.0.1:8080
GO_SRC    := $(shell find sim wasm web cmd -name '*.go' -not -name '*_test.go') $(wildcard sim/scenario/lessons/*.scs) go.mod go.sum
PAGE      := web/index.html web/style.css web/app.js web/boot.js

.PHONY: all build run test test-native test-wasm test-browser vet bench fuzz clean node-deps size

# XMPPJS is @xmpp/client, the real Node client the listener's tests run
# (cmd/sessionscope/internal/live), and AXE is axe-core, which the browser
# tests run in the page; both are installed into the git-ignored build/.
XMPPJS := build/node_modules/@xmpp/client/package.json
AXE    := build/node_modules/axe-core/axe.min.js
# CONVERSE is Converse.js, the real web client the page's "Real client"
# panel opens in a frame: make build copies what it needs at run time
# (the script, its CSS, its fonts, emoji data and logo) into the
# git-ignored web/converse/, which the binary embeds.
CONVERSE_DIST := build/node_modules/converse.js/dist
CONVERSE      := $(CONVERSE_DIST)/converse.min.js
CONVERSE_WEB  := web/converse/converse.min.js

all: build

# The page's server sends the smallest form of main.wasm the browser
# accepts: brotli, zstd or gzip, all made here (web/serve.go).
WASM_FORMS := web/main.wasm.gz web/main.wasm.br web/main.wasm.zst

build: web/main.wasm $(WASM_FORMS) web/wasm_exec.js bin/sessionscope

# The linker's module is written to build/ and then, its data section
# rewritten by cmd/wasmslim, to web/: its data segments joined, and the
# line tables only a traceback reads dropped (its brotli form 19%
# smaller). WASM_LINES=1 keeps them, for file:line in a Go traceback.
WASM_LINES ?=
# WASM_NOINLINE are the packages compiled without inlining, for a smaller
# module: the page's adapter and standard packages that no step of the
# engine spends its time in (measured: step, back and replay take as
# long; brotli 1.36 MB to 1.33 MB).
WASM_NOINLINE := ./wasm fmt encoding/json reflect internal/fmtsort log time html path
WASM_GCFLAGS  := $(foreach p,$(WASM_NOINLINE),-gcflags=$(p)=-l)
web/main.wasm: $(GO_SRC)
	@mkdir -p build
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' $(WASM_GCFLAGS) -o build/main.wasm ./wasm
	$(GO) run ./cmd/wasmslim $(if $(WASM_LINES),-lines) -o $@ build/main.wasm

web/main.wasm.gz: web/main.wasm
	gzip -9 -n -k -f web/main.wasm

# brotli (quality 11) and zstd (best level) in one run of cmd/precompress.
web/main.wasm.br web/main.wasm.zst &: web/main.wasm cmd/precompress/main.go
	$(GO) run ./cmd/precompress web/main.wasm

web/wasm_exec.js: $(WASM_DIR)/wasm_exec.js
	cp $< $@

bin/sessionscope: $(GO_SRC) $(PAGE) web/main.wasm $(WASM_FORMS) web/wasm_exec.js
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/sessionscope

# The real client's frame and the Converse files it loads are part of
# the build and of the binary.
REALCLIENT := web/realclient.html web/realclient.js web/realclient.css web/intab-ws.js
build: $(CONVERSE_WEB)
bin/sessionscope: $(REALCLIENT) $(CONVERSE_WEB)

# Converse's lazily loaded parts that a login and a chat in English use:
# emoji.json (fetched when a message is shown) and the logo; no locale,
# sound, OMEMO or worker file.
$(CONVERSE_WEB): $(CONVERSE)
	rm -rf web/converse
	mkdir -p web/converse/webfonts web/converse/images/logo web/converse/images/custom_emojis
	cp $(CONVERSE_DIST)/converse.min.js $(CONVERSE_DIST)/converse.min.css $(CONVERSE_DIST)/emoji.json web/converse/
	cp $(CONVERSE_DIST)/webfonts/*.ttf web/converse/webfonts/
	cp $(CONVERSE_DIST)/images/logo/conversejs-filled.svg web/converse/images/logo/
	cp $(CONVERSE_DIST)/images/custom_emojis/*.png web/converse/images/custom_emojis/
	gzip -9 -n -k -f web/converse/converse.min.js web/converse/converse.min.css web/converse/emoji.json

.PHONY: clean-converse
clean: clean-converse
clean-converse:
	rm -rf web/converse

run: build
	./bin/sessionscope serve -addr $(ADDR)

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./sim/...

node-deps: $(XMPPJS) $(AXE) $(CONVERSE)

# One npm install for all: with --no-save, npm removes what it is not
# told to install.
$(XMPPJS) $(AXE) $(CONVERSE) &:
	npm install --prefix build --no-save @xmpp/client@0.14.0 axe-core@4.14.1 converse.js@14.0.0

test-native:
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -run='^$$' -bench=. -benchtime=1x ./sim/... # every benchmark still runs

test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASM_EXEC) ./sim/... ./wasm/

test-browser: build
	$(GO) test -count=1 -tags browser -run Browser -v ./web/ ./cmd/sessionscope/internal/live/

test: node-deps build vet test-native test-wasm test-browser
	$(GO) test -count=1 -run 'XMPPJS|Mellium|Slixmpp' ./cmd/sessionscope/internal/live/

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./sim/...
	GOOS=js GOARCH=wasm $(GO) test -run='^$$' -bench=. -benchmem -exec=$(WASM_EXEC) ./sim/...
	$(GO) test -run='^$$' -bench=. -benchtime=20000x ./cmd/sessionscope/internal/live/

# fuzz runs every fuzz target for FUZZTIME each (go test -fuzz takes one
# target at a time), goes on past a failing one, and at the end names
# every target that failed.
FUZZTIME ?= 30s
fuzz:
	@failed=""; \
	for d in $$(grep -rl --include='*_test.go' '^func Fuzz' sim cmd | xargs -n1 dirname | sort -u); do \
		for f in $$(grep -h '^func Fuzz' $$d/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9]*\).*/\1/'); do \
			echo "$$d $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) ./$$d || failed="$$failed $$d:$$f"; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz targets that failed:$$failed"; exit 1; fi

# size reports the bytes of main.wasm's code by package, largest first
# (cmd/wasmsize), from make build's build but keeping the function names
# -s drops, and before cmd/wasmslim; then the bytes of the module served
# and of each compressed form (brotli is what Chromium gets).
SIZE_N ?= 40
size: web/main.wasm $(WASM_FORMS)
	@mkdir -p build
	GOOS=js GOARCH=wasm $(GO) build -trimpath $(WASM_GCFLAGS) -o build/size.wasm ./wasm
	GOOS=js GOARCH=wasm $(GO) list -deps ./wasm >build/size.pkgs
	$(GO) run ./cmd/wasmsize -pkgs build/size.pkgs -n $(SIZE_N) build/size.wasm
	@wc -c web/main.wasm $(WASM_FORMS) | sed '$$d'

clean:
	rm -rf bin web/main.wasm $(WASM_FORMS) web/wasm_exec.js
