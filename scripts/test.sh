#!/usr/bin/env bash
# The test command the README gives: format check, lints, then every test
# (unit tests next to the code, end-to-end CLI tests in crates/cli/tests,
# API tests in crates/server/tests). Tests that need ../shared skip with a
# message when it is absent. CI also runs scripts/browser_test.sh (the page
# in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
