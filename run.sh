#!/usr/bin/env bash
# Set-up in one command, on a fresh Debian machine (as root, or with sudo):
#   ./run.sh serve   install what is missing, build (Release), serve the default graph on
#                    http://127.0.0.1:7878/sparql (its store is built from data/ on first start)
#   ./run.sh test    install what is missing, build (Release), run every test; then build with
#                    AddressSanitizer + UndefinedBehaviorSanitizer (build-asan) and run them again
#   ./run.sh build   install what is missing and build only
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(g++ cmake make pkg-config ccache liblmdb-dev libboost-dev rapidjson-dev libexpat1-dev
          libcpp-httplib-dev libgtest-dev libserd-dev libxxhash-dev zlib1g-dev libcli11-dev nettle-dev
          libraptor2-dev libzip-dev libre2-dev libicu-dev chromium)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node.js may come from elsewhere than Debian (NodeSource bundles npm): only a missing one is
  # installed, from Debian.
  command -v npm > /dev/null || missing+=(nodejs npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The npm packages of a folder, as its package-lock.json pins them; again only when the lock file
# changed: the query page's front-end libraries (and the browser test's driver) in web/, and
# Oxigraph, which moivre-difftest compares Moivre with, in tools/difftest/.
install_npm() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] ||
     [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$1" --no-audit --no-fund --loglevel=error
  fi
}
install_web() {
  install_npm web
  install_npm tools/difftest
}

build() {
  install_web
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

# The unit and end-to-end tests again under AddressSanitizer and UndefinedBehaviorSanitizer, in
# their own build directory (MOIVRE_SANITIZE). The browser test and the benchmark run only in the
# regular build: the one drives Chromium, the other measures speed.
sanitized_tests() {
  # -O0 -g1: line tables for the reports; optimising would triple the build time (the Spirit
  # grammar and the executor), more than the slower tests cost.
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O0 -g1" \
    -DMOIVRE_SANITIZE=ON > /dev/null
  cmake --build build-asan -j "$(nproc)"
  local options="print_stacktrace=1:allow_addr2line=1"
  (
    cd build-asan
    # The crash harness kills the server 100 times in the regular run; 30 suffice here.
    MOIVRE_CRASH_ROUNDS=30 ASAN_OPTIONS="detect_leaks=1:$options" \
    UBSAN_OPTIONS="halt_on_error=1:$options:suppressions=$PWD/../tests/sanitizers/ubsan.supp" \
      ctest --output-on-failure -j "$(nproc)" --timeout 900 -E '^(web|bench)\.'
  )
}

case "${1:-}" in
  serve)
    install_missing
    build
    shift
    exec "$BUILD_DIR/tools/moivre" serve "$@"
    ;;
  test)
    install_missing
    build
    (cd "$BUILD_DIR" && ctest --output-on-failure -j "$(nproc)" --timeout 600)
    # MOIVRE_SANITIZE=0 skips the sanitized run (for a quick check on a slow machine).
    [ "${MOIVRE_SANITIZE:-1}" = 0 ] || sanitized_tests
    ;;
  build)
    install_missing
    build
    ;;
  *)
    echo "usage: $0 serve [moivre serve options]|test|build" >&2
    exit 2
    ;;
esac
