#!/usr/bin/env python3
"""Checks that README.md and docs/ agree with the repository.

links    every relative link and image in README.md and docs/**/*.md names
         a file or directory that exists; an anchor into a Markdown file
         names one of its headings (GitHub's slugs). http(s) and mailto
         links are skipped. Links in code (fenced or inline) are not links.
catalog  the documentation's tables against the catalogs they describe,
         in both directions:
           - the rule table (columns rule, CWE, severity) lists exactly the
             rules of include/credtaint/catalog/rules.def, with their CWE and
             severity; any other table whose first column is "rule" names
             only rules of the catalog (and their CWE when it says one);
           - the option table of docs/options.md lists exactly the options
             of common/options.inc (runtime/options.inc while common/ does
             not have it), with their defaults (bool, int and non-empty
             string ones; an empty default is described, not quoted);
           - the kind table of docs/credentials.md lists exactly the kinds
             of kinds.def (weak-random included), with their label bits.

Each problem is printed as "file:line: message"; the exit status is 1 when
there is one. Standard library only: it runs wherever the tests run.
"""
import argparse
import os
import re
import sys
import urllib.parse

RULES_DEF = "include/credtaint/catalog/rules.def"
KINDS_DEF = "include/credtaint/catalog/kinds.def"
# The option table moves to common/ with the shared code; until it has,
# it is in runtime/.
OPTIONS_INC = ("common/options.inc", "runtime/options.inc")
OPTIONS_PAGE = "docs/options.md"
KINDS_PAGE = "docs/credentials.md"

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# Inline code, possibly over several lines of one paragraph.
CODE_SPAN_RE = re.compile(r"(`+)((?:(?!\n[ \t]*\n).)+?)\1", re.S)
# [text](target "title") and ![alt](target); text may hold one level of
# brackets ([`x`](y) is common, [a [b] c](d) rare).
LINK_RE = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFDEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)", re.M)
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SKIPPED_SCHEMES = ("http:", "https:", "mailto:")


class Report:
    def __init__(self):
        self.problems = []

    def problem(self, path, line, message):
        self.problems.append(f"{path}:{line}: {message}")


