#!/usr/bin/env bash
# Benchmark: ismslint on the clean fixture and on a synthetic large repository, each beside
# `rg -c .` over the same tree as a baseline measured in the same run (the machine is shared
# and noisy, so compare ratios, not absolute times). Needs hyperfine and ripgrep.
#
#   examples/bench.sh [RISKS] [DOCUMENTS]      (default 100000 5000)
#
# Scaling: `SCALING=1 examples/bench.sh` also runs examples/scaling.rs, which times the binary
# on inputs of size N, 2N and 4N in each dimension a pull request controls (suppressions, keys
# per record, links × files, links × anchors, findings per block/line/file, alias-expanded
# bytes, CSV columns × rows, waivers) and fails when doubling the input more than doubles the
# time (ratio > 2.5). On its own: `cargo run --release --example scaling`; before/after:
# `cargo run --release --example scaling -- --bin OTHER_BUILD/ismslint`.
set -euo pipefail
cd "$(dirname "$0")/.."
risks=${1:-100000}
docs=${2:-5000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --release --quiet --bin ismslint --example synth
./target/release/examples/synth "$out/synth" --risks "$risks" --documents "$docs"
bin=./target/release/ismslint
for tree in fixtures/repos/clean "$out/synth"; do
  echo "== $tree"
  hyperfine -N -w 2 -r 10 "$bin $tree --isolated --format concise --exit-zero" "rg -c . $tree"
  /usr/bin/time -f "ismslint peak RSS: %M KB, wall %e s" "$bin" "$tree" --isolated --format concise --exit-zero >/dev/null
done
if [[ ${SCALING:-0} == 1 ]]; then
  echo "== scaling"
  cargo run --release --quiet --example scaling
fi
