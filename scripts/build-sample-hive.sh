#!/usr/bin/env bash
# Rebuilds the sample hives of testdata/sample from their values files:
#   SYSTEM.xz: a small SYSTEM-like hive (root "ROOT", regf 1.5) holding SYSTEM.values.tsv, i.e. a VM
#              in the broken state the RDP "internal error" repairs fix;
#   SOFTWARE.xz: a small SOFTWARE-like hive (root "ROOT", regf 1.5) holding SOFTWARE.values.tsv: the
#              Windows version (Server 2019, build 17763) and the MachineGuid naming the RDP key file;
#   BCD.xz:    a small BCD store (root "NewStoreRoot", regf 1.3 as bcdedit's stores) holding
#              BCD.values.tsv: {bootmgr} with its default loader, the loader, {emssettings},
#              {globalsettings}, with the serial console off.
# Usage: scripts/build-sample-hive.sh [SYSTEM|SOFTWARE|BCD]   (all three when no name is given)
#
# Made by our own engine (scripts/SampleHiveBuilder: EmptyHive.Create, then RegistryKey.SetValue,
# then Hive.Commit, with a fixed clock so the bytes are the same on every run), then CHECKED by an
# independent reader: python3-hivex must see exactly the keys and values of the .tsv file, no more,
# no less, and hivexml must read the whole hive. Any difference fails the script and leaves the
# fixture untouched.
#
# Needs: dotnet, libhivex-bin (hivexml), python3-hivex (Debian's /usr/bin/python3), xz-utils.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  "$0" SYSTEM
  "$0" SOFTWARE
  exec "$0" BCD
fi
name=$1
case "$name" in
  SYSTEM|SOFTWARE) root=ROOT; minor=5 ;;
  BCD) root=NewStoreRoot; minor=3 ;;
  *) echo "usage: $0 [SYSTEM|SOFTWARE|BCD]" >&2; exit 2 ;;
esac
values="$here/testdata/sample/$name.values.tsv"
target="$here/testdata/sample/$name.xz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet run --project "$here/scripts/SampleHiveBuilder" -c Release -- "$values" "$work/SYSTEM" "$root" "$minor"

# Independent check 1: hivex sees exactly the values file (type and bytes), and the root name.
/usr/bin/python3 - "$work/SYSTEM" "$values" "$root" <<'PY'
import struct, sys
import hivex

hive_path, values_path, root_name = sys.argv[1], sys.argv[2], sys.argv[3]
REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ = 1, 2, 3, 4, 7
types = {"REG_SZ": REG_SZ, "REG_EXPAND_SZ": REG_EXPAND_SZ, "REG_BINARY": REG_BINARY, "REG_DWORD": REG_DWORD, "REG_MULTI_SZ": REG_MULTI_SZ}

def encode(t, data):
    if t == REG_DWORD:
        return struct.pack("<I", int(data))
    if t == REG_BINARY:
        return bytes.fromhex(data)
    if t == REG_MULTI_SZ:
        return "".join(part + "\0" for part in data.split("\\0")).encode("utf-16-le") + b"\0\0"
    return (data + "\0").encode("utf-16-le")

expected_values = {}
expected_keys = {""}
for line in open(values_path, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    key, name, type_name, data = line.split("\t")
    t = types[type_name]
    raw = encode(t, data)
    expected_values[(key.lower(), name.lower())] = (t, raw)
    parts = key.split("\\")
    for i in range(1, len(parts) + 1):
        expected_keys.add("\\".join(parts[:i]).lower())

h = hivex.Hivex(hive_path)
root = h.root()
problems = []
if h.node_name(root) != root_name:
    problems.append(f"root key is named {h.node_name(root)!r}, expected {root_name!r}")

seen_keys, seen_values = set(), {}
stack = [(root, "")]
while stack:
    node, path = stack.pop()
    seen_keys.add(path.lower())
    for v in h.node_values(node):
        seen_values[(path.lower(), h.value_key(v).lower())] = h.value_value(v)
    for child in h.node_children(node):
        name = h.node_name(child)
        stack.append((child, name if not path else path + "\\" + name))

for k in sorted(expected_keys ^ seen_keys):
    problems.append(f"key {k!r} is {'missing' if k in expected_keys else 'unexpected'}")
for k in sorted(set(expected_values) | set(seen_values)):
    if k not in seen_values:
        problems.append(f"value {k} is missing")
    elif k not in expected_values:
        problems.append(f"value {k} is unexpected")
    elif seen_values[k] != expected_values[k]:
        problems.append(f"value {k} is {seen_values[k]!r}, expected {expected_values[k]!r}")

if problems:
    print("hivex disagrees with " + values_path + ":", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"hivex check: {len(seen_keys)} keys and {len(seen_values)} values as expected")
PY

# Independent check 2: hivexml walks and decodes the whole hive without complaint.
hivexml "$work/SYSTEM" > /dev/null

echo "hive md5: $(md5sum "$work/SYSTEM" | cut -d' ' -f1) ($(stat -c %s "$work/SYSTEM") bytes)"
# -T1: single-threaded xz, whose output is the same on every run for the same input.
xz -9e -T1 -c "$work/SYSTEM" > "$target.partial"
mv "$target.partial" "$target"
echo "wrote testdata/sample/$name.xz"
