# osaddon: the two set-up commands are `make demo` and `make test`.
GO      ?= go
BIN     := bin
MODULE  := $(BIN)/pmosaddon
FUZZTIME ?= 60s
PKGS    := ./...
VERSION ?= $(or $(shell git describe --tags --dirty --match 'v[0-9]*' 2>/dev/null),0.2.0-dev+$(or $(shell git rev-parse --short HEAD 2>/dev/null),unknown))

.PHONY: all build test check vet fmt-check staticcheck demo bench fuzz fuzz-seed clean

all: build

## build: both binaries; the module is stamped with VERSION (git describe of a v* tag, else 0.2.0-dev+<commit>).
build:
	$(GO) build -ldflags "-X osaddon/plugin/module.Version=$(VERSION)" -o $(MODULE) ./plugin/cmd/pmosaddon
	$(GO) build -o $(BIN)/harness ./testharness/cmd/harness

## test: gofmt check, go vet, every test with the race detector (fuzz seed corpora included).
test: fmt-check vet
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

## check: gofmt, go vet and staticcheck (a pinned version, run through go run; about a minute the first time, seconds after).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
check: fmt-check vet staticcheck

staticcheck:
	$(GO) run $(STATICCHECK) $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

## demo: the flagship scenario, end to end, through the real module.
demo: build
	$(BIN)/harness demo --module $(MODULE)

## bench: one table of ratios to baselines measured in the same run (see bench/cmd/benchtable).
## BENCHFLAGS passes more flags, e.g. BENCHFLAGS='-vms 100000' for a shorter run.
bench: build
	$(GO) run ./bench/cmd/benchtable -module $(MODULE) $(BENCHFLAGS)

## fuzz: each fuzz target for FUZZTIME (default 60s).
fuzz:
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for target in $$(grep -h '^func Fuzz' $$dir/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/' | sort -u); do \
			echo "== $$dir $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$dir; \
		done; \
	done

## soak: the full kill matrix (10,000 VMs, many points, both launch modes),
## then every fuzz target briefly (SOAK_FUZZTIME each, default 10s).
.PHONY: soak
SOAK_FUZZTIME ?= 10s
soak:
	OSADDON_SOAK=1 $(GO) test -count=1 -timeout 60m -run '^TestKillMatrixSoak$$' -v ./testharness/cmd/harness
	$(MAKE) fuzz FUZZTIME=$(SOAK_FUZZTIME)

clean:
	rm -rf $(BIN)
