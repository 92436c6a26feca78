#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): puts an `ismslint` on PATH.
#
#   install-action.sh resolve   which version and archive this runner needs (to GITHUB_OUTPUT)
#   install-action.sh install   use the cached copy, else download the release archive and verify
#                               it against the release's SHA256SUMS, else build from source
#   install-action.sh target    print the release target of RUNNER_OS/RUNNER_ARCH (empty: none)
#
# Inputs (environment): INPUT_VERSION ("" = the action's own tag, "source" = build from the
# action's checkout, "X.Y.Z" or "vX.Y.Z"), ACTION_REF, ACTION_PATH, and the runner's RUNNER_OS,
# RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT.
# A checksum that does not match, or an archive missing from SHA256SUMS, fails the step: that is
# never a reason to fall back. Only a release without an archive for this runner (HTTP 404, or a
# platform we do not build) falls back to `cargo install`.
#
# Test-only overrides (tests/action-install.sh, against a local server): ISMSLINT_DOWNLOAD_BASE
# replaces the release download URL, ISMSLINT_TARGET the detected target.
set -euo pipefail

repo_url="https://github.com/ismslint/ismslint"
base="${ISMSLINT_DOWNLOAD_BASE:-$repo_url/releases/download}"

log() { echo "ismslint-action: $*" >&2; }
fail() { echo "::error title=ismslint install::$*"; exit 1; }

target_of() {
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) echo "" ;;
  esac
}

# "" → the action's own release tag (vX.Y.Z), or "source" when the action is not used at a tag
# (a branch, `uses: ./`). A commit SHA pin gives the version of Cargo.toml at that commit.
resolve_version() {
  local v="${INPUT_VERSION:-}" ref="${ACTION_REF:-}"
  if [ -z "$v" ]; then
    if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
      v="$ref"
    elif [[ "$ref" =~ ^[0-9a-f]{40}$ ]] && [ -f "${ACTION_PATH:-.}/Cargo.toml" ]; then
      v="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" | head -1)"
    else
      v=source
    fi
  fi
  v="${v#v}"
  if [ "$v" != source ] && ! [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
    fail "version must be X.Y.Z, vX.Y.Z or source, not '$v'"
  fi
  echo "$v"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Downloads $1 to $2; returns 0, or 44 when the server says 404, or fails the step.
download() {
  local code
  code="$(curl -sSL --retry 3 --retry-connrefused -o "$2" -w '%{http_code}' "$1")" || code="${code:-000}"
  case "$code" in
    200) return 0 ;;
    404) return 44 ;;
    *) fail "could not download $1 (HTTP $code)" ;;
  esac
}

add_path() { echo "$1" >> "${GITHUB_PATH:?}"; log "ismslint from $1"; }

build_from_source() {
  local root="${RUNNER_TEMP:?}/ismslint-source"
  command -v cargo >/dev/null 2>&1 ||
    fail "no release archive to use and no cargo to build from source: add a Rust toolchain step (dtolnay/rust-toolchain@stable) or set version to a release"
  log "building from source: cargo install --locked --path ${ACTION_PATH:?}"
  cargo install --locked --path "$ACTION_PATH" --root "$root"
  add_path "$root/bin"
}

cmd_resolve() {
  local version target dir
  version="$(resolve_version)"
  target="${ISMSLINT_TARGET:-$(target_of)}"
  [ -n "$target" ] || version=source
  dir="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:?}}/ismslint/$version/$target"
  {
    echo "version=$version"
    echo "target=$target"
    echo "dir=$dir"
    echo "cache-key=ismslint-$version-$target"
  } >> "${GITHUB_OUTPUT:?}"
  log "version $version, target ${target:-none}"
}

cmd_install() {
  local version target dir exe ext name tmp status expected actual
  version="$(resolve_version)"
  target="${ISMSLINT_TARGET:-$(target_of)}"
  if [ "$version" = source ] || [ -z "$target" ]; then
    build_from_source
    return
  fi
  dir="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:?}}/ismslint/$version/$target"
  exe=ismslint
  ext=tar.gz
  if [[ "$target" == *windows* ]]; then exe=ismslint.exe ext=zip; fi
  if [ -x "$dir/$exe" ]; then
    add_path "$dir"
    return
  fi
  name="ismslint-$version-$target"
  tmp="$(mktemp -d "${RUNNER_TEMP:?}/ismslint.XXXXXX")"
  status=0
  download "$base/v$version/$name.$ext" "$tmp/$name.$ext" || status=$?
  if [ "$status" = 44 ]; then
    echo "::warning title=ismslint install::release v$version has no $name.$ext; building from source"
    build_from_source
    return
  fi
  download "$base/v$version/SHA256SUMS" "$tmp/SHA256SUMS" ||
    fail "release v$version has no SHA256SUMS: refusing an unverified binary"
  expected="$(awk -v f="$name.$ext" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")"
  [ -n "$expected" ] || fail "SHA256SUMS of v$version does not list $name.$ext"
  actual="$(sha256 "$tmp/$name.$ext")"
  [ "$actual" = "$expected" ] ||
    fail "checksum mismatch for $name.$ext: SHA256SUMS says $expected, the download is $actual"
  log "sha256 $actual OK"
  mkdir -p "$tmp/x"
  if [ "$ext" = zip ]; then
    if command -v unzip >/dev/null 2>&1; then unzip -q "$tmp/$name.$ext" -d "$tmp/x"
    else 7z x -bd -y "-o$tmp/x" "$tmp/$name.$ext" >/dev/null; fi
  else
    tar -xzf "$tmp/$name.$ext" -C "$tmp/x"
  fi
  [ -f "$tmp/x/$name/$exe" ] || fail "$name.$ext holds no $name/$exe"
  mkdir -p "$dir"
  cp "$tmp/x/$name/"* "$dir/"
  chmod +x "$dir/$exe"
  rm -rf "$tmp"
  add_path "$dir"
}

case "${1:-}" in
  resolve) cmd_resolve ;;
  install) cmd_install ;;
  target) target_of ;;
  *) echo "usage: $0 resolve|install|target" >&2; exit 2 ;;
esac
