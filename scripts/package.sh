#!/usr/bin/env bash
# Builds the app's Linux packages (.deb and .rpm) with the Tauri bundler and prints their
# paths, one a line, on stdout. pdfium goes inside them (/usr/lib/Dossier/pdfium/), and
# the installed app loads that copy first. Installs what it needs; safe to run twice
# (a second run rebuilds only what changed). Details: docs/packaging.md.
#
#   bash scripts/package.sh              # from the debug build (what the tests install)
#   bash scripts/package.sh --release    # from the release build
#   bash scripts/package.sh --appimage   # also try an AppImage (needs linuxdeploy; see docs)
#   bash scripts/package.sh --install    # then install the .deb on this machine (root)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf 'package: %s\n' "$*" >&2; }

profile=debug
bundles=deb,rpm
install=0
for arg in "$@"; do
    case "$arg" in
        --release) profile=release ;;
        --appimage) bundles=deb,rpm,appimage ;;
        --install) install=1 ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "package: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

# What goes into the package: pdfium (pinned, checksum-checked) and the UI's packages,
# the Tauri command line among them (@tauri-apps/cli, pinned in ui/package.json).
bash scripts/install-pdfium.sh >/dev/null
stamp=ui/node_modules/.package-lock.json
if [[ ! -f "$stamp" || ui/package-lock.json -nt "$stamp" ]]; then
    say "installing the UI's npm packages"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# The binary embeds ui/dist: the UI first, then the very binary the tests run
# (`cargo build`, same features), then the bundler packs it without building again.
say "building the UI"
npm --prefix ui run build --silent >/dev/null
say "building dossier-app ($profile)"
cargo_args=(build -p dossier-app --locked)
[[ "$profile" == release ]] && cargo_args+=(--release)
cargo "${cargo_args[@]}"

say "bundling $bundles"
tauri_args=(bundle --bundles "$bundles" --config tauri.package.conf.json --ci)
[[ "$profile" == debug ]] && tauri_args+=(--debug)
# From src-tauri, so that the command line finds this app's tauri.conf.json and no other.
(cd src-tauri && ../ui/node_modules/.bin/tauri "${tauri_args[@]}") >&2

target="${CARGO_TARGET_DIR:-$repo/target}"
version="$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json | head -1)"
found=0
deb=
for path in \
    "$target/$profile/bundle/deb/Dossier_${version}_amd64.deb" \
    "$target/$profile/bundle/rpm/Dossier-${version}-1.x86_64.rpm" \
    "$target/$profile/bundle/appimage/Dossier_${version}_amd64.AppImage"; do
    if [[ -f "$path" ]]; then
        echo "$path"
        found=$((found + 1))
        if [[ "$path" == *.deb ]]; then deb="$path"; fi
    fi
done
if [[ "$found" -lt 2 ]]; then
    echo "package: the bundler did not leave the .deb and .rpm expected under $target/$profile/bundle" >&2
    exit 1
fi

if [[ "$install" == 1 ]]; then
    say "installing $deb"
    # dpkg reinstalls the same version every time; apt fetches a dependency it lacks.
    if ! dpkg -i "$deb" >&2; then
        apt-get install -y -f >&2
    fi
fi
