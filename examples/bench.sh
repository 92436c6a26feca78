#!/usr/bin/env bash
# Benchmark: ismslint beside `rg -c .` (the floor of reading the same files) on the trees of
# issue 16, measured in the same run (the machine is shared and noisy: compare ratios, not
# absolute times), then a scaling check from 1 to 100 business units.
#
#   examples/bench.sh [--quick] [--check] [--bin PATH] [--keep DIR]
#
#   --quick     smaller trees and fewer runs (a few minutes), for trying the script
#   --check     exit non-zero when the scaling check fails (without it: prints PASS/FAIL only)
#   --bin PATH  time another build (e.g. a copy of main's target/release/ismslint); default: this
#               worktree's release build, built first
#   --keep DIR  write the generated trees into DIR and keep them (default: a temporary folder)
#
# Trees (examples/synth.rs writes them, deterministically):
#   typical: fixtures/repos/clean and fixtures/repos/demo (the README's quick start)
#   110 MB:  `synth OUT --units 100`: one 36 MB risks.yaml (100k risks) and per unit 50
#            documents with bodies and 25 evidence files (5,000 documents, ~7,600 files)
#            (evidence records name a file for one in 20, written beside them, and one missing
#            per 10 units; `--missing-evidence 1` gives the older tree: 25,000 EVD002 findings)
#   synth:   `synth OUT --risks 100000 --documents 5000` (register split into 1,000-risk files)
#   CSV:     `synth OUT --csv-rows 1000000`, one ~35 MB risk register
#   MD:      `synth OUT --md-rows 1050000`, one ~60 MB Markdown risk table (under the 64 MiB cap)
# The table: mean wall time of each (hyperfine -N), their ratio, ismslint's peak RSS
# (/usr/bin/time -f %M), the input bytes (sum of file sizes) and RSS / input.
# Scaling: `synth --units U` for U = 0 (the fixed part: SoA and owners), 1, 3, 10, 30, 100; time
# per unit = (t(U) - t(0)) / U must stay within 15% (max / min <= 1.15).
#
# Needs hyperfine, ripgrep and GNU time: `apt-get install hyperfine ripgrep time` (Debian), or
# `cargo install hyperfine ripgrep`. Not run by `cargo test` or .ci/run: nothing here is timed in
# the tests. Other performance checks: `cargo run --release --example scaling` (doubling every
# dimension a hostile repository controls; `SCALING=1 examples/bench.sh` runs it after the table).
#
# Profiling: `cargo build --profile profiling` builds target/profiling/ismslint with symbols;
# `perf record -g target/profiling/ismslint TREE --isolated --format concise --exit-zero`.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0 check=0 bin="" keep=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --check) check=1 ;;
    --bin) bin=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h | --help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in hyperfine rg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (see the header)" >&2; exit 2; }
done

if [[ -n $bin ]]; then
  cargo build --release --quiet --example synth
else
  cargo build --release --quiet --bin ismslint --example synth
  bin=./target/release/ismslint
fi
synth=./target/release/examples/synth
if [[ -n $keep ]]; then
  out=$keep
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

if ((quick)); then
  units=10 risks=10000 docs=500 csv_rows=100000 md_rows=105000
  small_runs=10 big_runs=3 huge_runs=1 scale_units=(0 1 3 10)
else
  units=100 risks=100000 docs=5000 csv_rows=1000000 md_rows=1050000
  small_runs=30 big_runs=5 huge_runs=2 scale_units=(0 1 3 10 30 100)
fi

gen() { # gen DIR SYNTH-ARGS...: generate once (a kept DIR is reused)
  local dir=$1; shift
  [[ -d $dir ]] || "$synth" "$dir" "$@" 2>/dev/null
}
gen "$out/units-$units" --units "$units"
gen "$out/synth-$risks" --risks "$risks" --documents "$docs"
gen "$out/csv-$csv_rows" --csv-rows "$csv_rows"
gen "$out/md-$md_rows" --md-rows "$md_rows"

lint() { echo "$bin $1 --isolated --format concise --exit-zero"; }
bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
files() { find "$1" -type f | wc -l; }
ms() { awk -v s="$1" 'BEGIN { v = s * 1000; printf(v < 100 ? "%.1f ms" : "%\047.0f ms", v) }'; }
mb() { awk -v b="$1" 'BEGIN { printf(b < 1e6 ? "%.2f MB" : "%.0f MB", b / 1e6) }'; }

# mean TREE RUNS: mean seconds of ismslint and of rg, one hyperfine run
means() {
  local csv
  csv=$(mktemp)
  hyperfine -N --style none -w "$(( $2 > 5 ? 3 : $2 > 2 ? 1 : 0 ))" -r "$2" --export-csv "$csv" \
    "$(lint "$1")" "rg -c . $1" >/dev/null 2>&1
  awk -F, 'NR > 1 {printf "%s ", $2}' "$csv"
  rm -f "$csv"
}

