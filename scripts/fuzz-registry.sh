#!/usr/bin/env bash
# Fuzzes the hive engine (src/OfflineRepair.Registry) with AFL++ through SharpFuzz.
#
#   scripts/fuzz-registry.sh [SECONDS] [OUT_DIR]
#
# SECONDS: how long afl-fuzz runs (default 3600; 0 = until Ctrl-C). A minute is a smoke test that
#   the harness and the instrumentation work; give it hours (overnight, or after every change to the
#   parser: Format/, Cells/, Storage/, Tree/) before trusting it, and stop when afl-fuzz's
#   "last new find" has been hours ago.
# OUT_DIR: working folder (default ${TMPDIR:-/tmp}/offline-repair-fuzz, outside the repository), with
#   bin/ (the published, instrumented harness), seeds/, tools/ (sharpfuzz) and findings/ (afl-fuzz's
#   output). A second run with the same OUT_DIR resumes the findings (AFL_AUTORESUME).
#
# What it does:
#   1. installs the sharpfuzz tool (NuGet SharpFuzz.CommandLine 2.3.0) into OUT_DIR/tools;
#   2. publishes fuzz/OfflineRepair.Registry.Fuzz in Release; its copy of OfflineRepair.Registry.dll
#      is then instrumented (only that assembly: the harness and the runtime are not);
#   3. seeds from small real hives: the sample SYSTEM (testdata/), and from the shared corpus
#      (../shared/corpus, or $OFFLINEREPAIR_SHARED/corpus) hivex/special, regipy/BCD and
#      regipy/SECURITY (dirty), museum/Win11/BCD-Template; they are copied to OUT_DIR, never to the repo;
#   4. replays the seeds through the harness before instrumenting (they must all pass), then
#      instruments and runs afl-fuzz.
#
# Needs: dotnet, AFL++ (Debian: apt-get install -y afl++), xz-utils.
# A finding is an input in OUT_DIR/findings/default/crashes/ (an exception other than
# HiveFormatException/DirtyHiveException) or .../hangs/ (over the 10 s time-out). Reproduce one with
#   dotnet run --project fuzz/OfflineRepair.Registry.Fuzz -c Release -- --replay FILE
# which prints the exception and its stack trace (use this uninstrumented build: the instrumented
# one in OUT_DIR/bin only runs under afl-fuzz); add the file as a regression test.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-3600}
out=${2:-${TMPDIR:-/tmp}/offline-repair-fuzz}
shared=${OFFLINEREPAIR_SHARED:-$here/../shared}
corpus="$shared/corpus"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 1; }
[ -d "$corpus" ] || { echo "shared corpus not found at $corpus (set OFFLINEREPAIR_SHARED)" >&2; exit 1; }
mkdir -p "$out/tools" "$out/seeds" "$out/findings"

# 1. sharpfuzz
if [ ! -x "$out/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools"
fi

# 2. harness
rm -rf "$out/bin"
dotnet publish "$here/fuzz/OfflineRepair.Registry.Fuzz" -c Release -o "$out/bin" --nologo -v quiet

# 3. seeds (AFL++ works best with few, small inputs)
rm -f "$out/seeds"/*
xz -dc "$here/testdata/sample/SYSTEM.xz" > "$out/seeds/sample-SYSTEM"
cp "$corpus/hivex/special" "$out/seeds/hivex-special"
xz -dc "$corpus/regipy/BCD.xz" > "$out/seeds/regipy-BCD"
xz -dc "$corpus/regipy/SECURITY.xz" > "$out/seeds/regipy-SECURITY"
cp "$corpus/museum/Win11/BCD-Template" "$out/seeds/win11-BCD-Template"
chmod u+w "$out/seeds"/*

# 4. seeds must pass the uninstrumented harness; then instrument the engine and fuzz
dotnet "$out/bin/OfflineRepair.Registry.Fuzz.dll" --replay "$out/seeds"/*
"$out/tools/sharpfuzz" "$out/bin/OfflineRepair.Registry.dll"

# The target binary is dotnet, which has no AFL instrumentation of its own (SharpFuzz supplies the
# coverage map): hence AFL_SKIP_BIN_CHECK. The CPU-frequency, core-pattern and affinity settings of
# a shared machine are left alone.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_AUTORESUME=1
[ -t 1 ] || export AFL_NO_UI=1
limit=()
[ "$seconds" -gt 0 ] && limit=(-V "$seconds")
set +e
afl-fuzz -i "$out/seeds" -o "$out/findings" -t 10000 -m none "${limit[@]}" \
  -- dotnet "$out/bin/OfflineRepair.Registry.Fuzz.dll"
status=$?
set -e

stats="$out/findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg) ' "$stats" || true
fi
crashes=$(find "$out/findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$out/findings/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "afl-fuzz exit $status: $crashes crash(es), $hangs hang(s) in $out/findings/default"
[ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]
