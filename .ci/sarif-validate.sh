#!/usr/bin/env bash
# Validates ismslint's SARIF with Microsoft's SARIF Multitool, including its GitHub Advanced
# Security ingestion rules (GH1001…GH2012: what code scanning refuses, such as a result without a
# location), on every fixture repository and every rule fixture. Zero errors and zero warnings
# are required; the multitool's notes (suggestions such as code snippets or message arguments)
# are counted, not failed on.
#
# The multitool is a .NET program; its npm package ships it as a self-contained native binary per
# platform (@microsoft/sarif-multitool-linux etc.), so no .NET runtime is needed. It is installed
# into .ci/node, pinned, never globally.
set -euo pipefail
cd "$(dirname "$0")/.."
version=5.7.0
prefix=.ci/node
if [ "$(cat "$prefix/.installed" 2>/dev/null)" != "$version" ]; then
  npm install --silent --no-audit --no-fund --no-save --prefix "$prefix" \
    "@microsoft/sarif-multitool@$version"
  echo "$version" > "$prefix/.installed"
fi
tool="$(cd "$prefix" && node -p "require('@microsoft/sarif-multitool')")"
# The package's postinstall only sets the executable bit; npm may skip install scripts.
chmod u+x "$tool"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
# Without ICU on the machine, .NET needs invariant globalization to start.
if ! ldconfig -p 2>/dev/null | grep -q libicu; then
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi
"$tool" --version | head -1

bin="${ISMSLINT_BIN:-target/debug/ismslint}"
[ -n "${ISMSLINT_BIN:-}" ] || cargo build --locked --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
n=0
for dir in fixtures/repos/* fixtures/rules/*/*; do
  [ -d "$dir" ] || continue
  n=$((n + 1))
  out="$work/$(echo "$dir" | tr '/' '_').sarif"
  # Exit 1 (findings) is expected; 2 is not.
  status=0
  "$bin" "$dir" --format sarif --today 2026-11-27 > "$out" || status=$?
  [ "$status" -le 1 ] || { echo "FAIL: ismslint exited $status on $dir" >&2; exit 1; }
done
# A sub-folder linted from inside it: URIs stay relative to the repository root.
(cd fixtures/repos/demo/policies && "$OLDPWD/$bin" .. --format sarif --today 2026-11-27 \
  > "$work/from-inside.sarif") || true
n=$((n + 1))

"$tool" validate --rule-kind "Sarif;Gh" --level "Error;Warning;Note" --quiet true \
  --config .ci/sarif-multitool.xml \
  -o "$work/validation.sarif" "$work"/*.sarif
node - "$work/validation.sarif" "$n" <<'JS'
const [file, n] = process.argv.slice(2);
const log = JSON.parse(require('fs').readFileSync(file, 'utf8'));
const counts = {};
const failures = [];
for (const run of log.runs) {
  const rules = Object.fromEntries((run.tool.driver.rules || []).map(r => [r.id, r]));
  for (const r of run.results || []) {
    const level = r.level || 'warning';
    const key = `${r.ruleId} (${level})`;
    counts[key] = (counts[key] || 0) + 1;
    if (level === 'error' || level === 'warning') {
      const rule = rules[r.ruleId] || {};
      const fmt = ((rule.messageStrings || {})[r.message.id] || {}).text || r.message.text || '';
      const args = r.message.arguments || [];
      const text = fmt.replace(/\{(\d+)\}/g, (_, i) => args[i]);
      const where = ((r.locations || [])[0] || {}).physicalLocation || {};
      failures.push(`${(where.artifactLocation || {}).uri}: ${r.ruleId}: ${text}`);
    }
  }
}
for (const f of failures.slice(0, 50)) console.error(f);
const summary = Object.entries(counts).map(([k, v]) => `${v} × ${k}`).join(', ') || 'nothing';
if (failures.length) {
  console.error(`FAIL: SARIF Multitool found ${failures.length} errors or warnings in ${n} SARIF files (${summary})`);
  process.exit(1);
}
console.log(`SARIF Multitool (SARIF + GitHub ingestion rules): ${n} SARIF files, 0 errors, 0 warnings; notes: ${summary}`);
JS
