#!/usr/bin/env bash
# Installs what is missing, creates demo data if the store is empty, and launches the
# app. The store is the platform data directory's (~/.local/share/dossier/dossier.db)
# unless DOSSIER_STORE names another. Safe to run twice: demo data is only added to an
# empty store.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh

# The store is encrypted with a key kept in the OS keyring. A desktop session has one; on
# a machine without a session bus (a bare server, a container) this starts a private
# session with a GNOME Keyring kept under the data directory and unlocked with a demo
# password: fine for trying the app, not for real files.
if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" && -z "${DOSSIER_IN_DEMO_SESSION:-}" ]]; then
    echo "==> no D-Bus session: starting one with a demo keyring" >&2
    export DOSSIER_IN_DEMO_SESSION=1
    export KEYRING_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/dossier/demo-keyring"
    export KEYRING_PASSWORD="dossier-demo"
    exec dbus-run-session -- bash "$repo/scripts/keyring-session.sh" bash "$repo/scripts/run.sh" "$@"
fi

echo "==> building the UI and the app" >&2
(cd ui && npm run build --silent)
cargo build -p dossier-app -p cli

target="${CARGO_TARGET_DIR:-$repo/target}"
if [[ -n "${DOSSIER_SERVER_URL:-}" ]]; then
    # Files come from the server (scripts/server-demo.sh): no standalone demo data, which
    # is never synchronised.
    echo "==> synchronising with $DOSSIER_SERVER_URL: sign in to receive your files" >&2
elif [[ -n "${DOSSIER_STORE:-}" ]]; then
    echo "==> demo data (only if the store is empty)" >&2
    "$target/debug/dossier" demo --store "$DOSSIER_STORE" --if-empty
else
    echo "==> demo data (only if the store is empty)" >&2
    "$target/debug/dossier" demo --if-empty
fi

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "==> no display: starting the app inside Xvfb on :77 (screenshots: xwd -root -display :77)" >&2
    exec xvfb-run --server-num=77 --server-args="-screen 0 1280x900x24" "$target/debug/dossier-app"
fi
exec "$target/debug/dossier-app"
