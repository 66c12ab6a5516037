#!/usr/bin/env bash
# Installs the pdfium shared library that the `pdf` crate loads, from the PyPI wheel of
# pypdfium2 (pinned, checksum verified), for one platform:
#
#   platform      wheel                          library
#   linux-x64     manylinux_2_17_x86_64          libpdfium.so
#   macos-arm64   macosx_13_0_arm64              libpdfium.dylib
#   macos-x64     macosx_13_0_x86_64             libpdfium.dylib
#   windows-x64   win_amd64                      pdfium.dll
#
# Usage: install-pdfium.sh [--platform PLATFORM]
# By default the host's platform, installed into <repo>/.tools/pdfium/ (where the `pdf`
# crate looks, e.g. <repo>/.tools/pdfium/libpdfium.so on Linux). Another platform's
# library (for packaging) goes into <repo>/.tools/pdfium/<platform>/.
# Idempotent: does nothing when the installed library already matches the pinned build.
# Prints the library's path on success. Network: PyPI through pip only.
#
# The pdfium build inside the wheels (pypdfium2_raw/version.json) must match the
# `pdfium_XXXX` feature of pdfium-render in the root Cargo.toml (pdfium_8125 binds to
# builds 8125 and later); bump both together, with every checksum below (PyPI lists them
# at https://pypi.org/simple/pypdfium2/).
set -euo pipefail

PYPDFIUM2_VERSION="5.15.2"
PDFIUM_BUILD="8149"

usage() { echo "usage: $0 [--platform linux-x64|macos-arm64|macos-x64|windows-x64]" >&2; }

platform=""
while (($#)); do
    case "$1" in
        --platform) platform="${2:-}"; shift 2 || { usage; exit 2; } ;;
        --platform=*) platform="${1#--platform=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage; exit 2 ;;
    esac
done

host=""
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) host="linux-x64" ;;
    Darwin-arm64) host="macos-arm64" ;;
    Darwin-x86_64) host="macos-x64" ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) host="windows-x64" ;;
esac
if [[ -z "$platform" ]]; then
    if [[ -z "$host" ]]; then
        echo "install-pdfium: no pinned pdfium build for $(uname -s)-$(uname -m); set DOSSIER_PDFIUM_LIB to a pdfium build ${PDFIUM_BUILD} library instead, or pass --platform" >&2
        exit 1
    fi
    platform="$host"
fi

# platform → pip's platform tag, the wheel's sha-256 (from PyPI), the library's name
case "$platform" in
    linux-x64)
        tag="manylinux_2_17_x86_64"
        WHEEL="pypdfium2-${PYPDFIUM2_VERSION}-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
        WHEEL_SHA256="dc31aea5b0fb9fefc9b537a65f4113980b2c40798445736a7e6565bc85161e37"
        name="libpdfium.so"
        ;;
    macos-arm64)
        tag="macosx_13_0_arm64"
        WHEEL="pypdfium2-${PYPDFIUM2_VERSION}-py3-none-macosx_13_0_arm64.whl"
        WHEEL_SHA256="e71fe832e94421ac3c28d6a6ed4a9e61f22417089652d339f391c4ffc2a44c35"
        name="libpdfium.dylib"
        ;;
    macos-x64)
        tag="macosx_13_0_x86_64"
        WHEEL="pypdfium2-${PYPDFIUM2_VERSION}-py3-none-macosx_13_0_x86_64.whl"
        WHEEL_SHA256="7f296a298074d76fb7c3d1ecb80d7097a96778bf0ad9c5c48a0170e56e2c6821"
        name="libpdfium.dylib"
        ;;
    windows-x64)
        tag="win_amd64"
        WHEEL="pypdfium2-${PYPDFIUM2_VERSION}-py3-none-win_amd64.whl"
        WHEEL_SHA256="74d1bace34fb01c660d0b64344d5a4b7d276942b7c6623c88ab59ea21c5acfbd"
        name="pdfium.dll"
        ;;
    *)
        echo "install-pdfium: unknown platform '$platform'" >&2
        usage
        exit 2
        ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo/.tools/pdfium"
[[ "$platform" == "$host" ]] || dest="$dest/$platform"
lib="$dest/$name"
stamp="$dest/VERSION"
want="pypdfium2 ${PYPDFIUM2_VERSION} pdfium ${PDFIUM_BUILD} ${WHEEL_SHA256}"

if [[ -f "$lib" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "$lib"
    exit 0
fi

python="$(command -v python3 || command -v python || true)"
pip="$(command -v pip3 || command -v pip || true)"
if [[ -z "$pip" ]]; then
    if [[ -n "$python" ]] && "$python" -m pip --version >/dev/null 2>&1; then
        pip="$python -m pip"
    else
        echo "install-pdfium: pip is needed (Debian: apt-get install -y python3-pip)" >&2
        exit 1
    fi
fi
sha256() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

$pip download --quiet --no-deps --only-binary=:all: \
    --platform "$tag" --python-version 3.11 --implementation py \
    --dest "$work" "pypdfium2==${PYPDFIUM2_VERSION}" >&2

if [[ ! -f "$work/$WHEEL" ]]; then
    echo "install-pdfium: pip did not fetch $WHEEL (got: $(ls "$work"))" >&2
    exit 1
fi
actual="$(sha256 "$work/$WHEEL")"
if [[ "$actual" != "$WHEEL_SHA256" ]]; then
    echo "install-pdfium: checksum mismatch for $WHEEL: expected $WHEEL_SHA256, got $actual; refusing to install" >&2
    exit 1
fi

"$python" - "$work/$WHEEL" "$work" "$PDFIUM_BUILD" "$name" <<'PY'
import json, sys, zipfile
wheel, out, build, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with zipfile.ZipFile(wheel) as z:
    version = json.loads(z.read("pypdfium2_raw/version.json"))
    if version.get("build") != build:
        sys.exit(f"install-pdfium: the wheel holds pdfium build {version.get('build')}, expected {build}")
    with open(f"{out}/{name}", "wb") as f:
        f.write(z.read(f"pypdfium2_raw/{name}"))
PY

mkdir -p "$dest"
install -m 0644 "$work/$name" "$lib.tmp"
mv -f "$lib.tmp" "$lib"
echo "$want" > "$stamp"
echo "$lib"
