#!/usr/bin/env python3
"""The artefact scan must catch a secret inside an SQLite database, an
HTML page (a server's store and its web page) and the sidecar section of an
object (the plugin's embedded static findings), and pass clean ones: an
object's other sections hold the program's own literals and are not
artefacts.

Writes them into a temporary directory outside the build tree (the real
scan would rightly flag them there), runs scan_artefacts.py on it and
checks its verdict and what it names. Exit status 0 when the scan behaved.
"""
import argparse
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile


def elf_object(sections):
    """A minimal x86_64 ELF relocatable object with these (name, bytes)
    PROGBITS sections and a section name table."""
    names, data, entries = b"\0", b"", [(0, 0, 0, 0)]  # the null section
    for name, body in sections:
        entries.append((len(names), 1, 64 + len(data), len(body)))
        names += name + b"\0"
        data += body
    table_name = b".shstrtab\0"
    entries.append((len(names), 3, 64 + len(data), len(names) + len(table_name)))
    names += table_name
    data += names
    shoff = 64 + len(data)
    header = (b"\x7fELF\x02\x01\x01" + b"\0" * 9 +
              struct.pack("<HHIQQQIHHHHHH", 1, 62, 1, 0, 0, shoff, 0, 64, 0,
                          0, 64, len(entries), len(entries) - 1))
    table = b"".join(struct.pack("<IIQQQQIIQQ", name, kind, 0, 0, off, size,
                                 0, 0, 1, 0)
                     for name, kind, off, size in entries)
    return header + data + table


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
            preview = b"****" if d == clean else secret.encode()
            with open(os.path.join(d, "app.o"), "wb") as fh:
                fh.write(elf_object([
                    (b".rodata", secret.encode() + b"\0"),  # the literal itself
                    (b".credtaint.sidecar",
                     b'{"version":1,"findings":[{"preview":"' + preview + b'"}]}\0')]))
        ok = scan(args.scan, args.sources, clean)
        bad = scan(args.scan, args.sources, leaky)
        print(ok.stdout.strip())
        print(bad.stdout.strip())
        problems = []
        if ok.returncode != 0:
            problems.append("clean database and page reported: " + ok.stderr.strip())
        if "1 databases" not in ok.stdout:
            problems.append("the database was not scanned")
        if "1 object sidecars" not in ok.stdout:
            problems.append("the object's sidecar section was not scanned")
        if bad.returncode == 0:
            problems.append("a secret in a database, a page and an object was not found")
        for name in ("inventory.db", "credential.html", "app.o"):
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
