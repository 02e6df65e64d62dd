# podgen's tasks. `make test` is what CI runs (.ci/run); it installs what the
# tests need first: versitygw (a real S3 server) into ./bin, Debian's
# chromium and Noto CJK fonts, and axe-core (npm, pinned in package.json and
# package-lock.json) into ./node_modules.

SHELL     := /bin/bash
.SHELLFLAGS := -o pipefail -c
GO        ?= go
BIN       := $(CURDIR)/bin
VERSITYGW := $(BIN)/versitygw
VERSITYGW_VERSION := v1.8.0
export VERSITYGW

AXE       := node_modules/axe-core/axe.min.js
# Where the tests write their artifacts: the web site's screenshots.
ARTIFACTS := $(CURDIR)/test-output

.PHONY: build run test chromium fonts bench bench-tools lint fuzz clean

# The binary says which commit it was built from (podgen version, the
# feed's generator): the nearest tag, the commit, and -dirty for changes.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN)/podgen ./cmd/podgen

# The main job on the example content shipped in the repository.
run:
	$(GO) run ./cmd/podgen build

test: $(VERSITYGW) chromium fonts $(AXE)
	$(GO) vet ./...
	mkdir -p $(ARTIFACTS)
	$(GO) test -race -count=1 -artifacts -outputdir $(ARTIFACTS) ./...

# The site tests drive Debian's headless Chromium, which sets the pages'
# Chinese in Noto CJK.
chromium:
	@command -v chromium >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

fonts:
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk)

# axe-core, the accessibility rules the site tests run in the pages.
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

$(VERSITYGW):
	GOBIN=$(BIN) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# Benchmarks carry the performance targets of the issues; BENCHMARKS.md has
# the results. They compare with Debian's hugo and rclone, which
# bench-tools installs when they are missing.
# The whole-run benchmarks run once per count (-benchtime 1x); the steps of
# one episode, microseconds each, as often as Go likes.
bench: $(VERSITYGW) bench-tools chromium fonts
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 3 -timeout 60m ./cmd/podgen ./feed/archive | tee bench.txt
	$(GO) test -run '^$$' -bench Episode -count 3 ./feed | tee -a bench.txt

bench-tools:
	@command -v hugo >/dev/null && command -v rclone >/dev/null && test -x /usr/bin/time || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo rclone time)

fuzz:
	$(GO) test ./parse -run '^$$' -fuzz FuzzParse -fuzztime 60s
	$(GO) test ./feed/audio -run '^$$' -fuzz FuzzProbe -fuzztime 60s
	$(GO) test ./feed/rss -run '^$$' -fuzz FuzzItemRoundTrip -fuzztime 60s
	$(GO) test ./feed -run '^$$' -fuzz FuzzArticleToFeed -fuzztime 60s

clean:
	rm -rf $(BIN) public bench.txt node_modules $(ARTIFACTS)
