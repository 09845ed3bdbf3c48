#!/usr/bin/env bash
# Builds and tests the Python binding from a clean checkout:
#
#   bash bindings/python/run-tests.sh [VENV]      (VENV default: .venv-py)
#
# Creates the virtual environment VENV (relative to the repository root),
# installs the pinned tools (requirements-dev.txt) and the package itself
# (`pip install ./bindings/python`: maturin builds the extension with
# cargo, in release mode), then runs pytest, mypy's stubtest on the
# installed package and `mypy --strict` on a usage file. Needs python3
# (3.9+) with venv, Rust (cargo) and PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="${1:-.venv-py}"
python="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# The vector cases over the default time budget on purpose run too (under a
# 10 s budget, as the crate's own vector test runs them).
export HASHPORT_SLOW="${HASHPORT_SLOW:-1}"

step() { printf '\n-- %s\n' "$*"; }

step "virtual environment $venv"
"$python" -m venv "$venv"
venv="$(cd "$venv" && pwd)"
# mypy and stubtest keep their cache inside the venv, not in the checkout.
export MYPY_CACHE_DIR="$venv/.mypy_cache"
"$venv/bin/python" -m pip install --quiet -r bindings/python/requirements-dev.txt

step "pip install ./bindings/python"
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps ./bindings/python
"$venv/bin/python" -c 'import hashport; print("hashport", hashport.__version__, "from", hashport.__file__)'

step "pytest"
"$venv/bin/python" -m pytest -q -p no:cacheprovider bindings/python/tests

step "stubtest (the stubs against the installed package)"
# From outside the checkout, so that `hashport` is the installed package.
(cd "$venv" && bin/python -m mypy.stubtest hashport)

step "mypy --strict (a typical use, against the stubs)"
"$venv/bin/python" -m mypy --strict bindings/python/tests/typecheck_usage.py
