#!/usr/bin/env python3
"""Fails when any credential value the tests use appears in an artefact.

Secrets are collected from the test sources: every line of the form
"SECRET: <value>" (in a comment) names one. Artefacts are everything the
suite leaves under the build tree that credtaint or its servers wrote:

  - text: JSONL records, sidecars and other JSON (merged reports, BOMs,
    bench results), SARIF, JUnit and other XML, HTML pages, summaries
    (.txt, .md), CSV and logs (.log: server logs included);
  - databases: SQLite files (.db, .sqlite, .sqlite3 and their -wal,
    -journal and -shm files), scanned as raw bytes;
  - captured stderr (*.err, *.err2, ...): only the blocks credtaint itself
    wrote, from a "==PID==CREDTAINT:" marker to its "SUMMARY: CREDTAINT:"
    line, since the program under test may print its own secret (that is
    the leak being reported);
  - objects (*.o, *.obj): only the static findings the plugin embeds in
    them, the .credtaint.sidecar section of an x86_64 ELF object (the rest
    of an object holds the program's own literals).

Not scanned: binary images (screenshots), executables, the rest of objects,
and
what tests write as their own input or output: program stdout (*.out),
what a program under test writes itself (files under lit's "%t" paths,
*.tmp*, other than records, sidecars, SARIF, JSON and XML), lit's *.script
files, keys and certificates, ctest's own logs under Testing/, CMake's
files. A test script's step logs (NN-step.log) are captured output: only
credtaint's blocks in them count. Build logs are scanned whole: the plugin
prints its warnings about a
hardcoded credential without the source line. Each secret is also looked
for in base64, hex, URL-encoded, UTF-16LE and UTF-32LE (wide text) form. Prints how many artefacts (by kind) and secrets it
scanned; fails on any leak, or when it found no secret or no artefact.

Records, SARIF and credtaint's stderr blocks must also name functions as
their source does: a DFSan-renamed or cloned name (".dfsan", " (.dfsan)",
".cold", ".isra.0", ...) there fails the scan too (one leak reported by
two detectors was once told apart by such a name).
"""
import argparse
import base64
import os
import re
import sys
import urllib.parse

SECRET_RE = re.compile(r"SECRET:\s*(\S+)")
MARKER_RE = re.compile(r"==\d+==CREDTAINT:")
SOURCE_SUFFIXES = (".c", ".cpp", ".cc", ".h", ".py", ".test", ".cmake", ".txt")
TEXT_SUFFIXES = (".jsonl", ".json", ".sarif", ".xml", ".html", ".htm", ".txt",
                 ".md", ".csv", ".log")
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
DB_SIDE_FILES = ("-wal", "-journal", "-shm")
OBJECT_SUFFIXES = (".o", ".obj")
SIDECAR_SECTION = b".credtaint.sidecar"
ERR_RE = re.compile(r"\.err\d*$")
# Directories of the build tree that hold no artefact of a test run.
SKIP_DIRS = {"CMakeFiles", "Testing", "_deps", ".git"}
# Files there that are CMake's, not the suite's.
SKIP_FILES = {"CMakeCache.txt", "install_manifest.txt", "CTestTestfile.cmake"}


def collect_secrets(root):
    secrets = set()
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(SOURCE_SUFFIXES) or f == os.path.basename(__file__):
                continue
            with open(os.path.join(d, f), errors="replace") as fh:
                for line in fh:
                    for m in SECRET_RE.finditer(line):
                        secrets.add(m.group(1))
    return secrets


def encodings(secret):
    """The byte strings a secret may leak as: text forms in UTF-8, and the
    wide forms (wchar_t text is UTF-32LE; UTF-16LE too)."""
    raw = secret.encode()
    forms = {secret, raw.hex(), raw.hex().upper(),
             base64.b64encode(raw).decode().rstrip("="),
             base64.urlsafe_b64encode(raw).decode().rstrip("="),
             urllib.parse.quote(secret, safe="")}
    wide = ({secret.encode("utf-16-le"), secret.encode("utf-32-le")}
            if len(secret) >= 8 else set())
    return {f.encode() for f in forms if len(f) >= 8} | wide


def credtaint_blocks(text):
    """The parts of captured output that credtaint itself wrote."""
    out, inside = [], False
    for line in text.splitlines():
        m = MARKER_RE.search(line)
        if m:
            line, inside = line[m.start():], True
        if inside:
            out.append(line)
            if "SUMMARY: CREDTAINT:" in line or "CREDTAINT: ERROR:" in line:
                inside = False
    return "\n".join(out)


# Under a lit "%t" path the program under test writes its own files (the
# leak being tested, say); only credtaint's outputs there are artefacts.
LIT_TMP_RE = re.compile(r"\.tmp")
STEP_LOG_RE = re.compile(r"^\d+-.*\.log$")
RECORD_SUFFIXES = (".jsonl", ".json", ".sarif", ".xml")
# A function name as a compiler's copy of it, in a record, SARIF or a
# credtaint block.
CLONE_NAME_RE = re.compile(rb"[A-Za-z0-9_)\]]\.(?:dfsan|cold|isra\.\d+|part\.\d+|constprop\.\d+)(?![A-Za-z0-9_])")
CLONE_CHECKED_SUFFIXES = (".jsonl", ".sarif")


