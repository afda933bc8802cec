#!/usr/bin/env python3
"""Prints, for each test the last ctest run of a build directory failed,
the end of its output: lit's failure blocks for a lit suite, else the last
lines. .ci/test calls it after a failed ctest and again in its summary, so
the reason for a red run is at the end of the CI log, not 20 000 lines up.

  python3 .ci/failure-digest.py BUILD_DIR [--lines N]
"""
import argparse
import pathlib
import re
import sys

def outputs(log_text):
    """Test name -> its captured output, from ctest's LastTest.log."""
    found = {}
    for m in re.finditer(r"^\d+/\d+ Test: (\S+)\n.*?^Output:\n-+\n(.*?)<end of output>",
                         log_text, re.S | re.M):
        found[m.group(1)] = m.group(2)
    return found

def digest(text, lines):
    # lit -v prints each failure between lines of asterisks; keep those.
    blocks = re.findall(r"^\*{20} TEST '.*?^\*{20}$", text, re.S | re.M)
    tail = "\n".join(blocks) if blocks else text
    kept = tail.rstrip("\n").split("\n")
    if len(kept) > lines:
        kept = [f"[... {len(kept) - lines} lines above ...]"] + kept[-lines:]
    return "\n".join(kept)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--lines", type=int, default=60)
    args = ap.parse_args()
    tmp = pathlib.Path(args.build) / "Testing" / "Temporary"
    failed_file = tmp / "LastTestsFailed.log"
    if not failed_file.exists():
        return 0
    failed = [l.split(":", 1)[1] for l in failed_file.read_text().split("\n") if ":" in l]
    log_file = tmp / "LastTest.log"
    out = outputs(log_file.read_text(errors="replace")) if log_file.exists() else {}
    for name in failed:
        print(f"--- {name} ({args.build}) ---")
        print(digest(out.get(name, "(no output recorded)"), args.lines))
    return 0

if __name__ == "__main__":
    sys.exit(main())
