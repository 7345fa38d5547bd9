#!/usr/bin/env bash
# Rebuilds testdata/sample/SYSTEM.xz: a small SYSTEM-like hive (root "ROOT", regf 1.5) holding the
# values listed in testdata/sample/SYSTEM.values.tsv, i.e. a VM in the broken state the RDP
# "internal error" repairs fix.
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
values="$here/testdata/sample/SYSTEM.values.tsv"
target="$here/testdata/sample/SYSTEM.xz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet run --project "$here/scripts/SampleHiveBuilder" -c Release -- "$values" "$work/SYSTEM" ROOT

# Independent check 1: hivex sees exactly the values file (type and bytes), and the root name.
/usr/bin/python3 - "$work/SYSTEM" "$values" <<'PY'
import struct, sys
import hivex

hive_path, values_path = sys.argv[1], sys.argv[2]
REG_SZ, REG_EXPAND_SZ, REG_DWORD = 1, 2, 4
types = {"REG_SZ": REG_SZ, "REG_EXPAND_SZ": REG_EXPAND_SZ, "REG_DWORD": REG_DWORD}

expected_values = {}
expected_keys = {""}
for line in open(values_path, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    key, name, type_name, data = line.split("\t")
    t = types[type_name]
    raw = struct.pack("<I", int(data)) if t == REG_DWORD else (data + "\0").encode("utf-16-le")
    expected_values[(key.lower(), name.lower())] = (t, raw)
    parts = key.split("\\")
    for i in range(1, len(parts) + 1):
        expected_keys.add("\\".join(parts[:i]).lower())

h = hivex.Hivex(hive_path)
root = h.root()
problems = []
if h.node_name(root) != "ROOT":
    problems.append(f"root key is named {h.node_name(root)!r}, expected 'ROOT'")

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
echo "wrote testdata/sample/SYSTEM.xz"
