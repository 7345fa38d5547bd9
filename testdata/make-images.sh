#!/usr/bin/env bash
# Builds the disk-image fixtures of testdata/images from independent tools, the way Azure lays out
# a Windows OS disk:
#   gen1.img         MBR: active "System Reserved" NTFS (\Boot\BCD) + "Windows" NTFS
#   gen1-single.img  MBR: one active NTFS holding both \Boot\BCD and \Windows
#   gen2.img         GPT: FAT32 EFI System Partition (\EFI\Microsoft\Boot\BCD), MSR, "Windows" NTFS
# Each Windows volume holds the sample SYSTEM and SOFTWARE hives in Windows\System32\config, the
# sample BCD (all built by scripts/build-sample-hive.sh and checked by hivex), files of varied sizes,
# names in several letter cases, a fragmented file, a folder with enough entries to need
# $INDEX_ALLOCATION, a canary file, and MachineKeys key files whose folder and files were given
# wrong owners and DACLs through ntfs-3g's system.ntfs_acl attribute (the broken state the
# machine-keys repair fixes; the descriptors are packed below by hand, see wrong_permissions). qemu-img then converts each disk to a fixed VHD, a
# dynamic VHD and a VHDX. Everything is stored xz-compressed (the disks are mostly zeros).
#
# Tools: sfdisk (fdisk), sgdisk (gdisk), mkntfs + ntfs-3g (FUSE mount: run as root), mkfs.fat +
# mtools (dosfstools, mtools), qemu-img (qemu-utils), xz. NTFS and FAT volumes are made as separate
# files, filled, checked (ntfsfix -n, fsck.fat -n), then copied into the disk at their offsets.
# mkntfs and ntfs-3g write volume serials and times of their own, so a rebuild gives other bytes
# with the same content; tests compare with the tools' view of the committed files, never hashes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/testdata/images"
work=$(mktemp -d)
cleanup() {
  if mountpoint -q "$work/mnt" 2>/dev/null; then umount "$work/mnt" || umount -l "$work/mnt"; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out" "$work/mnt"

for tool in sfdisk sgdisk mkntfs ntfs-3g ntfsfix mkfs.fat fsck.fat mcopy mmd qemu-img xz setfattr; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

xz -dc "$here/testdata/sample/SYSTEM.xz" > "$work/SYSTEM"
xz -dc "$here/testdata/sample/SOFTWARE.xz" > "$work/SOFTWARE"
xz -dc "$here/testdata/sample/BCD.xz" > "$work/BCD"

# A self-relative security descriptor as 0x-hex for setfattr, packed from OWNER GROUP PROTECTED
# then ACEs TYPE:FLAGS:MASK:SID (TYPE 0 allow, 1 deny; FLAGS 0x10 = inherited). Layout as Windows
# writes it: DACL at 20, then owner, then group.
descriptor() {
  /usr/bin/python3 - "$@" <<'PY'
import struct, sys

def sid(text):
    parts = text.split("-")
    subs = [int(x) for x in parts[3:]]
    return struct.pack("<BB", 1, len(subs)) + int(parts[2]).to_bytes(6, "big") + b"".join(struct.pack("<I", x) for x in subs)

owner, group, protected, *aces = sys.argv[1:]
body = b""
for spec in aces:
    kind, flags, mask, who = spec.split(":")
    s = sid(who)
    body += struct.pack("<BBHI", int(kind), int(flags, 0), 8 + len(s), int(mask, 0)) + s
acl = struct.pack("<BBHHH", 2, 0, 8 + len(body), len(aces), 0) + body
control = 0x8000 | 0x0004 | (0x1000 if protected == "1" else 0)
o, g = sid(owner), sid(group)
print("0x" + (struct.pack("<BBHIIII", 1, 0, control, 20 + len(acl), 20 + len(acl) + len(o), 0, 20) + acl + o + g).hex())
PY
}

# Deterministic, compressible file contents: a line counter repeated to the size asked.
pattern() { # SIZE TAG
  awk -v size="$1" -v tag="$2" 'BEGIN { n = 0; while (n < size) { line = sprintf("%s line %08d\n", tag, n); if (n + length(line) > size) line = substr(line, 1, size - n); printf "%s", line; n += length(line) } }'
}

# NTFS volume file: SIZE_MIB LABEL START_SECTOR CONTENT_FUNCTION
make_ntfs() {
  local file=$1 size=$2 label=$3 start=$4 fill=$5
  truncate -s "${size}M" "$file"
  mkntfs -F -f -q -L "$label" -p "$start" -H 255 -S 63 "$file" >/dev/null 2>&1
  ntfs-3g "$file" "$work/mnt"
  "$fill" "$work/mnt"
  umount "$work/mnt"
  ntfsfix -n "$file" >/dev/null
}

fill_boot() { # a System Reserved volume: the boot store only
  mkdir -p "$1/Boot"
  cp "$work/BCD" "$1/Boot/BCD"
}

fill_windows() {
  local root=$1
  mkdir -p "$root/Windows/System32/config" "$root/Windows/WinSxS" "$root/ProgramData/Microsoft/Crypto/RSA/MachineKeys" "$root/Users/Public/Documents"
  cp "$work/SYSTEM" "$root/Windows/System32/config/SYSTEM"
  pattern 4096 canary > "$root/canary.txt"
  pattern 0 empty > "$root/Users/Public/empty.txt"
  pattern 700 small > "$root/Users/Public/Documents/Small.TXT"
  pattern 5000 mixed > "$root/Users/Public/Documents/MiXeD cAsE nAmE.log"
  pattern 3000000 large > "$root/Users/Public/large.bin"
  # Fragmented: two files grown in alternation take interleaved clusters.
  for i in $(seq 1 40); do
    pattern 16384 "fragA$i" >> "$root/Users/Public/fragmented.bin"
    pattern 16384 "fragB$i" >> "$root/Users/Public/interleaved.bin"
    sync
  done
  # Enough entries for a directory index in $INDEX_ALLOCATION, in several letter cases.
  for i in $(seq 1 400); do
    case $((i % 3)) in
      0) name="amd64_component_$i.manifest" ;;
      1) name="AMD64_Component_$i.Manifest" ;;
      2) name="x86_COMPONENT_$i.MANIFEST" ;;
    esac
    pattern $((i * 7)) "m$i" > "$root/Windows/WinSxS/$name"
  done
  cp "$work/SOFTWARE" "$root/Windows/System32/config/SOFTWARE"
  local keys="$root/ProgramData/Microsoft/Crypto/RSA/MachineKeys"
  for guid in 5d1b8e50-7a2a-4c8e-9a3b-1f2e3d4c5b6a 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d; do
    pattern 2048 "key $guid" > "$keys/f686aace6942fb7f7ceb231212eef4a4_$guid"
  done
  pattern 1500 "iis key" > "$keys/c2319c42033a5ca7f44e731bfd3fa2b5_5d1b8e50-7a2a-4c8e-9a3b-1f2e3d4c5b6a"
  wrong_permissions "$keys"
}

