#!/usr/bin/env bash
# The HTML report in a real browser (issue 15): the demo's, the workbook's and a hostile
# repository's reports are validated with html-validate, then opened in headless Chromium (the
# Debian package) by .ci/html-check.mjs: no console error, no network request, no dialog, the
# DOM's numbers equal the JSON report's, a heat-map cell and a filter work, and axe-core finds no
# serious or critical accessibility violation. npm packages go into .ci/node/html, pinned.
set -euo pipefail
cd "$(dirname "$0")/.."
versions="puppeteer-core@24.9.0 axe-core@4.14.1 html-validate@10.9.0"
prefix=.ci/node/html
if [ "$(cat "$prefix/.installed" 2>/dev/null)" != "$versions" ]; then
  # shellcheck disable=SC2086
  npm install --silent --no-audit --no-fund --no-save --prefix "$prefix" $versions
  echo "$versions" > "$prefix/.installed"
fi
chromium="$(command -v chromium || true)"
if [ -z "$chromium" ]; then
  # About 90 s from Debian's packages.
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  chromium="$(command -v chromium)"
fi

bin="${ISMSLINT_BIN:-target/debug/ismslint}"
[ -n "${ISMSLINT_BIN:-}" ] || cargo build --locked --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
today=2026-11-27

# A repository whose text is an attack on the page: every alert() would open a dialog.
hostile="$work/hostile"
mkdir -p "$hostile"
payload='<script>alert(1)</script>""onload=alert(2) </style><img src=x onerror=alert(3)><svg onload=alert(4)>'
printf 'Control,Applicable,Justification,Owner,Status\nA.5.1,Yes,"%s",x,Implemented\nA.5.2,Maybe,"%s",,\n' \
  "$payload" "$payload" > "$hostile/soa.csv"
printf 'Risk ID,Risk,Risk Owner,Likelihood,Impact,Treatment,Controls\nR-1,"%s","%s",4,5,Mitigate,A.5.1\n' \
  "$payload" "$payload" > "$hostile/risks <img src=x onerror=alert(5)>.csv"

pairs=()
for repo in fixtures/repos/demo fixtures/repos/workbook "$hostile"; do
  name="$(basename "$repo")"
  # Exit 1 (findings) is expected with --format json; 2 is not.
  status=0
  "$bin" "$repo" --isolated --today "$today" --format json > "$work/$name.json" || status=$?
  [ "$status" -le 1 ] || { echo "ismslint failed on $repo ($status)"; exit 1; }
  "$bin" report "$repo" --isolated --today "$today" -o "$work/$name.html"
  pairs+=("$work/$name.html" "$work/$name.json")
done
"$prefix/node_modules/.bin/html-validate" --config .ci/htmlvalidate.json "$work"/*.html
echo "html-validate: reports OK"
node .ci/html-check.mjs "$chromium" "${pairs[@]}"
echo "html-check: reports OK in Chromium"