row() { # row LABEL TREE RUNS
  local label=$1 tree=$2 runs=$3 t rss in
  read -r t_lint t_rg <<<"$(means "$tree" "$runs")"
  rss=$(/usr/bin/time -f %M $(lint "$tree") 2>&1 >/dev/null | tail -1)
  in=$(bytes "$tree")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$(ms "$t_lint")" "$(ms "$t_rg")" \
    "$(awk -v a="$t_lint" -v b="$t_rg" 'BEGIN {printf "%.1f×", a / b}')" \
    "$(mb $((rss * 1024)))" "$(mb "$in")" \
    "$(awk -v r="$rss" -v i="$in" 'BEGIN {printf "%.1f×", r * 1024 / i}')"
}

echo "ismslint $("$bin" --version | awk '{print $2}') ($bin), $(date -u +%Y-%m-%d), $(nproc) cores$( ((quick)) && echo ', --quick')"
echo
echo '| tree | ismslint | `rg -c .` | ratio | peak RSS | input | RSS/input |'
echo '|---|---|---|---|---|---|---|'
row "typical: fixtures/repos/clean ($(files fixtures/repos/clean) files)" fixtures/repos/clean "$small_runs"
row "typical: fixtures/repos/demo ($(files fixtures/repos/demo) files)" fixtures/repos/demo "$small_runs"
row "$units units: one $(mb "$(bytes "$out/units-$units/registers/risks.yaml")") risks.yaml + per-unit files, $((units * 50)) documents ($(files "$out/units-$units") files)" "$out/units-$units" "$big_runs"
row "synth $risks risks + $docs documents ($(files "$out/synth-$risks") files)" "$out/synth-$risks" "$big_runs"
row "$csv_rows-row CSV risk register (one file)" "$out/csv-$csv_rows" "$huge_runs"
row "$md_rows-row Markdown risk table (one file)" "$out/md-$md_rows" "$huge_runs"

echo
echo "Scaling: time per unit = (t(U) - t(0)) / U, synth --units U; beside it, for reading only, the"
echo "marginal time per unit after the first, (t(U) - t(1)) / (U - 1): the first unit also pays what"
echo "the empty tree never does once (pattern compilation, the text rules' filter over the placeholder patterns)."
echo
echo '| units | input | ismslint | per unit | marginal per unit |'
echo '|---|---|---|---|---|'
base=""
first=""
per_units=()
marginal_units=()
for u in "${scale_units[@]}"; do
  tree="$out/units-$u"
  gen "$tree" --units "$u"
  runs=$(( u >= 30 ? big_runs : small_runs ))
  csv=$(mktemp)
  hyperfine -N --style none -w 1 -r "$runs" --export-csv "$csv" "$(lint "$tree")" >/dev/null 2>&1
  t=$(awk -F, 'NR == 2 {print $2}' "$csv")
  rm -f "$csv"
  if [[ -z $base ]]; then
    base=$t
    printf '| %s | %s | %s | (fixed part) | |\n' "$u" "$(mb "$(bytes "$tree")")" "$(ms "$t")"
  else
    per=$(awk -v t="$t" -v b="$base" -v u="$u" 'BEGIN {print (t - b) / u}')
    per_units+=("$per")
    marginal="(first unit)"
    if [[ -z $first ]]; then
      first=$t
    else
      m=$(awk -v t="$t" -v f="$first" -v u="$u" 'BEGIN {print (t - f) / (u - 1)}')
      marginal_units+=("$m")
      marginal=$(ms "$m")
    fi
    printf '| %s | %s | %s | %s | %s |\n' "$u" "$(mb "$(bytes "$tree")")" "$(ms "$t")" "$(ms "$per")" "$marginal"
  fi
done
max_over_min() {
  awk 'NR == 1 {lo = hi = $1} {if ($1 < lo) lo = $1; if ($1 > hi) hi = $1} END {printf "%.2f", hi / lo}'
}
spread=$(printf '%s\n' "${per_units[@]}" | max_over_min)
if [[ ${#marginal_units[@]} -gt 0 ]]; then
  echo
  echo "marginal time per unit after the first: max/min = $(printf '%s\n' "${marginal_units[@]}" | max_over_min)"
fi
echo
if awk -v s="$spread" 'BEGIN {exit !(s <= 1.15)}'; then
  echo "scaling: PASS (per-unit time max/min = $spread, limit 1.15)"
  verdict=0
else
  echo "scaling: FAIL (per-unit time max/min = $spread, limit 1.15)"
  verdict=1
fi

if [[ ${SCALING:-0} == 1 ]]; then
  echo "== examples/scaling.rs"
  cargo run --release --quiet --example scaling
fi
if ((check)); then exit "$verdict"; fi