# The broken state: a user owns the folder and the RDP key file (the SOFTWARE MachineGuid's), the
# folder lets only that user in, the RDP key file denies NETWORK SERVICE; a second f686... key (an
# old MachineGuid) lacks SYSTEM and holds an inherited entry; a third key is as Windows leaves it.
wrong_permissions() {
  local keys=$1 user=S-1-5-21-1004336348-1177238915-682003330-1001
  setfattr -n system.ntfs_acl -v "$(descriptor "$user" S-1-5-18 1 "0:0:0x1f01ff:$user")" "$keys"
  setfattr -n system.ntfs_acl -v "$(descriptor "$user" S-1-5-18 1 "1:0:0x1f01ff:S-1-5-20" "0:0:0x1f01ff:$user")" \
    "$keys/f686aace6942fb7f7ceb231212eef4a4_5d1b8e50-7a2a-4c8e-9a3b-1f2e3d4c5b6a"
  setfattr -n system.ntfs_acl -v "$(descriptor S-1-5-32-544 S-1-5-18 0 "0:0:0x1f01ff:S-1-5-32-544" "0:0x10:0x120089:S-1-1-0")" \
    "$keys/f686aace6942fb7f7ceb231212eef4a4_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
  setfattr -n system.ntfs_acl -v "$(descriptor S-1-5-18 S-1-5-18 1 "0:0:0x1f01ff:S-1-5-18" "0:0:0x1f01ff:S-1-5-32-544")" \
    "$keys/c2319c42033a5ca7f44e731bfd3fa2b5_5d1b8e50-7a2a-4c8e-9a3b-1f2e3d4c5b6a"
}

