#!/usr/bin/env python3
"""The tree reads as the pipeline: every arrow runs down it.

    tools -> runtime -> common -> include
    pass  ----------->  common -> include

A file in a stage may include, and a stage's CMakeLists.txt may compile or
put on its include path, only its own stage and the stages below it. And
runtime/ keeps its code in stage folders (core, sources, sinks, net, match,
report, preload): no .cpp directly under runtime/.

    check_layout.py --root REPO

Prints what it checked; exits 1 listing each wrong arrow as
`file:line: <stage> reaches up into <stage> (<what>)`.
"""
import argparse
import os
import re
import sys

STAGES = ["tools", "runtime", "pass", "common", "include"]
# What each stage may reach (itself included).
ALLOWED = {
    "tools": {"tools", "runtime", "common", "include"},
    "runtime": {"runtime", "common", "include"},
    "pass": {"pass", "common", "include"},
    "common": {"common", "include"},
    "include": {"include"},
}
SOURCE_SUFFIXES = (".h", ".hpp", ".c", ".cc", ".cpp", ".inc", ".def")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
# ${PROJECT_SOURCE_DIR}/stage/..., and the variable naming common/.
CMAKE_RE = re.compile(r'\$\{(?:PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR)\}/([A-Za-z_]+)'
                      r'|\$\{(CREDTAINT_COMMON_DIR)\}')


def stage_of(rel):
    top = rel.split("/", 1)[0]
    return top if top in STAGES else None


def walk(root):
    for top in STAGES:
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(x for x in dirs if not x.startswith("."))
            for f in sorted(files):
                yield os.path.relpath(os.path.join(d, f), root)


def resolve(root, rel, inc, by_suffix):
    """The stages an include can come from: beside the file, else any file
    of the tree whose path ends with it (the include directories)."""
    if os.path.exists(os.path.join(root, os.path.dirname(rel), inc)):
        return {stage_of(rel)}
    return {stage_of(p) for p in by_suffix.get(inc.split("/")[-1], [])
            if p == inc or p.endswith("/" + inc)} - {None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    root = ap.parse_args().root
    files = list(walk(root))
    by_suffix = {}
    for p in files:
        by_suffix.setdefault(os.path.basename(p), []).append(p)

    problems, includes, cmake_refs = [], 0, 0
    for rel in files:
        stage = stage_of(rel)
        allowed = ALLOWED[stage]
        path = os.path.join(root, rel)
        if rel.endswith(SOURCE_SUFFIXES):
            with open(path, encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE_RE.match(line)
                    if not m:
                        continue
                    includes += 1
                    found = resolve(root, rel, m.group(1), by_suffix)
                    if found and not (found & allowed):
                        problems.append(f"{rel}:{n}: {stage} reaches up into "
                                        f"{'/'.join(sorted(found))} (#include \"{m.group(1)}\")")
        elif os.path.basename(rel) == "CMakeLists.txt":
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    for m in CMAKE_RE.finditer(line.split("#", 1)[0]):
                        target = "common" if m.group(2) else m.group(1)
                        if target not in STAGES:
                            continue
                        cmake_refs += 1
                        if target not in allowed:
                            problems.append(f"{rel}:{n}: {stage} reaches up into "
                                            f"{target} ({m.group(0)})")

    flat = sorted(f for f in os.listdir(os.path.join(root, "runtime"))
                  if f.endswith((".cpp", ".c", ".cc")))
    if flat:
        problems.append("runtime/: code directly under runtime/, not in a stage "
                        "folder: " + ", ".join(flat))

    print(f"layout: {len(files)} files, {includes} includes, "
          f"{cmake_refs} CMake references to stages checked")
    for p in problems:
        print(p)
    if problems:
        print(f"layout: {len(problems)} problem(s)")
        return 1
    print("layout: every arrow runs down the pipeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
