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
#   bash scripts/package.sh --update-key KEY.pub   # the packages carry that update key
#   bash scripts/package.sh --version X.Y.Z        # build as that version (scripts/release.sh)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf 'package: %s\n' "$*" >&2; }

profile=debug
bundles=deb,rpm
install=0
update_key=
version=
while (($#)); do
    case "$1" in
        --release) profile=release ;;
        --appimage) bundles=deb,rpm,appimage ;;
        --install) install=1 ;;
        --update-key) update_key="$(realpath "${2:?--update-key needs a file}")"; shift ;;
        --version) version="${2:?--version needs x.y.z}"; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "package: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [[ -n "$update_key" && ! -s "$update_key" ]]; then
    echo "package: the update key $update_key is missing or empty" >&2
    exit 2
fi
default_version="$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json | head -1)"
[[ -n "$version" ]] || version="$default_version"

# The configuration the bundler merges over src-tauri/tauri.conf.json: pdfium (always),
# the update public key when given (the installed app verifies updates against it,
# src-tauri/src/update.rs), and the version. The binary is built with the same (the
# version is compiled in: TAURI_CONFIG), so that the package and its app agree.
target="${CARGO_TARGET_DIR:-$repo/target}"
config="$target/package/tauri.package.json"
mkdir -p "$(dirname "$config")"
python3 - "$config" "$version" "$update_key" <<'PY'
import json, sys
out, version, key = sys.argv[1:4]
with open("src-tauri/tauri.package.conf.json") as f:
    config = json.load(f)
config["version"] = version
if key:
    config["bundle"]["resources"][key] = "update/dossier-update.pub"
with open(out, "w") as f:
    json.dump(config, f, indent=2)
PY
# Only for another version: the same variable unset keeps the build the tests run.
if [[ "$version" != "$default_version" ]]; then
    export TAURI_CONFIG="{\"version\": \"$version\"}"
else
    unset TAURI_CONFIG
fi

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
tauri_args=(bundle --bundles "$bundles" --config "$config" --ci)
[[ "$profile" == debug ]] && tauri_args+=(--debug)
# From src-tauri, so that the command line finds this app's tauri.conf.json and no other.
(cd src-tauri && ../ui/node_modules/.bin/tauri "${tauri_args[@]}") >&2

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