fill_single() {
  fill_windows "$1"
  fill_boot "$1"
}

# FAT32 EFI System Partition file: SIZE_MIB
make_esp() {
  local file=$1 size=$2
  truncate -s "${size}M" "$file"
  mkfs.fat -F 32 -S 512 -s 1 -n SYSTEM "$file" >/dev/null
  export MTOOLS_SKIP_CHECK=1
  mmd -i "$file" ::EFI ::EFI/Microsoft ::EFI/Microsoft/Boot ::EFI/Boot
  mcopy -i "$file" "$work/BCD" ::EFI/Microsoft/Boot/BCD
  pattern 1500 bootmgfw > "$work/bootmgfw.efi"
  mcopy -i "$file" "$work/bootmgfw.efi" ::EFI/Microsoft/Boot/bootmgfw.efi
  mcopy -i "$file" "$work/bootmgfw.efi" ::EFI/Boot/bootx64.efi
  fsck.fat -n "$file" >/dev/null
}

place() { # DISK PART_FILE START_SECTOR
  dd if="$2" of="$1" bs=512 seek="$3" conv=notrunc,sparse status=none
}

# Gen1: MBR, active System Reserved (8 MiB) + Windows (40 MiB).
disk="$work/gen1.img"
truncate -s 50M "$disk"
printf 'label: dos\nlabel-id: 0x1a2b3c4d\nstart=2048, size=16384, type=7, bootable\nstart=18432, size=81920, type=7\n' | sfdisk -q "$disk"
make_ntfs "$work/p1" 8 "System Reserved" 2048 fill_boot
make_ntfs "$work/p2" 40 Windows 18432 fill_windows
place "$disk" "$work/p1" 2048
place "$disk" "$work/p2" 18432

# Gen1 single partition: one active NTFS (48 MiB) with the boot store and Windows.
disk="$work/gen1-single.img"
truncate -s 50M "$disk"
printf 'label: dos\nlabel-id: 0x5e6f7a8b\nstart=2048, size=98304, type=7, bootable\n' | sfdisk -q "$disk"
make_ntfs "$work/p1" 48 Windows 2048 fill_single
place "$disk" "$work/p1" 2048

# Gen2: GPT, ESP (40 MiB FAT32), MSR (1 MiB), Windows (40 MiB).
disk="$work/gen2.img"
truncate -s 84M "$disk"
sgdisk -o -U 8b4c2f1e-0d3a-4e5b-9c6d-7e8f9a0b1c2d \
  -n 1:2048:+40M -t 1:ef00 -c "1:EFI system partition" \
  -n 2:0:+1M -t 2:0c01 -c "2:Microsoft reserved partition" \
  -n 3:0:+40M -t 3:0700 -c "3:Basic data partition" "$disk" >/dev/null
esp_start=$(sgdisk -i 1 "$disk" | awk '/First sector/ { print $3 }')
win_start=$(sgdisk -i 3 "$disk" | awk '/First sector/ { print $3 }')
make_esp "$work/esp" 40
make_ntfs "$work/p3" 40 Windows "$win_start" fill_windows
place "$disk" "$work/esp" "$esp_start"
place "$disk" "$work/p3" "$win_start"

for name in gen1 gen1-single gen2; do
  raw="$work/$name.img"
  qemu-img convert -q -f raw -O vpc -o subformat=fixed,force_size=on "$raw" "$work/$name-fixed.vhd"
  qemu-img convert -q -f raw -O vpc -o subformat=dynamic "$raw" "$work/$name-dynamic.vhd"
  qemu-img convert -q -f raw -O vhdx "$raw" "$work/$name.vhdx"
  for file in "$name.img" "$name-fixed.vhd" "$name-dynamic.vhd" "$name.vhdx"; do
    xz -9 -T1 -c "$work/$file" > "$out/$file.xz.partial"
    mv "$out/$file.xz.partial" "$out/$file.xz"
  done
done
ls -l "$out"
