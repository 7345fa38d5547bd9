#!/usr/bin/env bash
# Measures what `inspect` and `fix --all --dry-run` read from a 127 GiB fixed VHD (the size of an
# Azure OS disk): wall time and bytes read from the image file. The image is the Gen1 fixture
# (testdata/images/gen1.img.xz) written at the start of a sparse 127 GiB file whose fixed-VHD footer
# qemu-img makes, so it takes a few MiB of real disk space. Goal: under 1 s and under 64 MiB read.
#
#   scripts/bench-image.sh
#
# Needs: dotnet, qemu-img (qemu-utils), xz-utils, a file system with sparse files.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xz -dc "$here/testdata/images/gen1.img.xz" > "$work/gen1.img"
qemu-img create -q -f vpc -o subformat=fixed,force_size=on "$work/big.vhd" 127G
dd if="$work/gen1.img" of="$work/big.vhd" bs=1M conv=notrunc,sparse status=none
echo "image: $(du -h --apparent-size "$work/big.vhd" | cut -f1) apparent, $(du -h "$work/big.vhd" | cut -f1) on disk"
qemu-img info "$work/big.vhd" | grep -E 'virtual size|file format'

dotnet build "$here/benchmarks/OfflineRepair.Benchmarks" -c Release --nologo -v quiet
bench="$here/benchmarks/OfflineRepair.Benchmarks/bin/Release/net10.0/OfflineRepair.Benchmarks.dll"
for run in 1 2 3; do
  echo "run $run:"
  dotnet "$bench" image-read "$work/big.vhd"
done
