#!/usr/bin/env bash
# Builds the .deb with CPack from this build tree, unpacks it into a clean root (dpkg-deb -x: no
# container needed) and checks it as a user's machine would see it: the files are where Debian
# expects them, the desktop entry and the AppStream metadata validate, every dependency is a
# Debian 12 package name, every library resolves inside the unpacked root, and the unpacked
# gatehouse starts headless and answers its Admin API.
#
#   check_package.sh BUILD_DIR
set -euo pipefail
BUILD_DIR=$(cd "$1" && pwd)
APP_ID=io.github.gatehouse.Gatehouse
WORK=$(mktemp -d)
GH_PID=
cleanup() {
    [[ -n "$GH_PID" ]] && kill "$GH_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# 1. The package.
(cd "$WORK" && cpack -G DEB --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK/out" >"$WORK/cpack.log" 2>&1) \
    || { cat "$WORK/cpack.log" >&2; fail "cpack could not build the package"; }
deb=$(ls "$WORK"/out/gatehouse_*.deb 2>/dev/null | head -n1)
[[ -f "$deb" ]] || fail "no gatehouse_*.deb in $WORK/out"
ok "built $(basename "$deb") ($(( $(stat -c %s "$deb") / 1024 )) KiB)"

# 2. Its control fields.
[[ "$(dpkg-deb -f "$deb" Package)" == gatehouse ]] || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for must in libqt6core6 libqt6network6 libqt6widgets6 libqt6keychain1 qt6-qpa-plugins libqt6svg6 libqt6sql6-sqlite; do
    grep -qE "(^|[ ,|])$must( |,|$)" <<<"$depends" || fail "Depends lacks $must"
done
# Every name in Depends and Recommends is a package this Debian knows.
for field in Depends Recommends; do
    for name in $(dpkg-deb -f "$deb" "$field" | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | sort -u); do
        [[ -z "$name" ]] && continue
        apt-cache show "$name" >/dev/null 2>&1 || fail "$field names $name, which is not a Debian package"
    done
done
ok "dependencies are Debian package names"

# 3. The files, unpacked into a clean root.
ROOT=$WORK/root
dpkg-deb -x "$deb" "$ROOT"
for f in usr/bin/gatehouse \
         "usr/share/applications/$APP_ID.desktop" \
         "usr/share/metainfo/$APP_ID.metainfo.xml" \
         "usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
         "usr/share/icons/hicolor/48x48/apps/$APP_ID.png" \
         "usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
    [[ -f "$ROOT/$f" ]] || fail "the package lacks /$f"
done
libdir=$(dirname "$(find "$ROOT/usr/lib" -name libgatehouse_engine.so -print -quit)")
[[ -d "$libdir" ]] || fail "no libgatehouse_engine.so under /usr/lib"
for lib in core secrets proxy usage admin engine gui; do
    [[ -f "$libdir/libgatehouse_$lib.so" ]] || fail "the package lacks libgatehouse_$lib.so"
done
if find "$ROOT" -name 'tst_*' -o -name '*.h' -o -name 'gatehouse-mock-provider' | grep -q .; then
    fail "tests or headers were packaged: $(find "$ROOT" -name 'tst_*' -o -name '*.h' | head -3)"
fi
ok "files in place ($(find "$ROOT" -type f | wc -l) files)"

# 4. Desktop entry and AppStream metadata.
desktop-file-validate "$ROOT/usr/share/applications/$APP_ID.desktop" || fail "desktop entry"
grep -q "^Icon=$APP_ID$" "$ROOT/usr/share/applications/$APP_ID.desktop" || fail "desktop Icon"
grep -q '^Exec=gatehouse' "$ROOT/usr/share/applications/$APP_ID.desktop" || fail "desktop Exec"
appstreamcli validate --no-net "$ROOT/usr/share/metainfo/$APP_ID.metainfo.xml" || fail "metainfo"
ok "desktop entry and metainfo validate"

# 5. Libraries resolve inside the root (RPATH $ORIGIN), none are missing.
for elf in "$ROOT/usr/bin/gatehouse" "$libdir"/libgatehouse_*.so; do
    out=$(ldd "$elf")
    if grep -q 'not found' <<<"$out"; then echo "$out" >&2; fail "unresolved libraries in $elf"; fi
    while read -r name path; do
        [[ "$(realpath "$path")" == "$(realpath "$libdir/$name")" ]] || fail "$(basename "$elf") loads $name from $path, not from the package"
    done < <(awk '$1 ~ /^libgatehouse_/ { print $1, $3 }' <<<"$out")
done
nm -D --defined-only "$libdir/libgatehouse_gui.so" | grep -q ' T gatehouse_gui_main$' \
    || fail "the GUI module does not export gatehouse_gui_main"
ok "every library resolves inside the package"

# 6. The unpacked binary runs: --version, --help, then headless with the Admin API answering.
"$ROOT/usr/bin/gatehouse" --version | grep -q '^gatehouse ' || fail "--version"
"$ROOT/usr/bin/gatehouse" --help | grep -q -- '--headless' || fail "--help"
# A port nothing listens on (gatehouse wants a real port, not 0).
port() {
    local p
    while :; do
        p=$(shuf -i 20000-59999 -n 1)
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
proxy_port=$(port); admin_port=$(port)
"$ROOT/usr/bin/gatehouse" --headless --data-dir "$WORK/data" --listen "127.0.0.1:$proxy_port" \
    --admin-listen "127.0.0.1:$admin_port" --admin-key package-test-key >"$WORK/gatehouse.log" 2>&1 &
GH_PID=$!
for _ in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-API-KEY: package-test-key' \
        "http://127.0.0.1:$admin_port/apisix/admin/routes" || true)
    [[ "$code" == 200 ]] && break
    kill -0 "$GH_PID" 2>/dev/null || { cat "$WORK/gatehouse.log" >&2; fail "gatehouse exited"; }
    sleep 0.1
done
[[ "$code" == 200 ]] || { cat "$WORK/gatehouse.log" >&2; fail "the Admin API did not answer (last: $code)"; }
grep -q "$libdir/libgatehouse_engine.so" "/proc/$GH_PID/maps" || fail "the running gatehouse is not the packaged one"
if grep -q 'libgatehouse_gui\|libQt6Widgets' "/proc/$GH_PID/maps"; then fail "--headless loaded the GUI"; fi
ok "the packaged gatehouse runs headless and answers on :$admin_port"
