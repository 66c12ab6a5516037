#!/usr/bin/env bash
# Runs the command given as arguments with a GNOME Keyring (a real Secret Service)
# unlocked in the current D-Bus session, so that the app, `dossier demo` and the tests
# can keep the store's key and the session token. Its keyring files live in KEYRING_DIR
# (default: a temporary directory, removed afterwards), unlocked with KEYRING_PASSWORD
# (default: "test"). Run it inside `dbus-run-session`, e.g.
#     dbus-run-session -- bash scripts/keyring-session.sh cargo test
set -euo pipefail

dir="${KEYRING_DIR:-}"
temporary=""
if [[ -z "$dir" ]]; then
    dir="$(mktemp -d -t dossier-keyring-XXXXXX)"
    temporary="$dir"
fi
mkdir -p "$dir"
if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
    echo "keyring-session.sh: no D-Bus session; run it inside dbus-run-session" >&2
    exit 2
fi
if ! command -v gnome-keyring-daemon >/dev/null; then
    echo "keyring-session.sh: gnome-keyring-daemon is missing (scripts/setup.sh installs it)" >&2
    exit 2
fi
printf '%s' "${KEYRING_PASSWORD:-test}" |
    XDG_DATA_HOME="$dir" gnome-keyring-daemon --unlock --components=secrets >/dev/null

status=0
"$@" || status=$?
if [[ -n "$temporary" ]]; then
    rm -rf "$temporary"
fi
exit "$status"
