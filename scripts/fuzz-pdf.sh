#!/usr/bin/env bash
# Runs the pdf fuzz target (load, inspect, render, search on arbitrary bytes) for a
# bounded time: FUZZ_SECONDS (default 60). Installs cargo-fuzz if missing, installs
# pdfium (scripts/install-pdfium.sh), writes a seed corpus of small generated PDFs (good
# and bad: the fuzz crate's seed_corpus program), and builds with RUSTC_BOOTSTRAP=1
# since cargo-fuzz needs nightly-only flags and only a stable toolchain is installed.
# Exits non-zero when the fuzzer finds a crash (saved under fuzz/artifacts/).
# fuzz/Cargo.lock is committed (made from the root Cargo.lock), so the fuzzed code is built
# from the same crate versions as the app.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
lib="$("$repo/scripts/install-pdfium.sh")"
export DOSSIER_PDFIUM_LIB="$lib"

corpus="$repo/fuzz/corpus/load_inspect_render"
mkdir -p "$corpus"
if [[ -z "$(ls -A "$corpus" 2>/dev/null)" ]]; then
    cargo run --quiet --manifest-path "$repo/fuzz/Cargo.toml" --target-dir "$CARGO_TARGET_DIR/fuzz-seed" --bin seed_corpus -- "$corpus"
fi

cd "$repo/fuzz"
# -rss_limit_mb bounds memory per input; -timeout bounds time per input (a hang is a
# finding); -max_total_time bounds the run.
cargo fuzz run load_inspect_render --target-dir "$CARGO_TARGET_DIR/fuzz" "$corpus" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=2000000 -print_final_stats=1
