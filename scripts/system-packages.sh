#!/usr/bin/env bash
# Install the Debian packages the suite, the demo and the board paper need, when they are missing.
# Each need is checked by what is *missing* on this machine (a command, a shared library, a font file),
# never by what one developer's machine happens to carry:
#   PostgreSQL          the server store's test server (scripts/postgres.sh)
#   Chromium            the browser and accessibility tests (Playwright drives Debian's build)
#   libatomic1          Playwright's own node driver links it (a minimal Debian lacks it)
#   nginx               the reverse proxy in front of two portal workers (deploy/nginx.conf, tests/portal)
#   Pango, HarfBuzz,    WeasyPrint loads them with dlopen to write the paper's PDF
#   fontconfig, fonts
#   poppler-utils       pdftoppm/pdftotext, to read the PDFs the tests write
#   Java 17, procps     the Spark cube test (spark-submit runs `ps`)
#   wrk                 the portal's load in `make bench`
# Needs root (apt-get); does nothing when all are there.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have_lib() { ldconfig -p 2>/dev/null | grep -q "[[:space:]]$1 "; }
want_cmd() { have_cmd "$1" || need+=("$2"); }
want_lib() { have_lib "$1" || need+=("$2"); }
want_file() { [ -e "$1" ] || need+=("$2"); }

ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
want_cmd chromium chromium
want_lib libatomic.so.1 libatomic1
want_cmd nginx nginx
want_lib libgobject-2.0.so.0 libglib2.0-0
want_lib libpango-1.0.so.0 libpango-1.0-0
want_lib libpangoft2-1.0.so.0 libpangoft2-1.0-0
want_lib libharfbuzz.so.0 libharfbuzz0b
want_lib libharfbuzz-subset.so.0 libharfbuzz-subset0
want_lib libfontconfig.so.1 libfontconfig1
want_cmd fc-list fontconfig
want_file /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf fonts-liberation
want_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core
want_cmd pdftoppm poppler-utils
want_cmd java openjdk-17-jre-headless
want_cmd ps procps
want_cmd wrk wrk

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-packages: missing ${need[*]}; run as root (or install them) to continue" >&2
  exit 1
fi
echo "system-packages: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# Debian starts a service (nginx on port 80, a PostgreSQL cluster on 5432) when it installs one; the
# tests start their own on ports the OS chooses, so forbid the start for the length of the install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
