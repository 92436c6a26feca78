#!/usr/bin/env bash
# Proves the release artefacts and the Action's install step, offline.
#
# 1. `scripts/dist.py build` (what .github/workflows/release.yml runs per target) builds the host
#    archive, wheel and SHA256SUMS; the sums verify, the archive holds what it should, its binary
#    lints the demo, and the wheel installs into a fresh venv whose `ismslint` does the same.
# 2. scripts/install-action.sh (the Action's install step) runs against those artefacts served by
#    `python3 -m http.server` on 127.0.0.1: a good download installs and lints, a second run uses
#    the cached copy, a tampered archive and an archive missing from SHA256SUMS both fail, a
#    release without an archive for the runner falls back to `cargo install` (a stub here), and
#    each runner OS/arch maps to its release target.
# Needs maturin on PATH (.ci/run installs it from PyPI). Set DIST_OUT to reuse built artefacts.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export ISMSLINT_TODAY=2026-11-27
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
target="$(rustc -vV | sed -n 's/^host: //p')"
name="ismslint-$version-$target"
out="${DIST_OUT:-$here/target/dist}"

# --- 1. the artefacts -------------------------------------------------------------------------
if [ -z "${DIST_OUT:-}" ]; then
  rm -rf "$out"
  start=$(date +%s)
  python3 scripts/dist.py build --out "$out"
  echo "dist build: $(( $(date +%s) - start ))s"
fi
archive="$out/$name.tar.gz"
wheel="$(ls "$out"/ismslint-"$version"-*.whl)"
echo "archive: $(stat -c %s "$archive") bytes; wheel: $(stat -c %s "$wheel") bytes ($(basename "$wheel"))"

if (cd "$out" && sha256sum --quiet -c SHA256SUMS); then ok "SHA256SUMS verifies"; else bad "SHA256SUMS"; fi

listing="$(tar -tzf "$archive" | sort | tr '\n' ' ')"
want="$name/ $name/CHANGELOG.md $name/LICENSE-APACHE $name/LICENSE-MIT $name/README.md $name/ismslint "
if [ "$listing" = "$want" ]; then ok "archive holds the binary, README, licences, changelog"; else bad "archive lists: $listing"; fi

mkdir -p "$work/unpack"
tar -xzf "$archive" -C "$work/unpack"
if grep -q "^## \[$version\]" "$work/unpack/$name/CHANGELOG.md" &&
   [ "$(grep -c '^## ' "$work/unpack/$name/CHANGELOG.md")" = 1 ]; then
  ok "archive CHANGELOG.md is the $version entry"
else
  bad "archive CHANGELOG.md"
fi

# lint_demo BINARY LABEL: the demo has errors (exit 1, SOA005), the clean repository none.
lint_demo() {
  local status=0
  "$1" fixtures/repos/demo --format concise > "$work/lint.out" 2>&1 || status=$?
  if [ "$status" = 1 ] && grep -q SOA005 "$work/lint.out" && "$1" fixtures/repos/clean -q > /dev/null; then
    ok "$2 lints the demo (exit 1, SOA005) and the clean repository (exit 0)"
  else
    cat "$work/lint.out"; bad "$2 on the demo: exit $status"
  fi
}
lint_demo "$work/unpack/$name/ismslint" "archive binary"

python3 -m venv "$work/venv"
start=$(date +%s)
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
echo "pip install of the wheel: $(( $(date +%s) - start ))s"
v="$("$work/venv/bin/ismslint" --version)"
if [[ "$v" == "ismslint $version"* ]]; then ok "wheel: \`ismslint --version\` = $v"; else bad "wheel --version: $v"; fi
lint_demo "$work/venv/bin/ismslint" "wheel binary"

# --- 2. the Action's install step against a local server ---------------------------------------
serve="$work/serve"
mkdir -p "$serve/good/v$version" "$serve/tampered/v$version" "$serve/unlisted/v$version"
cp "$archive" "$out/SHA256SUMS" "$serve/good/v$version/"
cp "$archive" "$out/SHA256SUMS" "$serve/tampered/v$version/"
printf 'x' >> "$serve/tampered/v$version/$name.tar.gz"
cp "$archive" "$serve/unlisted/v$version/"
grep -v " $name.tar.gz\$" "$out/SHA256SUMS" > "$serve/unlisted/v$version/SHA256SUMS" || true

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$serve" > "$work/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 50); do
  port="$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; echo "FAIL: no local server" >&2; exit 1; }

# action RUN FLAVOUR VERSION [REF]: one run of the Action's resolve + install steps as a runner would,
# a Linux x64 runner whose release target is the host's (ISMSLINT_TARGET).
action() {
  local run="$work/runner-$1"
  mkdir -p "$run/tool-cache" "$run/temp"
  : > "$run/path"; : > "$run/output"
  env RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TOOL_CACHE="$run/tool-cache" RUNNER_TEMP="$run/temp" \
    GITHUB_PATH="$run/path" GITHUB_OUTPUT="$run/output" INPUT_VERSION="$3" ACTION_REF="${4-v$version}" \
    ACTION_PATH="$here" ISMSLINT_TARGET="$target" ISMSLINT_DOWNLOAD_BASE="http://127.0.0.1:$port/$2" \
    PATH="${STUB_PATH:+$STUB_PATH:}$PATH" \
    bash -c 'bash scripts/install-action.sh resolve && bash scripts/install-action.sh install'
}

