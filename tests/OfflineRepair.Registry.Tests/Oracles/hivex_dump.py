#!/usr/bin/python3
"""Dumps a whole hive with libguestfs' hivex (Debian python3-hivex), the oracle our reader is compared with.

Usage: hivex_dump.py HIVE [HIVE...]   (each dump is preceded by a line "F <index>")

One line per key and per value, keys parent first (pre-order), children and values in the order
hivex returns them (stored order):

    R <root name>
    K <path>
    V <path> <value name> <type> <data>

Every name is the hex of its UTF-16LE code units (so NUL, backslash, tab, non-Latin-1 survive);
<path> is the key's names from below the root, each hex-encoded, joined with '\\' ('' for the
root). <type> is the raw type number in decimal. <data> is "<length>:<hex>" for data of 64 bytes
or less and "<length>#<sha256 hex>" above. Exit code 0 on success; on any hivex error the error is
printed to stderr and the exit code is 2.
"""

import hashlib
import sys

import hivex

INLINE_DATA_LIMIT = 64


def enc(name):
    return name.encode("utf-16-le", "surrogatepass").hex()


def data_text(data):
    if len(data) <= INLINE_DATA_LIMIT:
        return "%d:%s" % (len(data), data.hex())
    return "%d#%s" % (len(data), hashlib.sha256(data).hexdigest())


def dump(path, out):
    h = hivex.Hivex(path)
    root = h.root()
    out.append("R " + enc(h.node_name(root)))
    stack = [(root, "")]
    while stack:
        node, key_path = stack.pop()
        out.append("K " + key_path)
        for value in h.node_values(node):
            name = h.value_key(value)
            value_type, data = h.value_value(value)
            out.append("V %s %s %d %s" % (key_path, enc(name), value_type, data_text(data)))
        children = h.node_children(node)
        prefix = key_path + "\\" if key_path else ""
        for child in reversed(children):
            stack.append((child, prefix + enc(h.node_name(child))))


def main(paths):
    lines = []
    for index, path in enumerate(paths):
        if len(paths) > 1:
            lines.append("F %d" % index)
        dump(path, lines)
    sys.stdout.write("\n".join(lines))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as error:  # hivex raises RuntimeError with errno text on a damaged hive
        sys.stderr.write("hivex: %s: %s\n" % (type(error).__name__, error))
        sys.exit(2)
