#!/usr/bin/env bash
# Times `praxis build` on synthetic guides of 1,000 and 10,000 pages next to the parse
# floor (pulldown-cmark alone on the same files, one thread; then the same files read and
# rendered on every core, what any generator does before its own work) and Hugo on the
# same corpus when `hugo` is installed; then each stage at both sizes, to show that none
# grows faster than the guide (10× the pages should cost about 10× the time).
#                                                                  benches/run.sh [RUNS]
#
# Two praxis numbers: a first build into an empty folder (every file and folder is
# created), and a rebuild (the usual case: the previous site is there, only changed
# files are written). Medians of RUNS runs: wall, CPU, peak memory. The first builds are
# kept until the end: on ext4, making thousands of files just after deleting thousands
# (within a minute or so) is several times slower, as the kernel looks past every inode
# freed so recently (`recently_deleted` in its profile); a first build would pay for the
# deletion of the one before it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet --bin praxis --example parse_floor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_runs OUT_PREFIX FRESH: runs praxis RUNS times; prints "wall cpu mem" medians.
time_runs() {
  local walls=() cpus=() mems=() out
  for i in $(seq "$runs"); do
    out=$1; [ "$2" = fresh ] && out="$1-$i"
    # The previous run's files go to disk first, so that their writing is not timed here.
    sync
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" target/release/praxis build --root "$work/g$n" --output "$out" 2>/dev/null
    read -r wall user sys mem <"$work/time"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); mems+=("$mem")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $(printf '%s\n' "${mems[@]}" | median)"
}
for n in 1000 10000; do
  python3 benches/generate.py "$n" "$work/g$n" --hugo "$work/h$n" >/dev/null
  floors=() reads=()
  for _ in $(seq "$runs"); do
    target/release/examples/parse_floor "$work/g$n/content" >"$work/floor"
    floors+=("$(awk 'NR == 1 {print $(NF-1)}' "$work/floor")")
    reads+=("$(awk 'NR == 2 {print $(NF-1)}' "$work/floor")")
  done
  floor=$(printf '%s\n' "${floors[@]}" | median)
  read_floor=$(printf '%s\n' "${reads[@]}" | median)
  read -r fwall fcpu fmem <<<"$(time_runs "$work/fresh$n" fresh)"
  # Two builds first, so that the previous generation is there as in everyday use.
  for _ in 1 2; do target/release/praxis build --root "$work/g$n" --output "$work/out$n" 2>/dev/null; done
  read -r wall cpu mem <<<"$(time_runs "$work/out$n" again)"
  echo "N=$n parse floor ${floor} ms (one thread); reading and rendering every page on every core ${read_floor} ms, $(echo "scale=1; $read_floor / $floor" | bc)x the floor"
  echo "N=$n praxis build, empty folder: wall ${fwall}s, cpu ${fcpu}s, peak $((fmem / 1024)) MiB; $(echo "scale=1; $fwall * 1000 / $floor" | bc)x the floor"
  echo "N=$n praxis build, rebuild:      wall ${wall}s, cpu ${cpu}s, peak $((mem / 1024)) MiB; $(echo "scale=1; $wall * 1000 / $floor" | bc)x the floor"
  # Each stage of a rebuild: the median of RUNS runs.
  for _ in $(seq "$runs"); do
    sync
    PRAXIS_TIMINGS=1 target/release/praxis build --root "$work/g$n" --output "$work/out$n" 2>&1 |
      sed -nE 's/^  ([a-z]+( [a-z]+)?) +([0-9.]+) ms.*/\1\t\3/p' >>"$work/runs$n"
  done
  sort -t $'\t' -k1,1 -k2,2n "$work/runs$n" | awk -F'\t' '
    $1 != stage { if (stage != "") print stage "\t" v[int((c + 1) / 2)]; stage = $1; c = 0 }
    { v[++c] = $2 }
    END { print stage "\t" v[int((c + 1) / 2)] }' >"$work/stages$n"
  if command -v hugo >/dev/null; then
    hwalls=()
    for _ in $(seq "$runs"); do
      sync
      /usr/bin/time -o "$work/time" -f "%e" hugo --quiet -s "$work/h$n" -d "$work/hout$n" >/dev/null 2>&1
      hwalls+=("$(cat "$work/time")")
    done
    hw=$(printf '%s\n' "${hwalls[@]}" | median)
    echo "N=$n hugo $(hugo version | awk '{print $2}'): wall ${hw}s; praxis/hugo $(echo "scale=2; $fwall / $hw" | bc) (empty folder), $(echo "scale=2; $wall / $hw" | bc) (rebuild)"
  fi
done
echo "stage times of a rebuild (medians): 1,000 pages → 10,000 pages"
join -t $'\t' <(sort "$work/stages1000") <(sort "$work/stages10000") |
  awk -F'\t' '{printf "  %-14s %8.1f ms → %8.1f ms  (×%.1f)\n", $1, $2, $3, ($2 > 0 ? $3 / $2 : 0)}'