start=$(date +%s%N)
if action good good "" > "$work/good.log" 2>&1; then
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "action install step against the local server: ${ms} ms"
  bin="$(head -1 "$work/runner-good/path")/ismslint"
  if [ -x "$bin" ] && grep -qx "version=$version" "$work/runner-good/output"; then
    ok "action installs v$version (its own tag) from the release, checksum verified (${ms} ms)"
  else
    cat "$work/good.log"; bad "action install: no binary at $bin"
  fi
  lint_demo "$bin" "action-installed binary"
else
  cat "$work/good.log"; bad "action install against the local server failed"
fi

kill "$server"; wait "$server" 2>/dev/null || true
server=""
# A second job of the same runner: the cached copy, with the server gone.
if action good good "$version" > "$work/cached.log" 2>&1 && ! grep -q 'sha256' "$work/cached.log"; then
  ok "action reuses the cached binary without downloading"
else
  cat "$work/cached.log"; bad "action with a cached binary"
fi
python3 -u -m http.server "$port" --bind 127.0.0.1 --directory "$serve" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q 'Serving' "$work/server.log" && break; sleep 0.1; done

if action tampered tampered "$version" > "$work/tampered.log" 2>&1; then
  cat "$work/tampered.log"; bad "action accepted a tampered archive"
elif grep -q 'checksum mismatch' "$work/tampered.log" && [ ! -s "$work/runner-tampered/path" ]; then
  ok "action fails on a checksum mismatch and puts nothing on PATH"
else
  cat "$work/tampered.log"; bad "tampered archive: failed for another reason"
fi

if action unlisted unlisted "$version" > "$work/unlisted.log" 2>&1; then
  cat "$work/unlisted.log"; bad "action accepted an archive SHA256SUMS does not list"
elif grep -q 'does not list' "$work/unlisted.log"; then
  ok "action fails on an archive missing from SHA256SUMS"
else
  cat "$work/unlisted.log"; bad "unlisted archive: failed for another reason"
fi

# No archive for this runner in the release (404) → cargo install from the action's checkout.
mkdir -p "$work/stub"
cat > "$work/stub/cargo" <<'EOF'
#!/usr/bin/env bash
echo "$*" > "$STUB_LOG"
root=""
while [ $# -gt 0 ]; do
  if [ "$1" = --root ]; then root="$2"; fi
  shift
done
[ -n "$root" ] || exit 2
mkdir -p "$root/bin" && printf '#!/bin/sh\necho stub\n' > "$root/bin/ismslint" && chmod +x "$root/bin/ismslint"
EOF
chmod +x "$work/stub/cargo"
if STUB_PATH="$work/stub" STUB_LOG="$work/stub.log" action missing good 9.9.9 > "$work/missing.log" 2>&1 &&
   grep -q "^install --locked --path $here --root $work/runner-missing/temp/ismslint-source\$" "$work/stub.log" &&
   grep -qx "$work/runner-missing/temp/ismslint-source/bin" "$work/runner-missing/path" &&
   grep -q 'building from source' "$work/missing.log"; then
  ok "action falls back to cargo install when the release has no archive for the runner"
else
  cat "$work/missing.log" "$work/stub.log" 2>/dev/null; bad "fallback to source"
fi

# The action used at a branch or as `uses: ./` (no tag) builds its own checkout.
if STUB_PATH="$work/stub" STUB_LOG="$work/stub-branch.log" action branch good "" main > /dev/null 2>&1 &&
   grep -qx "version=source" "$work/runner-branch/output" && [ -s "$work/stub-branch.log" ] &&
   STUB_PATH="$work/stub" STUB_LOG="$work/stub-local.log" action local good "" "" > /dev/null 2>&1 &&
   [ -s "$work/stub-local.log" ]; then
  ok "the action at a branch or as uses: ./ builds from its checkout"
else
  bad "version from a branch ref"
fi

mapping=""
for pair in Linux/X64 Linux/ARM64 macOS/X64 macOS/ARM64 Windows/X64 Windows/ARM64; do
  mapping+="$pair=$(RUNNER_OS="${pair%/*}" RUNNER_ARCH="${pair#*/}" bash scripts/install-action.sh target) "
done
want="Linux/X64=x86_64-unknown-linux-musl Linux/ARM64=aarch64-unknown-linux-musl macOS/X64=x86_64-apple-darwin macOS/ARM64=aarch64-apple-darwin Windows/X64=x86_64-pc-windows-msvc Windows/ARM64= "
if [ "$mapping" = "$want" ]; then ok "runner OS/arch → release target"; else bad "targets: $mapping"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
