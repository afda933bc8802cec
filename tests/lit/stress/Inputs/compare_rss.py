#!/usr/bin/env python3
"""Compares the peak RSS two runs of one program printed ("maxrss_kb=N").

The large run produced 10x the findings of the small one; with in-process
deduplication capped by max_findings, its memory must stay within a loose
ratio of the small run's. Prints the ratio; fails above --max-ratio.
"""
import re
import sys

def rss(path):
    m = re.search(r"maxrss_kb=(\d+)", open(path).read())
    if not m:
        sys.exit(f"{path}: no maxrss_kb line")
    return int(m.group(1))

small, large, limit = rss(sys.argv[1]), rss(sys.argv[2]), float(sys.argv[3])
ratio = large / small
print(f"peak RSS small={small} KiB large={large} KiB ratio={ratio:.2f} (limit {limit})")
sys.exit(0 if ratio <= limit else 1)
