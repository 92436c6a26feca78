#!/usr/bin/env bash
# Proves the pre-commit hooks with the real pre-commit: a throwaway git repository is made from
# a fixture, `pre-commit try-repo` runs the hook from this checkout, and the demo must fail while
# the clean repository passes. Needs `pre-commit` on PATH (.ci/run installs it from PyPI).
# Then the hooks that need no compiler: `ismslint-system` with a binary on PATH (ISMSLINT_BIN,
# default target/debug/ismslint), and, when WHEEL_DIR holds the wheel that scripts/dist.py built,
# the README's `language: python` hook with `additional_dependencies: [ismslint==VERSION]`, its
# pip pointed at WHEEL_DIR instead of PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
export ISMSLINT_TODAY=2026-11-27

# make_repo FIXTURE DIR: a git repository holding the fixture.
make_repo() {
  mkdir -p "$2"
  cp -r "$here/fixtures/repos/$1/." "$2/"
  git -C "$2" init -q
  git -C "$2" add -A
  git -C "$2" -c user.email=ci@example.com -c user.name=ci commit -qm fixture
}

run_hook() {
  local fixture="$1" repo="$work/$1"
  make_repo "$fixture" "$repo"
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
passed=2

# hook_pair LABEL COMMAND…: runs COMMAND in a repository of the demo and of the clean fixture;
# the demo must fail with SOA005, the clean repository pass.
hook_pair() {
  local label="$1" fixture status
  shift
  for fixture in demo clean; do
    make_repo "$fixture" "$work/$label-$fixture"
    if [ -n "${HOOK_CONFIG:-}" ]; then
      printf '%s' "$HOOK_CONFIG" > "$work/$label-$fixture/.pre-commit-config.yaml"
      git -C "$work/$label-$fixture" add -A
    fi
    status=0
    (cd "$work/$label-$fixture" && "$@") > "$work/$label-$fixture.log" 2>&1 || status=$?
    if [ "$fixture" = demo ] && { [ "$status" = 0 ] || ! grep -q SOA005 "$work/$label-demo.log"; }; then
      cat "$work/$label-demo.log"; echo "FAIL: $label hook on the demo" >&2; exit 1
    fi
    if [ "$fixture" = clean ] && [ "$status" != 0 ]; then
      cat "$work/$label-clean.log"; echo "FAIL: $label hook on the clean repository" >&2; exit 1
    fi
  done
  passed=$((passed + 2))
}

bin="$(cd "$here" && realpath "${ISMSLINT_BIN:-target/debug/ismslint}")"
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/ismslint"
start=$(date +%s)
PATH="$work/bin:$PATH" hook_pair system pre-commit try-repo "$here" ismslint-system --all-files
echo "pre-commit ismslint-system (binary on PATH): demo failed, clean passed ($(( $(date +%s) - start ))s)"

if [ -n "${WHEEL_DIR:-}" ]; then
  version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -1)"
  # The README's hook, apart from the version.
  HOOK_CONFIG="repos:
  - repo: local
    hooks:
      - id: ismslint
        name: ismslint
        entry: ismslint
        language: python
        additional_dependencies: [ismslint==$version]
        pass_filenames: false
        require_serial: true
        files: '\\.(ya?ml|json|csv|tsv|md|markdown|xlsx|xlsm|ods|xls)\$'
"
  # pip also installs pre-commit's placeholder package for `repo: local`, which needs setuptools:
  # offline, from the seed wheels that virtualenv (pre-commit's) embeds.
  seeds="$("$(dirname "$(command -v pre-commit)")/python" -c \
    'import os, virtualenv.seed.wheels.embed as e; print(os.path.dirname(e.__file__))')"
  start=$(date +%s)
  HOOK_CONFIG="$HOOK_CONFIG" PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEEL_DIR $seeds" \
    hook_pair python pre-commit run --all-files
  echo "pre-commit language: python, the wheel from WHEEL_DIR: demo failed, clean passed ($(( $(date +%s) - start ))s, no compiler)"
fi
echo "$passed passed, 0 failed"
