#!/usr/bin/env bash
# Start-up time of each way to ship offline-repair on linux-x64, as whole processes:
#   offline-repair --version
#   offline-repair inspect gen1-fixed.vhd   (testdata/images/gen1-fixed.vhd.xz unpacked; output to /dev/null)
# for these builds, each published here into a temporary folder:
#   single-file     self-contained single file, untrimmed, ReadyToRun
#                   (profile linux-x64 with -p:PublishTrimmed=false)
#   trimmed         self-contained single file, trimmed, ReadyToRun (profile linux-x64: the release)
#   aot             native AOT (profile linux-x64-aot; skipped without clang)
#   fd-r2r          framework-dependent, ReadyToRun (-r linux-x64 --self-contained false: needs .NET 10)
#   dotnet-run      dotnet run --project src/OfflineRepair.Cli -- (what a developer types; builds first
#                   when the sources changed, so run once untimed first)
# RUNS runs each (default 15) after 3 warm-up runs, with hyperfine (apt-get install -y hyperfine);
# then each one's size and the largest max RSS of 5 inspect runs (/usr/bin/time).
#
#   scripts/bench-startup.sh [RUNS]
#
# Needs: the .NET 10 SDK, xz-utils, hyperfine, time (/usr/bin/time); clang and zlib1g-dev for AOT.
# Run it on a quiet machine: other builds running at the same time change the figures.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-15}
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 1; }
project="$here/src/OfflineRepair.Cli/OfflineRepair.Cli.csproj"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

pub() { dotnet publish "$project" -c Release --nologo -v quiet "$@"; }
pub -p:PublishProfile=linux-x64 -p:PublishTrimmed=false -o "$work/single-file"
pub -p:PublishProfile=linux-x64 -o "$work/trimmed"
if command -v clang >/dev/null; then
  pub -p:PublishProfile=linux-x64-aot -o "$work/aot"
else
  echo "note: clang not found, so no AOT build (apt-get install -y clang zlib1g-dev)" >&2
fi
pub -r linux-x64 --self-contained false -o "$work/fd-r2r"
xz -dc "$here/testdata/images/gen1-fixed.vhd.xz" > "$work/gen1-fixed.vhd"
image="$work/gen1-fixed.vhd"
dotnet build "$project" --nologo -v quiet > /dev/null   # so that dotnet run's first timed run does not build

names=() commands=()
for build in single-file trimmed aot fd-r2r; do
  if [ -x "$work/$build/offline-repair" ]; then
    names+=("$build")
    commands+=("$work/$build/offline-repair")
  fi
done
names+=(dotnet-run)
commands+=("dotnet run --project $project --")

for what in "--version" "inspect $image"; do
  echo "== offline-repair $what"
  args=()
  for i in "${!names[@]}"; do
    args+=(-n "${names[$i]}" "${commands[$i]} $what")
  done
  hyperfine -N --warmup 3 --runs "$runs" --output=null "${args[@]}"
done

echo "== size and max RSS (inspect, largest of 5 runs)"
for i in "${!names[@]}"; do
  name=${names[$i]}
  case "$name" in
    fd-r2r) size="$(du -sb "$work/fd-r2r" | cut -f1) bytes (the folder; needs the .NET 10 runtime)" ;;
    dotnet-run) size="(the SDK and the source tree)" ;;
    *) size="$(stat -c %s "$work/$name/offline-repair") bytes" ;;
  esac
  rss=0
  for _ in 1 2 3 4 5; do
    # shellcheck disable=SC2086 # the command is split into words on purpose
    /usr/bin/time -f %M -o "$work/rss" ${commands[$i]} inspect "$image" > /dev/null 2>&1
    kb=$(tail -1 "$work/rss")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  printf '%-12s %-60s max RSS %d MB\n' "$name" "$size" $((rss / 1024))
done
