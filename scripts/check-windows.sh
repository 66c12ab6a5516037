#!/usr/bin/env bash
# The proof that Dossier builds for Windows: type-checks the desktop app and every crate
# it pulls for x86_64-pc-windows-gnu from this Linux machine (`cargo check`, no linking),
# C code included (SQLCipher and its vendored OpenSSL, the Windows resource file) with
# Debian's mingw-w64. Installs what is missing (the mingw-w64 package, the Rust target)
# and only that; safe to run any number of times. The build goes to the shared target/
# (target/x86_64-pc-windows-gnu/), so a second run only checks what changed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
target="x86_64-pc-windows-gnu"

if ! command -v x86_64-w64-mingw32-gcc >/dev/null || ! command -v x86_64-w64-mingw32-windres >/dev/null; then
    say "installing Debian packages: mingw-w64"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends mingw-w64 >/dev/null
fi

if ! rustup target list --installed | grep -qx "$target"; then
    say "adding the Rust target $target"
    rustup target add "$target"
fi

# The app embeds ui/dist at compile time (scripts/test.sh builds it first).
if [[ ! -f ui/dist/index.html ]]; then
    say "building the UI (the app embeds ui/dist)"
    (cd ui && npm run build --silent)
fi

say "cargo check -p dossier-app --target $target"
cargo check -p dossier-app --target "$target" --locked
