#!/usr/bin/env bash
# Times `praxis build` on synthetic guides of 1,000 and 10,000 pages (median of runs:
# wall, CPU, peak memory) next to the parse floor (pulldown-cmark alone), and Hugo on
# the same corpus when `hugo` is installed.      benches/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet --bin praxis --example parse_floor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in 1000 10000; do
  python3 benches/generate.py "$n" "$work/g$n" --hugo "$work/h$n"
  walls=(); cpus=(); mems=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" target/release/praxis build --root "$work/g$n" --output "$work/out$n" 2>/dev/null
    read -r wall user sys mem <"$work/time"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); mems+=("$mem")
  done
  floors=()
  for _ in $(seq "$runs"); do
    floors+=("$(target/release/examples/parse_floor "$work/g$n/content" | awk '{print $(NF-1)}')")
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  mem=$(printf '%s\n' "${mems[@]}" | median)
  floor=$(printf '%s\n' "${floors[@]}" | median)
  echo "N=$n praxis build: wall ${wall}s, cpu ${cpu}s, peak $((mem / 1024)) MiB; parse floor ${floor} ms; ratio $(echo "scale=1; $wall * 1000 / $floor" | bc)x"
  if command -v hugo >/dev/null; then
    /usr/bin/time -o "$work/time" -f "%e" hugo --quiet -s "$work/h$n" -d "$work/hout$n" >/dev/null 2>&1
    hw=$(cat "$work/time")
    echo "N=$n hugo: wall ${hw}s; praxis/hugo $(echo "scale=2; $wall / $hw" | bc)"
  fi
done
