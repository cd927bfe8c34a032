#!/usr/bin/env bash
# Installs the Debian 12 packages FieldSeal needs, only those that are missing (dpkg -s first,
# so a second run costs about a second). Sourced by run.sh and test.sh; runs as root.
set -euo pipefail

FIELDSEAL_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config ccache
  # core: SQLite, OpenSSL 3, libcurl, JSON, zlib
  libsqlite3-dev libssl-dev libcurl4-openssl-dev nlohmann-json3-dev zlib1g-dev openssl sqlite3
  # server (mimalloc: its allocator, see sync-server/CMakeLists.txt; zstd: response compression)
  libboost-dev libmimalloc-dev libzstd-dev
  # app and tests: Qt 6 Quick/QML, multimedia, positioning, Linguist tools, QR read/write, CJK font
  qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-positioning-dev qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtqml-workerscript qml6-module-qtquick-window
  qml6-module-qtquick-templates qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-shapes qml6-module-qttest qml6-module-qtmultimedia qml6-module-qtpositioning
  gstreamer1.0-plugins-base libzxing-dev libqrencode-dev fonts-noto-cjk
  # tests: the draw algorithm's independent reference implementation (tests/shared/draw)
  python3
  # tests: render the sealed inspection report PDF to PNG and extract its text (tests/sync-server/reports)
  poppler-utils poppler-data
  # the inspection report's JPEG evidence thumbnails (shared/report, find_package(JPEG))
  libjpeg62-turbo-dev
)

fieldseal_install_deps() {
  local missing=()
  for p in "${FIELDSEAL_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds incrementally into build/, two jobs as on CI.
fieldseal_build() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local jobs="${FIELDSEAL_JOBS:-2}"
  if [ ! -f "$root/build/build.ninja" ]; then
    cmake -S "$root" -B "$root/build" -G Ninja "$@"
  fi
  cmake --build "$root/build" -j "$jobs"
}
