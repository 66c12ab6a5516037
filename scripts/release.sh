#!/usr/bin/env bash
# Releases a version for the update feed: builds its packages (scripts/package.sh, with
# the update public key inside them), signs each with the update private key (minisign,
# through `tauri signer sign`, the signature bound to the version), and writes them with
# `release.json` into a directory that `dossier-server` serves as its feed
# (`[updates] dir`). The private key is never in the repository: the ministry keeps it;
# the tests make a throwaway one. Details: docs/updates.md.
#
#   bash scripts/release.sh --version 0.2.0 --key ~/keys/dossier-update.key --out /srv/dossier/updates \
#        [--public-key KEY.pub] [--password-file FILE] [--release] \
#        [--notes-fr TEXT] [--notes-en TEXT]
#
# The public key defaults to the private key's path with `.pub` (as `tauri signer
# generate -w` writes them). The key's password comes from --password-file, else
# TAURI_SIGNING_PRIVATE_KEY_PASSWORD, else it is empty.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf 'release: %s\n' "$*" >&2; }
die() { printf 'release: %s\n' "$*" >&2; exit 2; }

version= key= public_key= out= password_file= notes_fr= notes_en=
package_args=()
while (($#)); do
    case "$1" in
        --version) version="${2:?}"; shift ;;
        --key) key="$(realpath "${2:?}")"; shift ;;
        --public-key) public_key="$(realpath "${2:?}")"; shift ;;
        --out) out="${2:?}"; shift ;;
        --password-file) password_file="${2:?}"; shift ;;
        --notes-fr) notes_fr="${2?}"; shift ;;
        --notes-en) notes_en="${2?}"; shift ;;
        --release) package_args+=(--release) ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--version x.y.z is required (got '${version}')"
[[ -n "$key" && -s "$key" ]] || die "--key names the update private key file; it is missing or empty"
[[ -n "$public_key" ]] || public_key="$key.pub"
[[ -s "$public_key" ]] || die "the update public key $public_key is missing (--public-key)"
[[ -n "$out" ]] || die "--out names the feed directory to write"
password="${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}"
[[ -z "$password_file" ]] || password="$(cat "$password_file")"

say "building the packages of $version"
mapfile -t packages < <(bash scripts/package.sh --version "$version" --update-key "$public_key" "${package_args[@]}")
((${#packages[@]} >= 2)) || die "scripts/package.sh did not print the packages it built"

mkdir -p "$out"
tauri="$repo/ui/node_modules/.bin/tauri"
declare -A platforms=()
for package in "${packages[@]}"; do
    case "$package" in
        *.deb) platform=linux-x86_64-deb ;;
        *.rpm) platform=linux-x86_64-rpm ;;
        *) continue ;;
    esac
    say "signing $(basename "$package")"
    rm -f "$package.sig"
    "$tauri" signer sign --private-key-path "$key" --password "$password" \
        --app-version "$version" "$package" >/dev/null
    [[ -s "$package.sig" ]] || die "tauri signer wrote no signature for $package"
    name="$(basename "$package")"
    # The feed gets the package and its signature; the bundle directory keeps only the
    # packages of the version in tauri.conf.json (the ones the tests install).
    mv -f "$package" "$out/$name"
    mv -f "$package.sig" "$out/$name.sig"
    platforms[$platform]="$name"
done

args=()
for platform in "${!platforms[@]}"; do args+=("$platform=${platforms[$platform]}"); done
python3 - "$out" "$version" "$notes_fr" "$notes_en" "${args[@]}" <<'PY'
import datetime, json, os, sys
out, version, notes_fr, notes_en, *pairs = sys.argv[1:]
platforms = {}
for pair in pairs:
    platform, name = pair.split("=", 1)
    with open(os.path.join(out, name + ".sig")) as f:
        platforms[platform] = {"file": name, "signature": f.read().strip()}
release = {
    "version": version,
    "pub_date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    "notes": {"fr": notes_fr, "en": notes_en},
    "platforms": platforms,
}
tmp = os.path.join(out, "release.json.tmp")
with open(tmp, "w") as f:
    json.dump(release, f, indent=2)
    f.write("\n")
os.replace(tmp, os.path.join(out, "release.json"))
PY
say "wrote $out/release.json"
echo "$out/release.json"
