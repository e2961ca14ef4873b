#!/usr/bin/env bash
# Installs the stores moivre-bench-lubm compares with, for anyone to reproduce its table:
#   OpenLink Virtuoso from Debian (virtuoso-opensource: virtuoso-t, isql-vt; it is not started
#   as a service here, the benchmark runs a private instance per run), and Oxigraph from npm
#   (into tools/bench/node_modules, driven by oxigraph-server.mjs). The test suite never needs them.
set -euo pipefail
cd "$(dirname "$0")"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
if ! command -v virtuoso-t > /dev/null; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq virtuoso-opensource
fi
command -v wrk > /dev/null || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk
npm ci --no-audit --no-fund --loglevel=error
echo "Peers installed: $(virtuoso-t +help 2>&1 | grep -m1 Version), oxigraph $(node -p 'require("oxigraph/package.json").version')"
