#!/usr/bin/env bash
# tally's whole test suite, on a fresh machine: installs what the tests need (Debian packages
# for the tip line's `age` interop check and the web UI's headless-Chromium tests), then runs
# formatting and lint checks and every test of every crate. `.ci/run` calls this script.
#
# The dev corpus (../shared/corpus/dev) is read by some tests; where it is absent they say so
# and skip, except under CI=true, where its absence is a failure.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v age >/dev/null 2>&1 || need+=(age)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! cargo nextest --version >/dev/null 2>&1; then
  echo "test.sh: installing cargo-nextest"
  cargo install --locked cargo-nextest >/dev/null
fi

echo "test.sh: cargo fmt --check"
cargo fmt --all --check

echo "test.sh: cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "test.sh: tests"
cargo test --workspace --doc --quiet
# nextest prints the closing summary line ("Summary [ … ] N tests run: N passed").
cargo nextest run --workspace --no-fail-fast --status-level fail --final-status-level fail
