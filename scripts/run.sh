#!/usr/bin/env bash
# Installs what is missing, builds, and launches Gatehouse. Arguments go to the app
# (for example --headless or --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
exec build/bin/gatehouse "$@"
