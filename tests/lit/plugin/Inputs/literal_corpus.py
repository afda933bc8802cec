#!/usr/bin/env python3
"""Measures the precision and recall of the hardcoded-credential rules.

Builds a corpus of credential literals (provider formats with random bodies,
PEM keys, JWTs, connection strings, random passwords bound to credential
names in every binding form) and non-credential literals (UUIDs, hex
digests, format strings, placeholders bound to credential names, URLs,
paths, prose, random strings bound to ordinary names, documentation example
keys), none of them taken from the rules, writes them into one C++ file,
compiles it with the plugin, and scores the sidecar. Fails below the
targets; also fails if the sidecar holds any corpus value.

usage: literal_corpus.py CLANGXX PLUGIN WORKDIR [--min-precision P] [--min-recall R]
"""
import argparse
import base64
import json
import os
import random
import string
import subprocess
import sys

R = random.Random(20261123)
ALNUM = string.ascii_letters + string.digits
UPPER32 = string.ascii_uppercase + "234567"


def rnd(chars, n):
    return "".join(R.choice(chars) for _ in range(n))


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def password():
    # 12-24 characters, at least one of each class, shuffled.
    n = R.randint(12, 24)
    body = [R.choice(string.ascii_lowercase), R.choice(string.ascii_uppercase),
            R.choice(string.digits), R.choice("!#%&*+-=?@^_~")]
    body += [R.choice(ALNUM + "!#%&*+-=?@^_~") for _ in range(n - 4)]
    R.shuffle(body)
    return "".join(body)


def positives():
    out = []
    for p in ["ghp_", "gho_", "ghs_", "ghu_", "ghr_"]:
        out += [("unbound", p + rnd(ALNUM, 36)) for _ in range(5)]
    out += [("unbound", "github_pat_" + rnd(ALNUM + "_", 82)) for _ in range(10)]
    out += [("unbound", R.choice(["AKIA", "ASIA"]) + rnd(UPPER32, 16)) for _ in range(20)]
    out += [("unbound", "glpat-" + rnd(ALNUM + "-_", 20)) for _ in range(15)]
    out += [("unbound", R.choice(["xoxb-", "xoxp-"]) + rnd(string.digits, 11) + "-" +
             rnd(string.digits, 12) + "-" + rnd(ALNUM, 24)) for _ in range(15)]
    out += [("unbound", R.choice(["sk_live_", "rk_live_"]) + rnd(ALNUM, R.randint(24, 40)))
            for _ in range(15)]
    out += [("unbound", "AIza" + rnd(ALNUM + "-_", 35)) for _ in range(15)]
    for _ in range(10):
        kind = R.choice(["RSA ", "EC ", "OPENSSH ", ""])
        body = base64.b64encode(R.randbytes(48)).decode()
        out.append(("unbound", f"-----BEGIN {kind}PRIVATE KEY-----\\n{body}\\n-----END {kind}PRIVATE KEY-----"))
    for _ in range(15):
        hdr = b64url(json.dumps({"alg": R.choice(["HS256", "RS256"]), "typ": "JWT"}).encode())
        pay = b64url(json.dumps({"sub": "svc-" + rnd(string.ascii_lowercase, 6),
                                 "iat": R.randint(1600000000, 1800000000)}).encode())
        out.append(("unbound", f"{hdr}.{pay}.{b64url(R.randbytes(32))}"))
    for _ in range(15):
        scheme = R.choice(["postgres", "mysql", "mongodb", "redis", "amqp"])
        out.append(("unbound", f"{scheme}://svc_{rnd(string.ascii_lowercase, 4)}:{password()}@"
                               f"db-{rnd(string.ascii_lowercase, 5)}.internal:5432/app"))
    names = ["password", "db_password", "api_key", "client_secret", "access_token",
             "auth_token", "private_key", "secret_key", "signing_key", "passphrase"]
    forms = ["var", "field", "aggregate", "param", "assign", "return"]
    for i in range(60):
        out.append((forms[i % len(forms)] + ":" + names[i % len(names)], password()))
    return out


