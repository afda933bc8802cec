#!/usr/bin/env python3
"""Checks the JSONL records a stress test left in a log directory.

Every line of every credtaint.*.jsonl file must be one JSON object (a record
cut or interleaved by concurrent writers would not parse), every finding
fingerprint must appear once per file (in-process deduplication), and no
line may hold the raw secret (or a prefix all the test's secrets share).
Prints "files=N records=M distinct=D" for FileCheck.
"""
import argparse
import glob
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log_dir")
    ap.add_argument("--secret", action="append", default=[],
                    help="text no record may contain (repeatable)")
    ap.add_argument("--secret-hex", action="append", default=[],
                    help="bytes, in hex, no record may contain (repeatable)")
    args = ap.parse_args()
    needles = [s.encode() for s in args.secret] + \
        [bytes.fromhex(h) for h in args.secret_hex]
    files = sorted(glob.glob(os.path.join(args.log_dir, "credtaint.*.jsonl")))
    records, distinct, errors = 0, set(), []
    for path in files:
        seen = set()
        with open(path, "rb") as fh:
            data = fh.read()
        for s in needles:
            if s in data:
                errors.append(f"{os.path.basename(path)}: holds a raw secret")
        for n, line in enumerate(data.split(b"\n")[:-1], 1):
            try:
                rec = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                errors.append(f"{os.path.basename(path)}:{n}: not a JSON line ({e.__class__.__name__})")
                continue
            if not isinstance(rec, dict) or "rule" not in rec:
                errors.append(f"{os.path.basename(path)}:{n}: not a record")
                continue
            fp = rec.get("fingerprint")
            if fp in seen:
                errors.append(f"{os.path.basename(path)}:{n}: finding {fp} recorded twice")
            seen.add(fp)
            distinct.add(fp)
            records += 1
        if data and not data.endswith(b"\n"):
            errors.append(f"{os.path.basename(path)}: last record not terminated")
    for e in errors[:20]:
        print("error: " + e, file=sys.stderr)
    print(f"files={len(files)} records={records} distinct={len(distinct)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
