# Entry points for people and CI. `make demo` and `make test` are the two set-up commands in README.md:
# each installs what is missing (scripts/install-deps.sh), builds and runs.

SWIFT ?= swift
# Test processes run in parallel; the Swift Testing runner also runs tests within a process concurrently.
TEST_FLAGS ?= --parallel

.PHONY: all deps deps-release build release demo test bench bench-quick fuzz clean

all: build

deps:
	@scripts/install-deps.sh

# The builds and the demo need the Debian packages only, not the Python packages of the tests.
deps-release:
	@scripts/install-deps.sh --without-python-packages

build: deps-release
	$(SWIFT) build

# scripts/build-release.sh links the Swift runtime into the binaries, so they run without the Swift toolchain.
release: deps-release
	SWIFT=$(SWIFT) scripts/build-release.sh ehbridge ehbridge-local-sls

demo: release
	.build/release/ehbridge demo

# The broker outage tests run on their own, after the rest: setting a mock broker down makes librdkafka 2.0.2
# close its listener and bind the same port again at once, and it aborts the whole test process when that bind
# fails, which happened once while the other tests were opening sockets in parallel.
OUTAGE_TESTS = brokerOutage
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(OUTAGE_TESTS)' $(TEST_FLAGS)
	$(SWIFT) test --skip-build --filter '$(OUTAGE_TESTS)' $(TEST_FLAGS)

# The throughput benchmark (docs/benchmarks.md): a 35 MB generated corpus over 1, 8 and 32 partitions through kcat,
# the bridge, its dry run and three Python reference pipelines, all on 127.0.0.1. Takes a few minutes; the report
# is also written to .build/bench/report.md. Pass options with BENCH_FLAGS, for example BENCH_FLAGS="--corpus-mb 100".
bench:
	scripts/bench/run.sh $(BENCH_FLAGS)

# A quick check that every pipeline of the benchmark runs: 8 MB over 8 partitions. Fixed costs such as start-up
# weigh heavily on so little data, so its ratios are not the ones docs/benchmarks.md compares.
bench-quick:
	scripts/bench/run.sh --corpus-mb 8 --partitions 8 $(BENCH_FLAGS)

# Fuzzes the normalizer for FUZZ_SECONDS (default 60) after a build of about half a minute; fails on a crash,
# a hang or a broken invariant. See scripts/fuzz-normalizer.sh.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz-normalizer.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build
