#!/usr/bin/env bash
# Installs an S3-compatible server for the tests of the server's S3 blob backend: moto's
# standalone server (PyPI `moto[server]`, pinned) in a virtual environment under
# <repo>/.tools/moto. It speaks the S3 HTTP API on loopback, so the server's real
# object_store client (signed requests, multipart, ranged reads) is exercised end to end.
# Idempotent: does nothing when the pinned version is already there. Prints the path of
# `moto_server`. Network: PyPI through pip only.
set -euo pipefail

MOTO_VERSION="5.2.6"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.tools/moto"
bin="$venv/bin/moto_server"
stamp="$venv/DOSSIER_VERSION"

if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "moto[server] ${MOTO_VERSION}" ]]; then
    echo "$bin"
    exit 0
fi

python="$(command -v python3 || true)"
if [[ -z "$python" ]]; then
    echo "install-moto: python3 is needed (Debian: apt-get install -y python3 python3-venv)" >&2
    exit 1
fi
rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2; then
    echo "install-moto: python3 cannot make a virtual environment (Debian: apt-get install -y python3-venv)" >&2
    exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}" >&2
"$bin" --help >/dev/null
echo "moto[server] ${MOTO_VERSION}" >"$stamp"
echo "$bin"
