#!/usr/bin/env bash
# Builds the given products in release mode, with the Swift runtime and Foundation linked into each binary
# (`--static-swift-stdlib`). The binaries then need only the Debian C libraries at run time, not the Swift
# toolchain's shared libraries, and start with less dynamic linking.
#
# `make release`, `make demo` and the bench scripts all build through this script. SwiftPM recompiles every
# module when the flags of a build change, so mixed flags would rebuild `.build/release` again and again and
# leave binaries of either kind behind.
#
# Usage: scripts/build-release.sh PRODUCT...
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "build-release: missing product name; run scripts/build-release.sh PRODUCT..., for example ehbridge" >&2
    exit 2
fi
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo_root"
for product in "$@"; do
    "${SWIFT:-swift}" build -c release --static-swift-stdlib --product "$product"
done
