#!/usr/bin/env bash
# Rebuilds src/OfflineRepair.Registry/Names/upcase.bin.gz: the 64K-entry UTF-16 uppercase table that
# Windows uses to compare registry key names. mkntfs writes the same table as a fresh volume's
# $UpCase file (MFT record 10); ntfscat reads it back. Needs ntfs-3g (mkntfs, ntfscat).
# Stored as gzip of 65536 little-endian deltas (upper - code unit, mod 65536).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
truncate -s 16M "$work/volume.img"
mkntfs -q -F -f "$work/volume.img" >/dev/null 2>&1
ntfscat -i 10 "$work/volume.img" > "$work/upcase.bin"
sum=$(md5sum "$work/upcase.bin" | cut -d' ' -f1)
if [ "$sum" != 7ff498a44e45e77374cc7c962b1b92f2 ]; then
  echo "unexpected \$UpCase table (md5 $sum)" >&2
  exit 1
fi
# Store each entry as (upper - code unit) mod 65536: almost all zero, so it compresses to a few KiB.
/usr/bin/python3 - "$work/upcase.bin" "$work/deltas.bin" <<'PY'
import struct, sys
table = struct.unpack("<65536H", open(sys.argv[1], "rb").read())
open(sys.argv[2], "wb").write(struct.pack("<65536H", *[(u - i) & 0xFFFF for i, u in enumerate(table)]))
PY
gzip -9 -n -c "$work/deltas.bin" > "$here/src/OfflineRepair.Registry/Names/upcase.bin.gz"
echo "wrote src/OfflineRepair.Registry/Names/upcase.bin.gz ($sum)"
