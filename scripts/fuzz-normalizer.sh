#!/usr/bin/env bash
# Fuzzes the Azure log normalizer (Sources/AzureLogs) for a bounded time and fails on the first input that
# crashes it, hangs it, or breaks an invariant of Fuzz/NormalizerFuzzer/NormalizerInvariants.swift.
#
# Usage: scripts/fuzz-normalizer.sh [SECONDS]   (default 60, or FUZZ_SECONDS)
#
# It builds Core and AzureLogs with libFuzzer and AddressSanitizer (swiftc -sanitize=fuzzer,address) into
# .build/fuzz and runs libFuzzer, seeded with the Azure samples of the tests plus a gzip, a JSON Lines and an
# AMQP-header seed. The build takes about half a minute on 2 cores. When the toolchain cannot build
# libFuzzer targets, or with FUZZ_ENGINE=mutation, it builds a seeded mutation runner instead and runs that
# for the same time (FUZZ_RANDOM_SEED picks its seed, default 1).
# A failing input is left in .build/fuzz (crash-*, timeout-*, or current-input/hang-input) for reproduction:
# .build/fuzz/fuzz-normalizer FILE replays one input.
set -euo pipefail

cd "$(dirname "$0")/.."
run_seconds="${1:-${FUZZ_SECONDS:-60}}"
build=.build/fuzz
fixtures=Tests/AzureLogsTests/Fixtures/azure
mkdir -p "$build/seeds" "$build/corpus"

# Seeds: every sample message value, and the shapes that are not stored as sample files.
cp "$fixtures"/*.json "$build/seeds/"
gzip -c "$fixtures/01-activity-administrative.json" > "$build/seeds/gzip-01.json.gz"
{ tr -d '\n' < "$fixtures/10-keyvault-auditevent.json"; echo; tr -d '\n' < "$fixtures/14-storage-blob.json"; echo; } \
    > "$build/seeds/json-lines-10-14.json"
printf '\xa1\x05hello' > "$build/seeds/amqp-str8"

core_sources=$(find Sources/Core -name '*.swift')
azure_sources=$(find Sources/AzureLogs -name '*.swift')
flags=(-O -parse-as-library -I "$build" -I Sources/CZlib -I Sources/CMalloc)
# A Swift runtime crash report would slow every crash; libFuzzer prints its own.
export SWIFT_BACKTRACE=enable=no

build_library() {
    local sanitizers=$1 module=$2
    shift 2
    swiftc "${flags[@]}" -sanitize="$sanitizers" -module-name "$module" -emit-module \
        -emit-module-path "$build/$module.swiftmodule" -emit-library -static -o "$build/lib$module.a" "$@"
}

if [ "${FUZZ_ENGINE:-libfuzzer}" != mutation ] \
    && echo "fuzz-normalizer: building with libFuzzer into $build" \
    && build_library fuzzer,address Core $core_sources 2>"$build/build.log" \
    && build_library fuzzer,address AzureLogs $azure_sources 2>>"$build/build.log" \
    && swiftc "${flags[@]}" -sanitize=fuzzer,address -L "$build" -lAzureLogs -lCore -lz \
        Fuzz/NormalizerFuzzer/NormalizerInvariants.swift Fuzz/NormalizerFuzzer/LibFuzzerEntry.swift \
        -o "$build/fuzz-normalizer" 2>>"$build/build.log"
then
    echo "fuzz-normalizer: running libFuzzer for $run_seconds seconds"
    cd "$build"
    # -timeout: an input that runs longer than 10 s is a hang. -rss_limit_mb bounds memory per input.
    exec ./fuzz-normalizer -max_total_time="$run_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        corpus seeds
fi

echo "fuzz-normalizer: libFuzzer not used (FUZZ_ENGINE=${FUZZ_ENGINE:-libfuzzer}, build log in $build/build.log);" \
    "using the seeded mutation runner"
build_library address Core $core_sources
build_library address AzureLogs $azure_sources
swiftc "${flags[@]}" -sanitize=address -L "$build" -lAzureLogs -lCore -lz \
    Fuzz/NormalizerFuzzer/NormalizerInvariants.swift Fuzz/NormalizerFuzzer/MutationRunner.swift \
    -o "$build/fuzz-normalizer-mutation"
cd "$build"
exec ./fuzz-normalizer-mutation "$run_seconds" seeds "${FUZZ_RANDOM_SEED:-1}"
