#!/usr/bin/env bash
# Runs the throughput benchmark (`make bench`): builds ehbridge and ehbridge-bench in release mode, creates the
# Python environment of the reference pipelines in .venv-bench, and runs ehbridge-bench with the arguments given.
#
# Everything runs on this machine: librdkafka's mock cluster and the local SLS server listen on 127.0.0.1.
# The report goes to standard output and to .build/bench/report.md; logs of each run to .build/bench/work/.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo_root"
venv="$repo_root/.venv-bench"
requirements="$repo_root/scripts/bench/requirements.txt"

log() { printf 'bench: %s\n' "$*" >&2; }

# The bench's Python packages go to .venv-bench below, so the tests' .venv is not needed.
scripts/install-deps.sh --without-python-packages >&2

# aliyun-log-producer ships prebuilt wheels only for some platforms; without it the bench skips that pipeline.
if [ ! -x "$venv/bin/python" ]; then
    log "creating the Python virtual environment $venv"
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2; then
    log "installing $requirements failed; retrying without aliyun-log-producer"
    grep -v '^aliyun-log-producer' "$requirements" > "$venv/requirements-without-producer.txt"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$venv/requirements-without-producer.txt" >&2
fi

pipelines=kcat,bridge,bridge-dry-run,python-sdk,python-sdk-per-message
if "$venv/bin/python" -c "import aliyun_log_producer" 2>/dev/null; then
    pipelines="$pipelines,python-producer"
else
    log "aliyun-log-producer is not installed; the python-producer pipeline is skipped"
fi

log "building ehbridge and ehbridge-bench (release)"
scripts/build-release.sh ehbridge ehbridge-bench >&2

mkdir -p .build/bench
rm -rf .build/bench/work
exec .build/release/ehbridge-bench --pipelines "$pipelines" --python "$venv/bin/python" \
    --scripts scripts/bench --work-dir .build/bench/work --output .build/bench/report.md "$@"
