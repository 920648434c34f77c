#!/usr/bin/env bash
# Profiles the bridge with valgrind's callgrind, which counts instructions and so gives the same profile on a
# busy machine as on an idle one. Runs `ehbridge run` under callgrind over a smaller corpus (default 8 MB over 4
# partitions: 2 MB per partition fits the mock cluster's 5 MiB per partition even while the slowed-down bridge
# lags behind the producer) and prints the functions with the most instructions, demangled.
#
# Output: .build/bench/callgrind.out (open it with callgrind_annotate or KCachegrind) and
# .build/bench/profile-self.txt / profile-inclusive.txt. Extra arguments go to ehbridge-bench.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo_root"

if ! command -v valgrind >/dev/null 2>&1; then
    echo "profile: valgrind is not installed; install the Debian package valgrind" >&2
    exit 1
fi

scripts/build-release.sh ehbridge ehbridge-bench >&2

mkdir -p .build/bench
rm -rf .build/bench/profile-work
out="$repo_root/.build/bench/callgrind.out"
.build/release/ehbridge-bench --pipelines bridge --partitions 4 --corpus-mb 8 --timeout 1200 \
    --work-dir .build/bench/profile-work \
    --bridge-prefix "valgrind --tool=callgrind --callgrind-out-file=$out" "$@" >&2 || true

demangle() {
    if command -v swift-demangle >/dev/null 2>&1; then swift-demangle --simplified; else swift demangle --simplified; fi
}
callgrind_annotate --inclusive=no "$out" | demangle > .build/bench/profile-self.txt
callgrind_annotate --inclusive=yes "$out" | demangle > .build/bench/profile-inclusive.txt
head -n 60 .build/bench/profile-self.txt
