#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/deps.sh
fieldseal_install_deps
fieldseal_build
cd build
ctest --output-on-failure -j "${FIELDSEAL_JOBS:-2}" "$@"
