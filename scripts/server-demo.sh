#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster and the central server for trying it, with demo
# applications that enter through the front door: `dossier demo --bundles` writes them
# as the applicants' portal sends them, `dossier-server intake import` receives them
# (caps, acknowledgements, documents checked with pdfium), and the received files are
# shared between the officers `ana` and `bob`. A supervisor `sam`; password `password1`
# for all; listening on http://127.0.0.1:8443. Everything lives in a temporary directory
# that is removed when the server stops (Ctrl-C). Production settings: docs/server.md.
#
#   CASES=120 bash scripts/server-demo.sh
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
cargo build -q -p server -p cli
target="${CARGO_TARGET_DIR:-$repo/target}"
server="$target/debug/dossier-server"
"$server" migrate
DOSSIER_SERVER_PASSWORD=password1 "$server" user add --name sam --role supervisor
DOSSIER_SERVER_PASSWORD=password1 "$server" user add --name ana --role officer
DOSSIER_SERVER_PASSWORD=password1 "$server" user add --name bob --role officer

echo "==> demo applications, as the portal sends them" >&2
"$target/debug/dossier" demo --bundles "$d/bundles" --cases "${CASES:-60}" >&2
"$server" intake import "$d/bundles" >"$d/intake.jsonl"
# The received applications (not the later documents, not the revisions), shared in
# turn between the two officers, assigned by the supervisor.
mapfile -t files < <(grep '"code":"received"' "$d/intake.jsonl" | grep -v '"revised_from"' |
    sed -n 's/.*"file_number":"\([^"]*\)".*/\1/p')
officers=(ana bob)
for i in "${!files[@]}"; do
    "$server" assign --file-number "${files[$i]}" --to "${officers[$((i % 2))]}" --by sam >/dev/null
done
echo "==> ${#files[@]} files received and assigned to ana and bob; caps:" >&2
"$server" intake caps >&2
echo "==> users: sam (supervisor), ana and bob (officers); password: password1" >&2
echo "==> in another terminal, an officer's app on a store of its own:" >&2
echo "      DOSSIER_STORE=\$HOME/.local/share/dossier/ana.db DOSSIER_SERVER_URL=http://127.0.0.1:8443 bash scripts/run.sh" >&2
echo "    then sign in as ana: her files arrive with their documents." >&2
"$server" serve
