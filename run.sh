#!/usr/bin/env bash
# Set-up in one command, on a fresh Debian machine (as root, or with sudo):
#   ./run.sh serve   install what is missing, build (Release), build the default graph's store
#   ./run.sh test    install what is missing, build (Release), run every test
#   ./run.sh build   install what is missing and build only
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
STORE_DIR=${MOIVRE_DEFAULT_STORE:-var/default-store}
PACKAGES=(g++ cmake make pkg-config ccache liblmdb-dev libboost-dev rapidjson-dev libexpat1-dev
          libcpp-httplib-dev libgtest-dev libserd-dev libxxhash-dev zlib1g-dev libcli11-dev nettle-dev
          libraptor2-dev)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

# Builds the default graph's store from data/, again whenever a file there is newer.
default_store() {
  local moivre="$BUILD_DIR/tools/moivre"
  local stamp="$STORE_DIR/data.mdb"
  if [ -f "$stamp" ] && [ -z "$(find data -name '*.ttl' -newer "$stamp" -print -quit)" ]; then
    echo "Default graph store is up to date: $STORE_DIR"
  else
    rm -rf "$STORE_DIR"
    "$moivre" load --db "$STORE_DIR" data/*.ttl
  fi
  "$moivre" stats --db "$STORE_DIR"
}

case "${1:-}" in
  serve)
    install_missing
    build
    default_store
    echo
    echo "The HTTP server is not built yet; the store above is what it will serve."
    ;;
  test)
    install_missing
    build
    cd "$BUILD_DIR"
    ctest --output-on-failure -j "$(nproc)" --timeout 600
    ;;
  build)
    install_missing
    build
    ;;
  *)
    echo "usage: $0 serve|test|build" >&2
    exit 2
    ;;
esac
