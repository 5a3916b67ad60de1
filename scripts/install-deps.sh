#!/usr/bin/env bash
# Installs every Debian 12 package Gatehouse needs to build, test, benchmark and package.
# Safe to run again: apt-get skips what is already there. Runs as root or through sudo.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-charts-dev qt6-svg-dev qt6-qpa-plugins libqt6sql6-sqlite libgl-dev libqt6opengl6-dev
    qtkeychain-qt6-dev libhttp-parser-dev
    gnome-keyring dbus dbus-x11 libsecret-tools
    xvfb xauth fonts-noto-cjk qt6-translations-l10n
    curl wrk nginx-light
    clang libclang-rt-14-dev
    appstream desktop-file-utils
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm run the official openai client in the integration tests; a machine may already
# carry its own Node (which conflicts with Debian's npm), so only install Debian's when none is there.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
