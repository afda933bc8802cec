#!/usr/bin/env python3
"""The documentation checker must catch what it is for.

selftest/root is a tiny repository with planted problems: a rule in the
catalog and not in the docs (and one the other way round), a wrong CWE, a
wrong severity, options and kinds missing either way, a wrong default and
label bit, broken links and a broken anchor, next to links that are fine,
one in code that is no link, and an external one. It has no
common/options.inc, so the fallback to runtime/options.inc is taken. The
checker must report exactly the planted problems, each check only its own,
and fail; a checker that passes everything would pass the real tree too.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

LINK_PROBLEMS = {
    "README.md:8: broken link docs/missing.md",
    "README.md:9: broken link docs/rules.md#no-such-heading (no heading with that anchor)",
    "docs/rules.md:17: broken link ../nothere/",
}
CATALOG_PROBLEMS = {
    "docs/rules.md:15: rule 'phantom' is not in include/credtaint/catalog/rules.def",
    "docs/rules.md:8: rule 'beta': CWE 'CWE-3' in the docs, 2 in include/credtaint/catalog/rules.def",
    "docs/rules.md:9: rule 'gamma': severity 'low' in the docs, 'high' in include/credtaint/catalog/rules.def",
    "docs/rules.md:10: rule 'ghost' is in the docs but not in include/credtaint/catalog/rules.def",
    "include/credtaint/catalog/rules.def:5: rule 'extra-rule' is missing from the rule table of docs/rules.md (line 5)",
    "docs/options.md:6: option 'exitcode': default '1' in the docs, '0' in runtime/options.inc",
    "docs/options.md:8: option 'stale_option' is in the docs but not in runtime/options.inc",
    "runtime/options.inc:7: option 'new_option' is missing from the option table of docs/options.md (line 3)",
    "docs/credentials.md:6: kind 'token': label bit '3' in the docs, 2 in include/credtaint/catalog/kinds.def",
    "include/credtaint/catalog/kinds.def:3: kind 'api-key' is missing from the kind table of docs/credentials.md (line 3)",
}
# What each check says it looked at: a checker that silently checks nothing
# must not pass either.
SUMMARIES = {
    "links": ["links: checked 7 relative links (4 with an anchor into Markdown) in 4 files",
              "skipped 1 external"],
    "catalog": ["rules: 4 in include/credtaint/catalog/rules.def",
                "options: 4 in runtime/options.inc (common/options.inc is missing)",
                "kinds: 3 in include/credtaint/catalog/kinds.def"],
}
PROBLEM_RE = re.compile(r"^\S+:\d+: ")


def run(checker, root, check):
    p = subprocess.run([sys.executable, checker, "--root", root, "--check", check],
                       capture_output=True, text=True)
    print(f"$ check_docs.py --check {check}: exit {p.returncode}")
    print(p.stdout, end="")
    print(p.stderr, end="", file=sys.stderr)
    return p.returncode, p.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checker", default=os.path.join(HERE, "check_docs.py"))
    parser.add_argument("--root", default=os.path.join(HERE, "selftest", "root"))
    args = parser.parse_args()

    failures = []
    for check, want in (("links", LINK_PROBLEMS), ("catalog", CATALOG_PROBLEMS),
                        ("all", LINK_PROBLEMS | CATALOG_PROBLEMS)):
        code, out = run(args.checker, args.root, check)
        got = {line for line in out.splitlines() if PROBLEM_RE.match(line)}
        if code != 1:
            failures.append(f"--check {check}: exit {code}, expected 1")
        for line in sorted(want - got):
            failures.append(f"--check {check}: not reported: {line}")
        for line in sorted(got - want):
            failures.append(f"--check {check}: reported, not planted: {line}")
        for kind in ("links", "catalog"):
            if check in (kind, "all"):
                for s in SUMMARIES[kind]:
                    if s not in out:
                        failures.append(f"--check {check}: no '{s}' in its output")
    for f in failures:
        print("FAIL: " + f)
    if failures:
        return 1
    n = len(LINK_PROBLEMS | CATALOG_PROBLEMS)
    print(f"self-test passed: the checker reported exactly the {n} planted problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
