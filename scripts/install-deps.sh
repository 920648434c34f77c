#!/usr/bin/env bash
# Installs what ehbridge needs to build, test and run its demo on Debian 12, and nothing that is already there.
#
# - Debian packages: the C libraries that the Swift package wraps, their pkg-config files, CA certificates,
#   Python with venv, and kcat for the benchmark.
# - A Python virtual environment in .venv with the official SLS Python SDK, used by tests as an independent
#   reference client. `--without-python-packages` leaves it out. The builds and the demo need nothing from
#   the network beyond the Debian packages, and the benchmark has its own environment.
#
# Safe to run again: it checks each piece first. Uses sudo for apt when not run as root.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo_root/.venv"

packages=(
    pkg-config
    libc6-dev
    librdkafka-dev
    libcurl4-openssl-dev
    libsqlite3-dev
    liblz4-dev
    libssl-dev
    libmicrohttpd-dev
    libyaml-dev
    zlib1g-dev
    libzstd-dev
    ca-certificates
    python3
    python3-venv
    python3-pip
    kcat
)

# Versions of the Python packages used by tests; pinned so that a new release cannot change test results.
python_requirements=(
    "aliyun-log-python-sdk==0.9.52"
    "lz4==4.3.3"
    "zstd==1.5.5.1"
)

log() { printf 'install-deps: %s\n' "$*"; }

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            log "missing Debian packages (${missing[*]}), and sudo is not installed. Run this script as root."
            exit 1
        fi
        sudo_cmd=(sudo)
    fi
    log "installing Debian packages: ${missing[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    log "Debian packages: all present"
fi

if ! command -v swift >/dev/null 2>&1; then
    log "the Swift toolchain (6.3 or later) is not on PATH. Install it from https://www.swift.org/install/linux/ and run again."
    exit 1
fi

if [ "${1:-}" = "--without-python-packages" ]; then
    exit 0
fi

# Python: prefer the python3 on PATH; Debian's own is /usr/bin/python3.
python_bin=$(command -v python3)
if [ ! -x "$venv/bin/python" ]; then
    log "creating the Python virtual environment $venv"
    "$python_bin" -m venv "$venv"
fi

if ! "$venv/bin/python" - "${python_requirements[@]}" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version, PackageNotFoundError
for requirement in sys.argv[1:]:
    name, wanted = requirement.split("==")
    try:
        if version(name) != wanted:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
then
    log "installing Python packages: ${python_requirements[*]}"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${python_requirements[@]}"
else
    log "Python packages: all present"
fi
