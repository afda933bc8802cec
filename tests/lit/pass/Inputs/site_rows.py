#!/usr/bin/env python3
"""Many hook sites, one a line, and a check that each hook names its own.

  site_rows.py gen N      writes a C file: function fK calls puts on line K+2
  site_rows.py check N F  reads the instrumented IR F: the site row passed by
                          the hook in each fK must say line K+2

Prints "ok N" or one line per wrong or missing row. The site table rows are
{file, function, line, column}; a hook's first argument points at its row,
written as the table itself (row 0) or a GEP to row K (LLVM 14 and 19 spell
both differently).
"""
import re
import sys


def gen(n):
    print("#include <stdio.h>")
    for k in range(n):
        print(f"void f{k}(const char *s) {{ puts(s); }}")


def row_index(arg):
    m = re.search(r"@__credtaint_sites, i(?:32|64) 0, i64 (\d+)\)", arg)
    if m:
        return int(m.group(1))
    m = re.search(r"%struct\.credtaint_site, ptr @__credtaint_sites, i64 (\d+)\)", arg)
    if m:
        return int(m.group(1))
    return 0 if "@__credtaint_sites" in arg else None


def check(n, path):
    ir = open(path).read()
    table = re.search(r"^@__credtaint_sites = .*$", ir, re.M)
    if not table:
        print("no site table")
        return 1
    rows = [int(line) for line, _ in
            re.findall(r"%struct\.credtaint_site \{[^}]*?, i32 (\d+), i32 (\d+) \}", table.group(0))]
    bad = 0
    for k in range(n):
        body = re.search(r"^define [^\n]*@f%d\(.*?^}" % k, ir, re.M | re.S)
        hook = body and re.search(r"call void @__credtaint_sink_cstr\(([^\n]*)", body.group(0))
        index = row_index(hook.group(1)) if hook else None
        if index is None or index >= len(rows) or rows[index] != k + 2:
            print(f"f{k}: row {index} says line {rows[index] if index is not None and index < len(rows) else '?'}, expected {k + 2}")
            bad += 1
    if not bad:
        print(f"ok {n}")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]))
    else:
        sys.exit(check(int(sys.argv[2]), sys.argv[3]))