def sidecar_section(path):
    """The .credtaint.sidecar section of the ELF64 little-endian object at
    path, or None. Reads the headers and that section only; an object this
    does not understand has none (credtaint-report's reader is the careful
    one, tools/report/ObjectSidecar.h)."""
    with open(path, "rb") as fh:
        head = fh.read(64)
        if len(head) < 64 or head[:6] != b"\x7fELF\x02\x01":
            return None
        shoff = int.from_bytes(head[0x28:0x30], "little")
        count = int.from_bytes(head[0x3c:0x3e], "little")
        names = int.from_bytes(head[0x3e:0x40], "little")
        fh.seek(shoff)
        table = fh.read(64 * count)
        if not shoff or len(table) < 64 * count or names >= count:
            return None

        def header(i):
            h = table[64 * i:64 * i + 64]
            return (int.from_bytes(h[0:4], "little"),
                    int.from_bytes(h[24:32], "little"),
                    int.from_bytes(h[32:40], "little"))

        _, str_off, str_size = header(names)
        fh.seek(str_off)
        strtab = fh.read(str_size)
        for i in range(1, count):
            name, off, size = header(i)
            if strtab[name:name + len(SIDECAR_SECTION) + 1] == SIDECAR_SECTION + b"\0":
                fh.seek(off)
                return fh.read(size)
    return None


def kind_of(rel_dir, name):
    """'text', 'db', 'err', 'object' or None (not an artefact)."""
    if name in SKIP_FILES:
        return None
    # Wherever an object is, what the plugin embedded in it is credtaint's.
    if name.endswith(OBJECT_SUFFIXES):
        return "object"
    if LIT_TMP_RE.search(rel_dir) or LIT_TMP_RE.search(name):
        if ERR_RE.search(name):
            return "err"
        return "text" if name.endswith(RECORD_SUFFIXES) else None
    if ERR_RE.search(name):
        return "err"
    # A test script's log of one step ("16-listener.log") holds what the
    # programs under test printed, next to credtaint's blocks; its build
    # steps hold compiler output, all of which must be clean.
    if STEP_LOG_RE.match(name) and not name.endswith("build.log"):
        return "err"
    base = name
    for side in DB_SIDE_FILES:
        if base.endswith(side):
            base = base[: -len(side)]
    if base.endswith(DB_SUFFIXES):
        return "db"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def read_artefact(path, kind):
    """The bytes to search, or None when the file holds none of credtaint's."""
    if kind == "object":
        return sidecar_section(path)
    with open(path, "rb") as fh:
        data = fh.read()
    if kind == "err":
        text = credtaint_blocks(data.decode("utf-8", errors="replace"))
        return text.encode("utf-8", errors="replace")
    # Databases and text alike are searched as bytes: SQLite keeps text
    # values as UTF-8 inside its pages.
    return data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", required=True)
    ap.add_argument("--artefacts", required=True)
    args = ap.parse_args()
    secrets = collect_secrets(args.sources)
    if not secrets:
        print("no SECRET: lines found in the test sources", file=sys.stderr)
        return 1
    needles = {}
    for s in secrets:
        for form in encodings(s):
            needles[form] = s
    # One pass per file over all needles.
    pattern = re.compile(b"|".join(re.escape(n) for n in
                                   sorted(needles, key=len, reverse=True)))
    counts = {"text": 0, "db": 0, "err": 0, "object": 0}
    leaks = clones = 0
    for d, dirs, files in os.walk(args.artefacts):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        rel_dir = os.path.relpath(d, args.artefacts)
        for f in sorted(files):
            kind = kind_of(rel_dir, f)
            if not kind:
                continue
            path = os.path.join(d, f)
            try:
                data = read_artefact(path, kind)
            except OSError as e:
                print(f"{path}: cannot read ({e.strerror})", file=sys.stderr)
                leaks += 1
                continue
            if data is None:
                continue
            counts[kind] += 1
            found = {needles[m.group(0)] for m in pattern.finditer(data)}
            for secret in sorted(found):
                leaks += 1
                print(f"{path}: contains a test secret (or an encoding of it) "
                      f"of length {len(secret)}", file=sys.stderr)
            if kind == "err" or f.endswith(CLONE_CHECKED_SUFFIXES):
                m = CLONE_NAME_RE.search(data)
                if m:
                    clones += 1
                    print(f"{path}: names a function by a compiler's clone of it "
                          f"('{m.group(0)[1:].decode(errors='replace')}')", file=sys.stderr)
    scanned = sum(counts.values())
    print(f"scanned {scanned} artefacts ({counts['text']} text, {counts['db']} "
          f"databases, {counts['err']} captured stderr, {counts['object']} "
          f"object sidecars) for {len(secrets)} "
          f"secrets: {leaks} leaks, {clones} clone-suffixed names")
    return 1 if leaks or clones or scanned == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
