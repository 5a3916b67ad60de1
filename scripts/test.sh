#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test. The whole suite
# runs inside a private D-Bus session with an unlocked gnome-keyring, so keychain tests talk to a
# real Secret Service and never touch the user's own keyring. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
CI=${CI:-true} scripts/build.sh
export HOME_FOR_TESTS
HOME_FOR_TESTS=$(mktemp -d)
trap 'rm -rf "$HOME_FOR_TESTS"' EXIT
export QT_QPA_PLATFORM=offscreen
HOME="$HOME_FOR_TESTS" XDG_DATA_HOME="$HOME_FOR_TESTS/.local/share" \
    dbus-run-session -- sh -c '
        printf gatehouse-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
        exec ctest --test-dir build --output-on-failure --timeout 300 "$@"' sh "$@"
