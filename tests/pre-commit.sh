#!/usr/bin/env bash
# Proves the pre-commit hook with the real pre-commit: a throwaway git repository is made from
# a fixture, `pre-commit try-repo` runs the hook from this checkout, and the demo must fail while
# the clean repository passes. Needs `pre-commit` on PATH (.ci/run installs it from PyPI).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
export ISMSLINT_TODAY=2026-11-27

run_hook() {
  local fixture="$1" repo="$work/$1"
  mkdir -p "$repo"
  cp -r "$here/fixtures/repos/$fixture/." "$repo/"
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.email=ci@example.com -c user.name=ci commit -qm fixture
  (cd "$repo" && pre-commit try-repo "$here" ismslint --all-files)
}

start=$(date +%s)
if run_hook demo > "$work/demo.log" 2>&1; then
  cat "$work/demo.log"
  echo "FAIL: the hook passed on the demo repository, which has errors" >&2
  exit 1
fi
grep -q "SOA005" "$work/demo.log" || { cat "$work/demo.log"; echo "FAIL: no SOA005 in hook output" >&2; exit 1; }
echo "pre-commit on demo: failed as expected ($(( $(date +%s) - start ))s, including the first build)"
start=$(date +%s)
if ! run_hook clean > "$work/clean.log" 2>&1; then
  cat "$work/clean.log"
  echo "FAIL: the hook failed on the clean repository" >&2
  exit 1
fi
echo "pre-commit on clean: passed ($(( $(date +%s) - start ))s)"
echo "2 passed, 0 failed"
