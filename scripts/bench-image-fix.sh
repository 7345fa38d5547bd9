#!/usr/bin/env bash
# Measures a real `fix --all` written into a 127 GiB fixed VHD (the size of an Azure OS disk): wall
# time, peak memory, and bytes read from and written to the image file; then the same SYSTEM edits
# made by `virt-win-reg --merge` (libguestfs) on a copy of the same disk, for comparison.
# The disk is the Gen1 fixture (testdata/images/gen1.img.xz) plus a small SOFTWARE hive and a
# stand-in cmd.exe (libguestfs recognises Windows by them), written at the start of a sparse 127 GiB file with a fixed-VHD footer.
# Goal: under 1 s, under 64 MiB read, at least 100 times faster than virt-win-reg.
#
#   scripts/bench-image-fix.sh [RUNS]
#
# Needs: dotnet, qemu-img (qemu-utils), xz-utils, ntfs-3g, libhivex-bin, and for the comparison
# libguestfs-tools (skipped with a message when missing). Where KVM cannot start a guest, libguestfs
# is told to use software emulation (LIBGUESTFS_BACKEND_SETTINGS=force_tcg), as here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xz -dc "$here/testdata/images/gen1.img.xz" > "$work/gen1.img"
xz -dc "$here/testdata/sample/BCD.xz" > "$work/SOFTWARE"
cat > "$work/software.reg" <<'REG'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Windows Server 2019 Datacenter"
"CurrentVersion"="6.3"
"CurrentBuild"="17763"
"CurrentBuildNumber"="17763"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentMinorVersionNumber"=dword:00000000
"InstallationType"="Server"
"EditionID"="ServerDatacenter"
REG
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$work/SOFTWARE" "$work/software.reg"
start=$(sfdisk -J "$work/gen1.img" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][1]["start"])')
size=$(sfdisk -J "$work/gen1.img" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][1]["size"])')
dd if="$work/gen1.img" of="$work/windows.ntfs" bs=512 skip="$start" count="$size" status=none
ntfscp -f -q "$work/windows.ntfs" "$work/SOFTWARE" Windows/System32/config/SOFTWARE
# libguestfs takes a folder for Windows' system root when System32 holds config\ and cmd.exe, and
# reads the architecture from cmd.exe's PE header: a bare x86-64 console PE header is enough.
python3 - "$work/cmd.exe" <<'PE'
import struct, sys
image = bytearray(1024)
image[0:2] = b"MZ"
struct.pack_into("<I", image, 0x3C, 0x80)
image[0x80:0x84] = b"PE\0\0"
struct.pack_into("<HHIIIHH", image, 0x84, 0x8664, 0, 0, 0, 0, 0xF0, 0x22)
struct.pack_into("<H", image, 0x98, 0x20B)
struct.pack_into("<H", image, 0x98 + 68, 3)
open(sys.argv[1], "wb").write(image)
PE
ntfscp -f -q "$work/windows.ntfs" "$work/cmd.exe" Windows/System32/cmd.exe
dd if="$work/windows.ntfs" of="$work/gen1.img" bs=512 seek="$start" conv=notrunc status=none

qemu-img create -q -f vpc -o subformat=fixed,force_size=on "$work/pristine.vhd" 127G
dd if="$work/gen1.img" of="$work/pristine.vhd" bs=1M conv=notrunc,sparse status=none
echo "image: $(du -h --apparent-size "$work/pristine.vhd" | cut -f1) apparent, $(du -h "$work/pristine.vhd" | cut -f1) on disk"

dotnet build "$here/benchmarks/OfflineRepair.Benchmarks" -c Release --nologo -v quiet
bench="$here/benchmarks/OfflineRepair.Benchmarks/bin/Release/net10.0/OfflineRepair.Benchmarks.dll"
dotnet publish "$here/src/OfflineRepair.Cli" -c Release -r linux-x64 --self-contained false -o "$work/cli" --nologo -v quiet

# Bytes read and written, counted through a wrapping stream (one run: they are the same every time).
cp --sparse=always "$work/pristine.vhd" "$work/ours.vhd"
echo "offline-repair, in process:"
dotnet "$bench" image-fix "$work/ours.vhd" "$work/backup" "$work/edits.reg"

# The command a user runs (ReadyToRun build), whole process: every repair of --all (SYSTEM, BCD and
# the MachineKeys permissions), and the SYSTEM repairs alone (the edits virt-win-reg makes below).
for repairs in "--all" "tls nla crash-dump"; do
  for run in $(seq "$runs"); do
    cp --sparse=always "$work/pristine.vhd" "$work/ours.vhd"
    rm -rf "$work/backup"
    # shellcheck disable=SC2086 # the repair names are separate words
    /usr/bin/time -f "offline-repair fix $repairs, run $run: %e s wall, %M KiB peak RSS" \
      "$work/cli/offline-repair" fix "$work/ours.vhd" $repairs --backup-dir "$work/backup" > /dev/null 2> "$work/stderr" \
      || { cat "$work/stderr"; exit 1; }
    tail -1 "$work/stderr"
  done
done

if ! command -v virt-win-reg > /dev/null; then
  echo "virt-win-reg not found (Debian package libguestfs-tools): no comparison"
  exit 0
fi

export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}
echo "virt-win-reg --merge of the same $(grep -c '^"' "$work/edits.reg") SYSTEM values ($(grep -c '^\[' "$work/edits.reg") sections):"
for run in $(seq "$runs"); do
  cp --sparse=always "$work/pristine.vhd" "$work/guestfs.vhd"
  /usr/bin/time -f "  run $run: %e s wall, %M KiB peak RSS (this process; the appliance runs in qemu)" \
    virt-win-reg --merge --format=vpc "$work/guestfs.vhd" "$work/edits.reg"
done
echo "values as virt-win-reg left them (last section):"
virt-win-reg --format=vpc "$work/guestfs.vhd" "$(grep '^\[' "$work/edits.reg" | tail -1 | tr -d '[]\r' | sed 's/HKEY_LOCAL_MACHINE/HKLM/')" | head -5 || true