def negatives():
    out = []
    hexd = string.hexdigits.lower()[:16]
    out += [("unbound", "%s-%s-%s-%s-%s" % (rnd(hexd, 8), rnd(hexd, 4), rnd(hexd, 4),
                                           rnd(hexd, 4), rnd(hexd, 12))) for _ in range(25)]
    out += [("var:secret_key", rnd(hexd, R.choice([32, 40, 64]))) for _ in range(25)]
    out += [("unbound", R.choice(["user=%s id=%d", "GET %s HTTP/1.1 -> %d", "token=%s expires_in=%ld",
                                  "retrying %s in %.2f s", "%-12s %08x %p"]) + " " + rnd(string.ascii_lowercase, 5))
            for _ in range(20)]
    placeholders = ["changeme", "${DB_PASSWORD}", "<your-api-key>", "xxxxxxxxxxxxxxxx",
                    "YOUR_API_KEY_HERE", "${{ secrets.TOKEN }}", "replace-me-with-a-token",
                    "example-secret-value", "********", "dummy-password-123", "{{api_key}}",
                    "$GITHUB_TOKEN", "TODO: set the token", "placeholder-token-value"]
    names = ["password", "api_key", "client_secret", "auth_token", "secret"]
    for i in range(30):
        out.append(("var:" + names[i % len(names)], placeholders[i % len(placeholders)]))
    out += [("unbound", f"https://{rnd(string.ascii_lowercase, 6)}.example.test/v{R.randint(1, 3)}/"
                        f"{rnd(string.ascii_lowercase, 5)}?page={R.randint(1, 9)}") for _ in range(20)]
    out += [("unbound", "/" + "/".join(rnd(string.ascii_lowercase, R.randint(3, 8)) for _ in range(3)) + ".conf")
            for _ in range(15)]
    words = "the service could not reach the upstream because the connection pool was exhausted retry later".split()
    out += [("unbound", " ".join(R.choice(words) for _ in range(R.randint(5, 10)))) for _ in range(20)]
    ordinary = ["cache_key", "request_id", "nonce_seed", "etag", "trace_id", "session_id_hint",
                "build_hash", "object_key"]
    out += [("var:" + ordinary[i % len(ordinary)], password()) for i in range(30)]
    out += [("unbound", "AKIA" + rnd(UPPER32, 9) + "EXAMPLE") for _ in range(10)]
    out += [("unbound", f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}-rc{R.randint(1, 5)}+build.{rnd(hexd, 7)}")
            for _ in range(10)]
    out += [("unbound", "SELECT id, name FROM users WHERE org_id = $1 AND state = '%s'" % rnd(string.ascii_lowercase, 6))
            for _ in range(5)]
    return out


def cxx_escape(s):
    return s.replace("\\\\", "\\\\").replace('"', '\\"') if "\\n" not in s else s.replace('"', '\\"')


def emit(corpus):
    """One C++ file; literal i sits on a line we know."""
    lines = ["#include <string>", "void consume(const std::string &password);",
             "void consume_plain(const std::string &text);"]
    where = {}
    for i, (form, value) in enumerate(corpus):
        lit = '"' + cxx_escape(value) + '"'
        kind, _, name = form.partition(":")
        n = f"{name}_{i}" if name else f"v_{i}"
        if kind == "unbound" or kind == "var":
            lines.append(f"std::string {n} = {lit};")
        elif kind == "field":
            lines.append(f"struct S{i} {{ std::string {name} = {lit}; }};")
        elif kind == "aggregate":
            lines.append(f"struct A{i} {{ std::string host; std::string {name}; }};")
            lines.append(f"A{i} a{i}{{\"db.internal\", {lit}}};")
        elif kind == "param":
            lines.append(f"void p{i}() {{ consume({lit}); }}")
        elif kind == "assign":
            lines.append(f"void s{i}() {{ std::string {name}; {name} = {lit}; consume_plain({name}); }}")
        elif kind == "return":
            lines.append(f"std::string {name}_{i}_fn() {{ return {lit}; }}")
        where[len(lines)] = i
    return "\n".join(lines) + "\n", where


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("clangxx")
    ap.add_argument("plugin")
    ap.add_argument("workdir")
    ap.add_argument("--min-precision", type=float, default=0.95)
    ap.add_argument("--min-recall", type=float, default=0.9)
    a = ap.parse_args()
    pos, neg = positives(), negatives()
    corpus = [(f, v, True) for f, v in pos] + [(f, v, False) for f, v in neg]
    R.shuffle(corpus)
    src, where = emit([(f, v) for f, v, _ in corpus])
    os.makedirs(a.workdir, exist_ok=True)
    cpp, obj = os.path.join(a.workdir, "corpus.cpp"), os.path.join(a.workdir, "corpus.o")
    with open(cpp, "w") as f:
        f.write(src)
    subprocess.run([a.clangxx, "-std=c++17", "-c", cpp, "-o", obj, "-fplugin=" + a.plugin],
                   check=True, stderr=subprocess.DEVNULL)
    sidecar = open(obj + ".credtaint.json").read()
    flagged = {where.get(f["credential"]["source"]["line"]) for f in json.loads(sidecar)["findings"]}
    tp = sum(1 for i, (_, _, p) in enumerate(corpus) if p and i in flagged)
    fp = sum(1 for i, (_, _, p) in enumerate(corpus) if not p and i in flagged)
    fn = sum(1 for i, (_, _, p) in enumerate(corpus) if p and i not in flagged)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"corpus: {len(pos)} credential literals, {len(neg)} non-credential literals")
    print(f"true positives {tp}, false positives {fp}, false negatives {fn}")
    print(f"precision {precision:.3f} (target {a.min_precision}), recall {recall:.3f} (target {a.min_recall})")
    for i, (form, value, p) in enumerate(corpus):
        if p != (i in flagged):
            kind = "missed" if p else "false positive"
            print(f"  {kind}: {form} ({len(value)} chars)")
    leaked = [v for _, v, p in corpus if p and v in sidecar]
    if leaked:
        print(f"FAIL: the sidecar contains {len(leaked)} corpus values", file=sys.stderr)
        return 1
    if len(pos) < 200 or len(neg) < 200:
        print("FAIL: the corpus is too small", file=sys.stderr)
        return 1
    ok = precision >= a.min_precision and recall >= a.min_recall
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
