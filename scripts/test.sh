#!/usr/bin/env bash
# Installs what is missing and runs every test: formatting and lints, the Rust unit and
# integration tests, the UI's checks and component tests, the end-to-end tests in the
# real app window (Xvfb + tauri-driver + WebKitWebDriver, inside a private D-Bus
# session), the Windows type check, the Linux packages (built and installed), the signed
# update of the installed package to the next version (released with a throwaway key),
# and a short fuzzing run of the PDF targets. Safe to run twice.
#
#   FUZZ_SECONDS=0 bash scripts/test.sh     # skip fuzzing
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
started=$SECONDS
step() { printf '\n\033[1m==> %s (%ss)\033[0m\n' "$*" "$((SECONDS - started))" >&2; }

step "setup"
bash scripts/setup.sh
# The S3-compatible server that the tests of the server's S3 backend run against.
bash scripts/install-moto.sh >/dev/null

# The app embeds ui/dist at compile time: build the UI before any cargo command.
step "UI: type check, component tests, build"
(cd ui && npm run check --silent && npm test --silent && npm run build --silent)

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

# One build for everything: the end-to-end tests drive the `dossier-app` and `dossier`
# binaries that this same `cargo test` builds (with the same features), in a private
# D-Bus session (WebKitGTK needs one) with a real GNOME Keyring unlocked in it, its files
# in a temporary directory (the app and `dossier demo` keep each store's key there).
# NO_AT_BRIDGE keeps WebKit from waiting on an accessibility bus. The e2e harness runs
# one window at a time.
step "Windows: the app type-checks for x86_64-pc-windows-gnu (mingw-w64)"
bash scripts/check-windows.sh

# The installed .deb is one of the end-to-end scenarios (tests/tests/package.rs): built
# from the debug binary the tests run, with a throwaway update key inside it (the
# ministry's is never here), and installed on this machine.
step "Linux packages: .deb and .rpm built, the .deb installed"
update_test="$repo/target/update-test"
mkdir -p "$update_test"
if [[ ! -s "$update_test/key" || ! -s "$update_test/key.pub" ]]; then
    ui/node_modules/.bin/tauri signer generate --ci --password "" --force \
        --write-keys "$update_test/key" >/dev/null
fi
bash scripts/package.sh --install --update-key "$update_test/key.pub" >"$update_test/packages"
cp "$(grep '\.deb$' "$update_test/packages")" "$update_test/base.deb"

step "Rust tests, end-to-end in the real window included"
NO_AT_BRIDGE=1 dbus-run-session -- bash scripts/keyring-session.sh cargo test --workspace --locked

# Version N+1 released with the same throwaway key (a build of the app of its own, so
# after every other test), then the installed N updates itself to it in the real window
# (tests/tests/update.rs, which the plain run above leaves out).
step "signed update: N+1 released, the installed N updates itself to it"
version="$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json | head -1)"
next="$(echo "$version" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')"
bash scripts/release.sh --version "$next" --key "$update_test/key" --out "$update_test/feed" \
    --notes-fr "Version d’essai $next." --notes-en "Test version $next." >/dev/null
# `--workspace`, as above: the same features, so nothing is compiled again (`-p e2e`
# would unify features otherwise and rebuild most dependencies).
NO_AT_BRIDGE=1 DOSSIER_UPDATE_TEST_DIR="$update_test" dbus-run-session -- \
    bash scripts/keyring-session.sh cargo test --workspace --locked --test update -- --ignored

if [[ "${FUZZ_SECONDS:-20}" != "0" ]]; then
    step "fuzzing the PDF targets (${FUZZ_SECONDS:-20} s each)"
    FUZZ_SECONDS="${FUZZ_SECONDS:-20}" bash scripts/fuzz-pdf.sh
fi

step "all tests passed"
