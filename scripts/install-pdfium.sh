#!/usr/bin/env bash
# Installs the pdfium shared library that the `pdf` crate loads, from the PyPI wheel of
# pypdfium2 (pinned, checksum verified), into <repo>/.tools/pdfium/libpdfium.so.
# Idempotent: does nothing when the installed library already matches the pinned build.
# Prints the library's path on success. Network: PyPI through pip only.
#
# The pdfium build inside the wheel (pypdfium2_raw/version.json) must match the
# `pdfium_XXXX` feature of pdfium-render in the root Cargo.toml (pdfium_8125 binds to
# builds 8125 and later); bump both together.
set -euo pipefail

PYPDFIUM2_VERSION="5.15.2"
PDFIUM_BUILD="8149"
WHEEL="pypdfium2-${PYPDFIUM2_VERSION}-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
WHEEL_SHA256="dc31aea5b0fb9fefc9b537a65f4113980b2c40798445736a7e6565bc85161e37"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo/.tools/pdfium"
lib="$dest/libpdfium.so"
stamp="$dest/VERSION"

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
    echo "install-pdfium: this script installs the Linux x86_64 build; on $(uname -s)-$(uname -m) set DOSSIER_PDFIUM_LIB to a pdfium build ${PDFIUM_BUILD} library instead" >&2
    exit 1
fi

if [[ -f "$lib" && -f "$stamp" && "$(cat "$stamp")" == "pypdfium2 ${PYPDFIUM2_VERSION} pdfium ${PDFIUM_BUILD} ${WHEEL_SHA256}" ]]; then
    echo "$lib"
    exit 0
fi

pip="$(command -v pip3 || command -v pip || true)"
if [[ -z "$pip" ]]; then
    if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
        pip="python3 -m pip"
    else
        echo "install-pdfium: pip is needed (Debian: apt-get install -y python3-pip)" >&2
        exit 1
    fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

$pip download --quiet --no-deps --only-binary=:all: \
    --platform manylinux_2_17_x86_64 --python-version 3.11 --implementation py \
    --dest "$work" "pypdfium2==${PYPDFIUM2_VERSION}" >&2

if [[ ! -f "$work/$WHEEL" ]]; then
    echo "install-pdfium: pip did not fetch $WHEEL (got: $(ls "$work"))" >&2
    exit 1
fi
actual="$(sha256sum "$work/$WHEEL" | cut -d' ' -f1)"
if [[ "$actual" != "$WHEEL_SHA256" ]]; then
    echo "install-pdfium: checksum mismatch for $WHEEL: expected $WHEEL_SHA256, got $actual; refusing to install" >&2
    exit 1
fi

python3 - "$work/$WHEEL" "$work" "$PDFIUM_BUILD" <<'PY'
import json, sys, zipfile
wheel, out, build = sys.argv[1], sys.argv[2], int(sys.argv[3])
with zipfile.ZipFile(wheel) as z:
    version = json.loads(z.read("pypdfium2_raw/version.json"))
    if version.get("build") != build:
        sys.exit(f"install-pdfium: the wheel holds pdfium build {version.get('build')}, expected {build}")
    with open(f"{out}/libpdfium.so", "wb") as f:
        f.write(z.read("pypdfium2_raw/libpdfium.so"))
PY

mkdir -p "$dest"
install -m 0644 "$work/libpdfium.so" "$lib.tmp"
mv -f "$lib.tmp" "$lib"
echo "pypdfium2 ${PYPDFIUM2_VERSION} pdfium ${PDFIUM_BUILD} ${WHEEL_SHA256}" > "$stamp"
echo "$lib"
