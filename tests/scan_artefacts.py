#!/usr/bin/env python3
"""Fails when any credential value the tests use appears in an artefact.

Secrets are collected from the test sources: every line of the form
"SECRET: <value>" (in a comment) names one. Artefacts are everything
credtaint writes under the build tree: JSONL records, static sidecars, and
the report blocks credtaint printed into captured stderr (*.err). The program
under test may print its own secret (that is the leak being reported), so in
captured output only credtaint's blocks are scanned: from a
"==PID==CREDTAINT:" marker to its "SUMMARY: CREDTAINT:" line.
Each secret is also looked for in base64, hex and URL-encoded form.
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
RECORD_SUFFIXES = (".jsonl", ".credtaint.json", ".sarif", ".xml")


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
    raw = secret.encode()
    forms = {secret, raw.hex(), raw.hex().upper(),
             base64.b64encode(raw).decode().rstrip("="),
             base64.urlsafe_b64encode(raw).decode().rstrip("="),
             urllib.parse.quote(secret, safe="")}
    return {f for f in forms if len(f) >= 8}


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", required=True)
    ap.add_argument("--artefacts", required=True)
    args = ap.parse_args()
    secrets = collect_secrets(args.sources)
    if not secrets:
        print("no SECRET: lines found in the test sources", file=sys.stderr)
        return 1
    needles = {form: s for s in secrets for form in encodings(s)}
    scanned = leaks = 0
    for d, _, files in os.walk(args.artefacts):
        for f in files:
            path = os.path.join(d, f)
            if f.endswith(RECORD_SUFFIXES):
                text = open(path, errors="replace").read()
            elif f.endswith(".err"):
                text = credtaint_blocks(open(path, errors="replace").read())
            else:
                continue
            scanned += 1
            for needle, secret in needles.items():
                if needle in text:
                    leaks += 1
                    print(f"{path}: contains a test secret (or an encoding of it) "
                          f"of length {len(secret)}", file=sys.stderr)
    print(f"scanned {scanned} artefacts for {len(secrets)} secrets: {leaks} leaks")
    return 1 if leaks or scanned == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
