#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster and the central server for trying it: a
# supervisor `sam` and an officer `ana` (password `password1` for both), listening on
# http://127.0.0.1:8443. Everything lives in a temporary directory that is removed when
# the server stops (Ctrl-C). Production settings: docs/server.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh

bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
d="$(mktemp -d -t dossier-server-XXXXXX)"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$d"
    as_pg=(runuser -u postgres --)
fi
cleanup() {
    "${as_pg[@]}" "$bin/pg_ctl" -D "$d/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$d"
}
trap cleanup EXIT

"${as_pg[@]}" "$bin/initdb" -D "$d/data" -U postgres -A trust >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$d/data" -l "$d/postgres.log" \
    -o "-k $d -c listen_addresses=''" -w start >/dev/null
"${as_pg[@]}" "$bin/psql" -h "$d" -U postgres -qc 'CREATE DATABASE dossier'

export DOSSIER_SERVER_DATABASE_URL="host=$d user=postgres dbname=dossier"
export DOSSIER_SERVER_BLOBS_PATH="$d/blobs" DOSSIER_SERVER_BLOBS_STAGING="$d/uploads"
cargo build -q -p server
server="${CARGO_TARGET_DIR:-$repo/target}/debug/dossier-server"
"$server" migrate
DOSSIER_SERVER_PASSWORD=password1 "$server" user add --name sam --role supervisor
DOSSIER_SERVER_PASSWORD=password1 "$server" user add --name ana --role officer
echo "==> users: sam (supervisor), ana (officer); password: password1" >&2
"$server" serve
