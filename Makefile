# podgen's tasks. `make test` is what CI runs (.ci/run); it installs what the
# tests need (versitygw, a real S3 server) into ./bin first.

SHELL     := /bin/bash
.SHELLFLAGS := -o pipefail -c
GO        ?= go
BIN       := $(CURDIR)/bin
VERSITYGW := $(BIN)/versitygw
VERSITYGW_VERSION := v1.8.0
export VERSITYGW

.PHONY: build run test chromium bench bench-tools lint fuzz clean

build:
	$(GO) build -o $(BIN)/podgen ./cmd/podgen

# The main job on the example content shipped in the repository.
run:
	$(GO) run ./cmd/podgen build

test: $(VERSITYGW) chromium
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# The page test drives Debian's headless Chromium.
chromium:
	@command -v chromium >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

$(VERSITYGW):
	GOBIN=$(BIN) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# Benchmarks carry the performance targets of the issues; BENCHMARKS.md has
# the results. They compare with Debian's hugo and rclone, which
# bench-tools installs when they are missing.
bench: $(VERSITYGW) bench-tools
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 3 -timeout 60m ./... | tee bench.txt

bench-tools:
	@command -v hugo >/dev/null && command -v rclone >/dev/null && test -x /usr/bin/time || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo rclone time)

fuzz:
	$(GO) test ./parse -run '^$$' -fuzz FuzzParse -fuzztime 60s
	$(GO) test ./feed/audio -run '^$$' -fuzz FuzzProbe -fuzztime 60s
	$(GO) test ./feed/rss -run '^$$' -fuzz FuzzItemRoundTrip -fuzztime 60s
	$(GO) test ./feed -run '^$$' -fuzz FuzzArticleToFeed -fuzztime 60s

clean:
	rm -rf $(BIN) public bench.txt
