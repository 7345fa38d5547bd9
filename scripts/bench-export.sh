#!/usr/bin/env bash
# Times a whole-hive export as whole processes, ours against hivex's, on the corpus's 12 MB SYSTEM
# hive (regipy/SYSTEM.xz: about 30,800 keys and 73,500 values):
#   offline-repair reg export SYSTEM -   (.reg text to stdout)
#   hivexml SYSTEM                       (XML to stdout)
# both to /dev/null, RUNS runs each (default 5), and prints each one's median wall time and the
# largest max RSS. Process start-up is included on purpose: it is what a user waits for.
#
#   scripts/bench-export.sh [RUNS]
#
# Needs: dotnet, libhivex-bin (hivexml), xz-utils, time (/usr/bin/time). Uses hyperfine for the
# timings when it is installed (apt-get install -y hyperfine); max RSS always comes from /usr/bin/time.
# Run it on a quiet machine: other builds running at the same time change the figures.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
shared=${OFFLINEREPAIR_SHARED:-$here/../shared}
source="$shared/corpus/regipy/SYSTEM.xz"
[ -f "$source" ] || { echo "corpus file not found: $source (set OFFLINEREPAIR_SHARED)" >&2; exit 1; }
command -v hivexml >/dev/null || { echo "hivexml not found: apt-get install -y libhivex-bin" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$here/src/OfflineRepair.Cli" -c Release -r linux-x64 --self-contained false -o "$work/cli" --nologo -v quiet
cli="$work/cli/offline-repair"
xz -dc "$source" > "$work/SYSTEM"
cd "$work"

ours="$cli reg export SYSTEM -"
theirs="hivexml SYSTEM"
# Both must succeed before they are timed.
for cmd in "$ours" "$theirs"; do
  if ! sh -c "$cmd" > out.txt 2> err.txt; then
    echo "failed: $cmd" >&2
    cat err.txt >&2
    exit 1
  fi
  echo "${cmd#"$work/cli/"}: $(wc -c < out.txt) bytes of output"
done

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$runs" --export-json hyperfine.json \
    -n "offline-repair reg export" "$ours > /dev/null" \
    -n "hivexml" "$theirs > /dev/null"
fi

# name, command: runs it RUNS times under /usr/bin/time; prints median wall time and max RSS.
measure() {
  local name=$1 cmd=$2 i
  : > times.txt
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %M" -a -o times.txt sh -c "$cmd > /dev/null 2> /dev/null"
  done
  local median rss
  median=$(cut -d' ' -f1 times.txt | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  rss=$(cut -d' ' -f2 times.txt | sort -g | tail -1)
  printf '%-28s %8s s %10s KiB\n' "$name" "$median" "$rss"
}

echo
echo "whole process, $runs runs each        median wall     max RSS"
measure "offline-repair reg export" "$ours"
measure "hivexml" "$theirs"
