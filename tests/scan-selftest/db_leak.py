#!/usr/bin/env python3
"""The artefact scan must catch a secret inside an SQLite database and an
HTML page (a server's store and its web page), and pass a clean one.

Writes them into a temporary directory outside the build tree (the real
scan would rightly flag them there), runs scan_artefacts.py on it and
checks its verdict and what it names. Exit status 0 when the scan behaved.
"""
import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile


def scan(script, sources, root):
    return subprocess.run([sys.executable, script, "--sources", sources,
                           "--artefacts", root], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scan", required=True)
    ap.add_argument("--sources", required=True)
    args = ap.parse_args()
    marker = re.compile("SECRET" + r":\s*(\S+)")  # split: this file holds none
    secret = None
    for name in os.listdir(args.sources):
        if name.endswith(".txt"):
            m = marker.search(open(os.path.join(args.sources, name)).read())
            secret = secret or (m and m.group(1))
    if not secret:
        sys.exit("no secret line in " + args.sources)
    root = tempfile.mkdtemp(prefix="credtaint-scan-selftest-")
    try:
        clean = os.path.join(root, "clean")
        leaky = os.path.join(root, "leaky")
        for d in (clean, leaky):
            os.makedirs(d)
            db = sqlite3.connect(os.path.join(d, "inventory.db"))
            db.execute("create table credentials (fingerprint text, name text, note text)")
            note = "rotated" if d == clean else "was " + secret
            db.execute("insert into credentials values (?, ?, ?)",
                       ("hmac-sha256:k1:" + "ab" * 32, "API_TOKEN", note))
            db.commit()
            db.close()
            with open(os.path.join(d, "credential.html"), "w") as fh:
                fh.write("<html><body><td>API_TOKEN</td><td>%s</td></body></html>"
                         % ("****" if d == clean else secret))
            with open(os.path.join(d, "screenshot.png"), "wb") as fh:
                fh.write(b"\x89PNG\r\n\x1a\n" + secret.encode())  # images are not scanned
        ok = scan(args.scan, args.sources, clean)
        bad = scan(args.scan, args.sources, leaky)
        print(ok.stdout.strip())
        print(bad.stdout.strip())
        problems = []
        if ok.returncode != 0:
            problems.append("clean database and page reported: " + ok.stderr.strip())
        if "1 databases" not in ok.stdout:
            problems.append("the database was not scanned")
        if bad.returncode == 0:
            problems.append("a secret in a database and a page was not found")
        for name in ("inventory.db", "credential.html"):
            if name not in bad.stderr:
                problems.append(f"the leak in {name} was not named")
        if "screenshot.png" in bad.stderr:
            problems.append("a binary image was scanned")
        if secret in bad.stderr or secret in bad.stdout:
            problems.append("the scan printed the secret it found")
        for p in problems:
            print("error: " + p, file=sys.stderr)
        return 1 if problems else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
