#!/usr/bin/env bash
# Builds every fuzz target and runs each for a while from its committed seeds.
#
#   bash fuzz/smoke.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Default 20 s per target, every target. Uses the nightly toolchain when
# there is one, else the stable one with RUSTC_BOOTSTRAP=1 (libFuzzer and the
# sanitizer runtime ship with stable on x86_64 Linux; only the -Z flags need
# the bootstrap switch). Installs cargo-fuzz from crates.io when missing.
# New inputs go to fuzz/corpus/<target> (git-ignored); a finding stops the
# run with a non-zero exit and leaves the input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
shift || true
if cargo +nightly --version >/dev/null 2>&1; then
    toolchain=+nightly
else
    toolchain=+stable
    export RUSTC_BOOTSTRAP=1
    echo "fuzz/smoke.sh: no nightly toolchain; using stable with RUSTC_BOOTSTRAP=1"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo "$toolchain" fuzz list)
fi
# -a: debug assertions and overflow checks on, as in tests.
cargo "$toolchain" fuzz build -a
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    echo "== fuzz $t for ${secs}s"
    log=$(mktemp)
    status=0
    cargo "$toolchain" fuzz run -a "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
        -dict=fuzz/hashport.dict -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 80 "$log"
        echo "fuzz target $t failed (exit $status)" >&2
        exit "$status"
    fi
    rm -f "$log"
done
