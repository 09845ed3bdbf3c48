#!/usr/bin/env bash
# One command: benches/compare/run.sh [--rounds N] [--filter TEXT] [--budget SECONDS]
#
# Installs what the comparison needs (Debian's libsodium and libxcrypt, a
# Python venv with the cryptography and bcrypt packages, the reference
# libargon2 from the argon2-cffi-bindings source package built twice: with its
# AVX2 code path and with -march=native), builds hashport's timer, runs every
# implementation on the same records, interleaved, and writes the table to
# benches/compare/RESULTS.md. Everything it builds lives under target/compare.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/target/compare"
mkdir -p "$work"

have_lib() { ldconfig -p | grep -q "$1"; }
if ! have_lib libsodium.so || ! have_lib libcrypt.so.1 || ! command -v make >/dev/null || ! command -v cc >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsodium23 libcrypt1 make gcc python3-venv >/dev/null
    else
        echo "need libsodium23, libcrypt1, make and gcc (run as root to install them)" >&2
        exit 2
    fi
fi

py="${PYTHON:-python3}"
if [ ! -x "$work/venv/bin/python" ]; then
    "$py" -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q --disable-pip-version-check cryptography bcrypt

# The reference libargon2, as vendored in argon2-cffi-bindings' source package.
if [ ! -d "$work/argon2-src" ]; then
    rm -rf "$work/dl"
    "$work/venv/bin/pip" download -q --disable-pip-version-check --no-deps \
        --no-binary argon2-cffi-bindings -d "$work/dl" argon2-cffi-bindings
    mkdir -p "$work/argon2-src"
    tar -xzf "$work"/dl/argon2_cffi_bindings-*.tar.gz -C "$work/argon2-src" --strip-components=1
fi
build_argon2() { # name, -march target
    local dir="$work/libargon2-$1"
    if [ ! -f "$dir/libargon2.so.1" ]; then
        rm -rf "$dir"
        cp -r "$work/argon2-src/extras/libargon2" "$dir"
        make -s -C "$dir" OPTTARGET="$2" libargon2.so.1 >/dev/null
    fi
}
# haswell: AVX2 without AVX-512 (opt.c picks its AVX2 path); native: whatever
# this CPU has (the AVX-512 path where available).
build_argon2 avx2 haswell
build_argon2 generic x86-64   # SSE2 only: the other argon2 at the portable level
build_argon2 native native
native_label="-march=native build"
if grep -qw avx512f /proc/cpuinfo; then native_label="AVX-512 build (-march=native)"; fi

(cd "$root" && cargo build -q --release --example hashport_timer --bin hashport)

# Every kernel level below the best that this CPU can run (HASHPORT_CPU).
# avx2-nosha (AVX2 without SHA-NI, an Intel Haswell to Skylake) only where
# it differs from the best level: on a CPU with both.
levels=portable
if grep -qw avx2 /proc/cpuinfo && grep -qw sha_ni /proc/cpuinfo; then levels=$levels,avx2-nosha; fi
if grep -qw avx2 /proc/cpuinfo && grep -qw avx512f /proc/cpuinfo; then levels=$levels,avx2; fi

cd "$here"
"$work/venv/bin/python" compare.py \
    --hashport "$root/target/release/examples/hashport_timer" \
    --argon2-avx2 "$work/libargon2-avx2/libargon2.so.1" --argon2-avx2-label "AVX2 build" \
    --argon2-native "$work/libargon2-native/libargon2.so.1" --argon2-native-label "$native_label" \
    --argon2-generic "$work/libargon2-generic/libargon2.so.1" \
    --cli "$root/target/release/hashport" --levels "$levels" \
    --out "$here/RESULTS.md" "$@"
