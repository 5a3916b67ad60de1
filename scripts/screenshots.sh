#!/usr/bin/env bash
# Takes a picture of every page at 1280×800 in the light and the dark theme and writes them to
# docs/screenshots/. Runs offscreen inside a private D-Bus session with its own gnome-keyring
# (as scripts/test.sh does), so no window appears and your own keyring is never touched.
# BUILD_DIR picks the build folder (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" --target tst_screenshots tst_keychainbanner tst_publishdialog
out="$PWD/docs/screenshots"
mkdir -p "$out"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export QT_QPA_PLATFORM=offscreen GATEHOUSE_SOURCE_DIR="$PWD" GATEHOUSE_SCREENSHOT_DIR="$out"
HOME="$home" XDG_DATA_HOME="$home/.local/share" dbus-run-session -- sh -c '
    printf gatehouse-screenshots | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    "$1/bin/tst_screenshots" -silent && "$1/bin/tst_keychainbanner" -silent && "$1/bin/tst_publishdialog" -silent' sh "$PWD/$build_dir"
echo "screenshots written to docs/screenshots/:"
ls "$out"
