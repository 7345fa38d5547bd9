#!/usr/bin/env bash
# Builds the release artifacts into artifacts/ (git-ignored), checks the ones that run here, and
# prints their sizes:
#   artifacts/win-x64/offline-repair.exe          Windows x64: self-contained, single file, trimmed
#   artifacts/linux-x64/offline-repair            Linux x64: the same
#   artifacts/linux-x64-aot/offline-repair        Linux x64 compiled ahead of time to native code
#   artifacts/nupkg/offline-repair.VERSION.nupkg  the dotnet tool (runs where the .NET 10 runtime is)
#   artifacts/symbols/PROFILE/                    what each publish left beside its executable (.pdb, .dbg)
# The executables come from the publish profiles in src/OfflineRepair.Cli/Properties/PublishProfiles
# (win-x64, linux-x64, linux-x64-aot), the tool package from dotnet pack. The checks: each Linux
# executable prints its version, inspects a fixture disk image (testdata/images/gen1-fixed.vhd.xz)
# and plans a fix on it; the Windows one is a PE file; the tool package installs with
# dotnet tool install into a temporary folder and does the same.
#
#   scripts/publish.sh            everything (the AOT build is skipped, with a note, when clang is missing)
#   scripts/publish.sh --no-aot   without the AOT build
#
# Needs: the .NET 10 SDK, xz-utils; for the AOT build clang and zlib1g-dev
# (apt-get install -y clang zlib1g-dev). Takes a few minutes on 2 cores: ReadyToRun compiles the
# trimmed framework into each of the two single-file executables.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
aot=yes
for arg in "$@"; do
  case "$arg" in
    --no-aot) aot=no ;;
    *) echo "usage: scripts/publish.sh [--no-aot]" >&2; exit 2 ;;
  esac
done
if [ "$aot" = yes ] && ! command -v clang >/dev/null; then
  echo "note: clang not found, so no AOT build (apt-get install -y clang zlib1g-dev)" >&2
  aot=no
fi

project="$here/src/OfflineRepair.Cli/OfflineRepair.Cli.csproj"
out="$here/artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

rm -rf "$out/win-x64" "$out/linux-x64" "$out/linux-x64-aot" "$out/nupkg" "$out/symbols"
mkdir -p "$out"

# publish PROFILE EXECUTABLE: the executable alone in artifacts/PROFILE, the rest in artifacts/symbols/PROFILE.
publish() {
  local profile=$1 executable=$2
  echo "== dotnet publish -c Release -p:PublishProfile=$profile"
  dotnet publish "$project" -c Release -p:PublishProfile="$profile" -o "$work/$profile" --nologo
  mkdir -p "$out/$profile"
  mv "$work/$profile/$executable" "$out/$profile/"
  if [ -n "$(ls -A "$work/$profile")" ]; then
    mkdir -p "$out/symbols/$profile"
    mv "$work/$profile"/* "$out/symbols/$profile/"
  fi
}

publish win-x64 offline-repair.exe
publish linux-x64 offline-repair
if [ "$aot" = yes ]; then
  publish linux-x64-aot offline-repair
fi
echo "== dotnet pack -c Release"
dotnet pack "$project" -c Release -o "$out/nupkg" --nologo
version=$(dotnet msbuild "$project" -getProperty:Version)

echo "== checks"
xz -dc "$here/testdata/images/gen1-fixed.vhd.xz" > "$work/gen1-fixed.vhd"
# check NAME COMMAND...: --version, inspect and fix --all --dry-run on the fixture image.
check() {
  local name=$1
  shift
  local line
  line=$("$@" --version)
  case "$line" in
    "offline-repair $version (commit "*")") ;;
    *) echo "$name: --version printed '$line'" >&2; exit 1 ;;
  esac
  "$@" inspect "$work/gen1-fixed.vhd" > "$work/inspect.txt" 2>&1 || { cat "$work/inspect.txt" >&2; echo "$name: inspect failed" >&2; exit 1; }
  grep -q "partition table: MBR" "$work/inspect.txt" || { echo "$name: inspect did not show the disk" >&2; exit 1; }
  "$@" fix "$work/gen1-fixed.vhd" --all --dry-run > "$work/plan.txt" 2>&1 || { cat "$work/plan.txt" >&2; echo "$name: fix --dry-run failed" >&2; exit 1; }
  grep -q "dry run: nothing written" "$work/plan.txt" || { echo "$name: fix --dry-run printed no plan" >&2; exit 1; }
  echo "$name: ok ($line)"
}
check linux-x64 "$out/linux-x64/offline-repair"
if [ "$aot" = yes ]; then
  check linux-x64-aot "$out/linux-x64-aot/offline-repair"
fi
[ "$(head -c 2 "$out/win-x64/offline-repair.exe")" = MZ ] || { echo "win-x64: offline-repair.exe is not a Windows executable" >&2; exit 1; }
echo "win-x64: a Windows executable (not run here)"
dotnet tool install --tool-path "$work/tool" --add-source "$out/nupkg" --version "$version" offline-repair > /dev/null
check "dotnet tool" "$work/tool/offline-repair"

echo "== sizes"
cd "$here"
for file in artifacts/win-x64/offline-repair.exe artifacts/linux-x64/offline-repair artifacts/linux-x64-aot/offline-repair "artifacts/nupkg/offline-repair.$version.nupkg"; do
  if [ -f "$file" ]; then
    bytes=$(stat -c %s "$file")
    printf '%-46s %10d bytes  %s\n' "$file" "$bytes" "$(numfmt --to=iec-i --suffix=B "$bytes")"
  fi
done
