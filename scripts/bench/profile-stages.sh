#!/usr/bin/env bash
# Counts the instructions of each step of the bridge's hot path with valgrind's callgrind. It runs
# `ehbridge-bench stages` over a generated corpus (default 8 MB): normalize, batch, encode and compress, sign and
# free, on one thread, without Kafka or HTTP. Only the steps are counted, not the corpus generation. It takes about
# 15 seconds after the build, against minutes for scripts/bench/profile.sh, and the counts do not depend on the
# machine's load, so two versions of the code can be compared run against run.
#
# Output: the instructions of each step, .build/bench/stages-callgrind.out and .build/bench/stages-self.txt (the
# functions with the most instructions of their own, demangled). Extra arguments go to `ehbridge-bench stages`.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo_root"

if ! command -v valgrind >/dev/null 2>&1; then
    echo "profile-stages: valgrind is not installed; install the Debian package valgrind" >&2
    exit 1
fi

scripts/build-release.sh ehbridge-bench >&2

mkdir -p .build/bench
out="$repo_root/.build/bench/stages-callgrind.out"
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='*StageBenchmark*measure*' \
    .build/release/ehbridge-bench stages --corpus-mb 8 --rounds 1 "$@" >/dev/null 2>&1

demangle() {
    if command -v swift-demangle >/dev/null 2>&1; then swift-demangle --simplified; else swift demangle --simplified; fi
}
callgrind_annotate --inclusive=no "$out" 2>/dev/null | demangle > .build/bench/stages-self.txt

# Print the totals of the steps, which are methods of StageBenchmark. Batching and freeing, each below 1 %, fall
# under callgrind_annotate's threshold and make up the rest of the total.
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | demangle \
    | grep -E "PROGRAM TOTALS|StageBenchmark\.(normalizeCorpus|batches|encodeGroups|signRequests)\(.*\) \[" \
    | sed -E 's/ \[.*//'