def read(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8") as fh:
        return fh.read()


def markdown_files(root):
    files = ["README.md"] if os.path.isfile(os.path.join(root, "README.md")) else []
    docs = os.path.join(root, "docs")
    for d, subdirs, names in os.walk(docs):
        subdirs.sort()
        for name in sorted(names):
            if name.endswith(".md"):
                files.append(os.path.relpath(os.path.join(d, name), root))
    return files


def blank(text):
    """Keeps the length and the newlines, drops the characters."""
    return re.sub(r"[^\n]", " ", text)


def without_fences(text):
    """The text with fenced code blocks blanked out, lines kept."""
    out, fence = [], None
    for line in text.split("\n"):
        m = FENCE_RE.match(line)
        if fence:
            # A fence closes with the same character, at least as many times,
            # and nothing else on the line.
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            out.append("")
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def prose(text):
    """The text with fenced and inline code blanked out, so that neither a
    link nor a heading is found inside code; line numbers are kept."""
    return CODE_SPAN_RE.sub(lambda m: blank(m.group(0)), without_fences(text))


def slug(heading):
    """GitHub's anchor for a heading: the rendered text, lower case, without
    punctuation, spaces turned into hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"<[^>]+>", "", text)                          # inline HTML
    text = text.replace("`", "").replace("*", "")
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text):
    """Every anchor the headings of a Markdown text get; a repeated heading
    gets -1, -2, ... as on GitHub."""
    seen, out = {}, set()
    for line in without_fences(text).split("\n"):
        m = HEADING_RE.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def check_links(root, report):
    root = os.path.realpath(root)
    files = markdown_files(root)
    anchor_cache = {}
    checked = skipped = with_anchor = 0
    for rel in files:
        text = read(root, rel)
        clean = prose(text)
        targets = [(m.group(1), m.start()) for m in LINK_RE.finditer(clean)]
        targets += [(m.group(1), m.start()) for m in REFDEF_RE.finditer(clean)]
        for target, offset in sorted(targets, key=lambda t: t[1]):
            line = line_of(clean, offset)
            target = target.strip()
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            if SCHEME_RE.match(target):
                # Not followed: the test must not need the network. Other
                # schemes (file:, ftp:) have no place in these pages.
                if target.lower().startswith(SKIPPED_SCHEMES):
                    skipped += 1
                else:
                    report.problem(rel, line, f"broken link {target} (not a relative link, http(s) or mailto)")
                continue
            checked += 1
            path, _, anchor = target.partition("#")
            path = urllib.parse.unquote(path)
            if not path and not anchor:
                report.problem(rel, line, "broken link (empty target)")
                continue
            if not path:
                dest = os.path.join(root, rel)
            elif path.startswith("/"):
                dest = os.path.join(root, path.lstrip("/"))
            else:
                dest = os.path.join(root, os.path.dirname(rel), path)
            dest = os.path.realpath(dest)
            if dest != root and not dest.startswith(root + os.sep):
                report.problem(rel, line, f"broken link {target} (outside the repository)")
                continue
            if not os.path.exists(dest):
                report.problem(rel, line, f"broken link {target}")
                continue
            if anchor and dest.endswith(".md") and os.path.isfile(dest):
                with_anchor += 1
                if dest not in anchor_cache:
                    with open(dest, encoding="utf-8") as fh:
                        anchor_cache[dest] = anchors(fh.read())
                if urllib.parse.unquote(anchor) not in anchor_cache[dest]:
                    report.problem(rel, line, f"broken link {target} (no heading with that anchor)")
    print(f"links: checked {checked} relative links ({with_anchor} with an anchor "
          f"into Markdown) in {len(files)} files: {', '.join(files)}; "
          f"skipped {skipped} external")


# --- catalog ---------------------------------------------------------------

def strip_comments(text):
    """C and C++ comments replaced by blanks, strings kept, lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def c_string(literal):
    """The value of a C string literal such as "a\\"b"."""
    return bytes(literal[1:-1], "utf-8").decode("unicode_escape")


def catalog_rows(root, rel, pattern):
    text = strip_comments(read(root, rel))
    return [(m, line_of(text, m.start())) for m in re.finditer(pattern, text)]


def tables(root, rel):
    """The Markdown tables of a file, outside code: each a list of
    (line, cells) whose first row is the header (the --- row dropped)."""
    # Code spans stay: cells name their rules and options in them.
    lines = without_fences(read(root, rel)).split("\n")
    found, current = [], []
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("|"):
            cells = [c.strip().replace("\\|", "|")
                     for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if all(re.fullmatch(r":?-+:?", c) for c in cells):
                continue
            current.append((number, cells))
            continue
        if current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def header(table):
    return [c.lower() for c in table[0][1]]


def code(cell):
    """The first `code` of a cell, else the cell."""
    m = re.search(r"`([^`]*)`", cell)
    return m.group(1) if m else cell.strip()


def cwe_number(cell):
    m = re.fullmatch(r"(?:CWE-)?(\d+)", cell.strip())
    return int(m.group(1)) if m else None


def check_rules(root, report):
    rules = {}
    for m, line in catalog_rows(
            root, RULES_DEF,
            r'CREDTAINT_RULE\(\s*(\w+)\s*,\s*"([^"]*)"\s*,\s*(\d+)\s*,\s*"([^"]*)"'):
        rules[m.group(2)] = (int(m.group(3)), m.group(4), line)
    if not rules:
        report.problem(RULES_DEF, 1, "no CREDTAINT_RULE rows found")
        return
    main, other_rows = [], 0
    for rel in markdown_files(root):
        for table in tables(root, rel):
            cols = header(table)
            if not cols or cols[0] != "rule":
                continue
            if "cwe" in cols and "severity" in cols:
                main.append((rel, table))
                continue
            # A table of conditions ("rule | when"): its rules must exist.
            for line, cells in table[1:]:
                rule = code(cells[0])
                m = re.search(r"CWE-(\d+)", cells[0])
                if rule not in rules:
                    report.problem(rel, line, f"rule '{rule}' is not in {RULES_DEF}")
                elif m and int(m.group(1)) != rules[rule][0]:
                    report.problem(rel, line, f"rule '{rule}' is CWE-{rules[rule][0]} in "
                                   f"{RULES_DEF}, not CWE-{m.group(1)}")
                other_rows += 1
    if not main:
        report.problem("docs", 0, "no rule table (columns rule, CWE, severity) in README.md or docs/")
        return
    for rel, table in main:
        cols = header(table)
        cwe_col, sev_col = cols.index("cwe"), cols.index("severity")
        listed = {}
        for line, cells in table[1:]:
            rule = code(cells[0])
            if rule in listed:
                report.problem(rel, line, f"rule '{rule}' is listed twice")
            listed[rule] = line
            if rule not in rules:
                report.problem(rel, line, f"rule '{rule}' is in the docs but not in {RULES_DEF}")
                continue
            cwe, severity, _ = rules[rule]
            doc_cwe = cells[cwe_col] if cwe_col < len(cells) else ""
            if cwe_number(doc_cwe) != cwe:
                report.problem(rel, line, f"rule '{rule}': CWE '{doc_cwe}' in the docs, "
                               f"{cwe} in {RULES_DEF}")
            got_sev = code(cells[sev_col]).lower() if sev_col < len(cells) else ""
            if got_sev != severity:
                report.problem(rel, line, f"rule '{rule}': severity '{got_sev}' in the docs, "
                               f"'{severity}' in {RULES_DEF}")
        for rule, (_, _, line) in rules.items():
            if rule not in listed:
                report.problem(RULES_DEF, line, f"rule '{rule}' is missing from the rule table "
                               f"of {rel} (line {table[0][0]})")
        print(f"rules: {len(rules)} in {RULES_DEF} against the rule table of "
              f"{rel}:{table[0][0]} ({len(table) - 1} rows: id, CWE, severity)")
    print(f"rules: {other_rows} rows of other rule tables name catalog rules")


def check_options(root, report):
    inc = next((p for p in OPTIONS_INC if os.path.isfile(os.path.join(root, p))), None)
    if inc is None:
        report.problem(OPTIONS_INC[0], 0, "missing (and so is " + OPTIONS_INC[1] + ")")
        return
    options = {}
    for m, line in catalog_rows(
            root, inc,
            r'CREDTAINT_OPTION\(\s*(\w+)\s*,\s*(\w+)\s*,\s*("(?:[^"\\]|\\.)*"|[^,()]+?)\s*,'):
        options[m.group(2)] = (m.group(1), m.group(3).strip(), line)
    if not options:
        report.problem(inc, 1, "no CREDTAINT_OPTION rows found")
        return
    if not os.path.isfile(os.path.join(root, OPTIONS_PAGE)):
        report.problem(OPTIONS_PAGE, 0, "missing: it documents the options")
        return
    found = [t for t in tables(root, OPTIONS_PAGE)
             if header(t)[:1] == ["option"] and "default" in header(t)]
    if not found:
        report.problem(OPTIONS_PAGE, 0, "no option table (columns option, default)")
        return
    table = found[0]
    default_col = header(table).index("default")
    listed = {}
    defaults_checked = 0
    for line, cells in table[1:]:
        name = code(cells[0])
        if name in listed:
            report.problem(OPTIONS_PAGE, line, f"option '{name}' is listed twice")
        listed[name] = line
        if name not in options:
            report.problem(OPTIONS_PAGE, line, f"option '{name}' is in the docs but not in {inc}")
            continue
        kind, default, _ = options[name]
        doc = code(cells[default_col]) if default_col < len(cells) else ""
        if kind == "string":
            want = c_string(default) if default.startswith('"') else default
            if not want:
                continue  # documented as what it means ("none", a path)
        else:
            want = default
        defaults_checked += 1
        if doc != want:
            report.problem(OPTIONS_PAGE, line, f"option '{name}': default '{doc}' in the docs, "
                           f"'{want}' in {inc}")
    for name, (_, _, line) in options.items():
        if name not in listed:
            report.problem(inc, line, f"option '{name}' is missing from the option table of "
                           f"{OPTIONS_PAGE} (line {table[0][0]})")
    note = "" if inc == OPTIONS_INC[0] else f" ({OPTIONS_INC[0]} is missing)"
    print(f"options: {len(options)} in {inc}{note} against the option table of "
          f"{OPTIONS_PAGE}:{table[0][0]} ({len(table) - 1} rows, {defaults_checked} defaults compared)")


def check_kinds(root, report):
    kinds = {}
    for m, line in catalog_rows(root, KINDS_DEF,
                                r'CREDTAINT_KIND\(\s*(\w+)\s*,\s*"([^"]*)"\s*,\s*(\d+)\s*\)'):
        kinds[m.group(2)] = (int(m.group(3)), line)
    if not kinds:
        report.problem(KINDS_DEF, 1, "no CREDTAINT_KIND rows found")
        return
    if not os.path.isfile(os.path.join(root, KINDS_PAGE)):
        report.problem(KINDS_PAGE, 0, "missing: it documents the credential kinds")
        return
    found = [t for t in tables(root, KINDS_PAGE)
             if header(t)[:1] == ["kind"] and any("bit" in c for c in header(t))]
    if not found:
        report.problem(KINDS_PAGE, 0, "no kind table (columns kind, label bit)")
        return
    table = found[0]
    bit_col = next(i for i, c in enumerate(header(table)) if "bit" in c)
    listed = {}
    for line, cells in table[1:]:
        kind = code(cells[0])
        listed[kind] = line
        if kind not in kinds:
            report.problem(KINDS_PAGE, line, f"kind '{kind}' is in the docs but not in {KINDS_DEF}")
            continue
        doc = cells[bit_col].strip() if bit_col < len(cells) else ""
        if doc != str(kinds[kind][0]):
            report.problem(KINDS_PAGE, line, f"kind '{kind}': label bit '{doc}' in the docs, "
                           f"{kinds[kind][0]} in {KINDS_DEF}")
    for kind, (_, line) in kinds.items():
        if kind not in listed:
            report.problem(KINDS_DEF, line, f"kind '{kind}' is missing from the kind table of "
                           f"{KINDS_PAGE} (line {table[0][0]})")
    print(f"kinds: {len(kinds)} in {KINDS_DEF} against the kind "
          f"table of {KINDS_PAGE}:{table[0][0]} ({len(table) - 1} rows: name, label bit)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."),
                        help="the repository root (default: two levels above this script)")
    parser.add_argument("--check", choices=("links", "catalog", "all"), default="all")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if not os.path.isdir(root):
        parser.error(f"--root {root}: not a directory")
    report = Report()
    if args.check in ("links", "all"):
        check_links(root, report)
    if args.check in ("catalog", "all"):
        check_rules(root, report)
        check_options(root, report)
        check_kinds(root, report)
    for p in report.problems:
        print(p)
    if report.problems:
        print(f"{len(report.problems)} problem(s)")
        return 1
    print("no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
