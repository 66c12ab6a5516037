#!/usr/bin/env bash
# Installs what Dossier needs to build, run and test, and only what is missing:
# Debian packages (WebKitGTK for Tauri, WebKitWebDriver, Xvfb, D-Bus, gnome-keyring,
# poppler-utils for the reference renderer, sudo through which an installed package's
# updater runs dpkg when polkit's pkexec is absent), the pdfium library (from the PyPI wheel
# pypdfium2, pinned and checksum-verified), tauri-driver (crates.io) and the UI's npm
# packages. Safe to run any number of times; each step is skipped when already done.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

debian_packages=(
    build-essential pkg-config libssl-dev curl file
    libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
    libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
    webkit2gtk-driver xvfb xauth dbus dbus-x11 at-spi2-core
    gnome-keyring libsecret-1-dev
    poppler-utils fonts-dejavu-core
    postgresql util-linux openssl
    python3-pip python3-venv nodejs npm
    sudo
)

missing=()
for p in "${debian_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# Node and npm may come from outside Debian (e.g. nvm); accept any that is on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
    missing=("${filtered[@]}")
fi
# pip may come with the machine's Python rather than Debian's.
if command -v pip3 >/dev/null || python3 -m pip --version >/dev/null 2>&1; then
    filtered=()
    for p in "${missing[@]}"; do [[ "$p" == python3-pip ]] || filtered+=("$p"); done
    missing=("${filtered[@]}")
fi
# A virtual environment (for the tests' S3 server) may come with the machine's Python too.
if python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    filtered=()
    for p in "${missing[@]}"; do [[ "$p" == python3-venv ]] || filtered+=("$p"); done
    missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

say "pdfium library"
bash "$repo/scripts/install-pdfium.sh" >/dev/null

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v tauri-driver >/dev/null && [[ ! -x "$cargo_bin/tauri-driver" ]]; then
    say "installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked --quiet
fi

stamp="$repo/ui/node_modules/.package-lock.json"
if [[ ! -f "$stamp" || "$repo/ui/package-lock.json" -nt "$stamp" ]]; then
    say "installing the UI's npm packages"
    (cd "$repo/ui" && npm ci --no-audit --no-fund --loglevel=error)
fi

say "setup complete"
