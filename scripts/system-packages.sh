#!/usr/bin/env bash
# Install the Debian packages the tests and the board paper need, when they are missing:
# PostgreSQL (the server store's test server), Chromium (browser tests), fonts and poppler
# (PDF output and its checks), Java 17 (the Spark cube test), wrk (the portal's load in
# `make bench`). Needs root (apt-get); does nothing when all are there.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
have_cmd chromium || need+=(chromium)
have_cmd pdftoppm || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
fc-list >/dev/null 2>&1 || need+=(fontconfig)
have_cmd java || need+=(openjdk-17-jre-headless)
have_cmd wrk || need+=(wrk)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-packages: missing ${need[*]}; run as root (or install them) to continue" >&2
  exit 1
fi
echo "system-packages: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
