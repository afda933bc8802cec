#!/usr/bin/env python3
"""Compares the sidecar an object carries with the sidecar file beside it.

    embedded_sidecar.py SECTION_DUMP SIDECAR_FILE

SECTION_DUMP is the object's .credtaint.sidecar section (objcopy
--dump-section): sidecar documents, each ending with a NUL byte. It must
hold exactly one document, with the same findings as SIDECAR_FILE and no
object path (a cached object may be restored under another name). Prints
"embedded: N findings, same as the file" or fails saying what differs.
"""
import json
import sys


def main():
    dump, sidecar = sys.argv[1:3]
    with open(dump, "rb") as f:
        raw = f.read()
    docs = [d for d in raw.split(b"\0") if d]
    if not raw.endswith(b"\0") or len(docs) != 1:
        sys.exit(f"expected one NUL-terminated document, got {len(docs)}")
    embedded = json.loads(docs[0])
    with open(sidecar, encoding="utf-8") as f:
        beside = json.load(f)
    if "object" in embedded:
        sys.exit("the embedded document names an object path")
    if embedded.get("version") != beside.get("version"):
        sys.exit("versions differ")
    if embedded["findings"] != beside["findings"]:
        sys.exit("findings differ")
    print(f"embedded: {len(embedded['findings'])} findings, same as the file")


if __name__ == "__main__":
    main()
