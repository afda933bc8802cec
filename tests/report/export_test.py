#!/usr/bin/env python3
"""`credtaint-report export` against real HTTP and TLS servers on loopback.

The servers are Python's http.server on 127.0.0.1 (a free port each), with
scripted responses: 503 then 200 (retried), 429 with Retry-After in seconds,
503 with Retry-After as an HTTP-date, 200 naming refused entries, 500 until
the client gives up, 401 (not retried), 400 on one batch of two, a reply
slower than --timeout, and an idempotency store that answers a repeated key
with "replayed": true, as credtaint-inventory does. TLS uses a throwaway CA
and server certificate made by `openssl` in a temporary directory: a wrong CA
fails verification, --cacert with the right one succeeds. The records are
the runtime's own (tests/report/inputs). Every BOM sent or printed is
validated against the CycloneDX 1.7 schema.

Tokens live only in a temporary directory outside the build tree; no run's
stdout or stderr may contain one.
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_reports  # noqa: E402
from check_reports import expect  # noqa: E402

# SECRET: inv-export-token-from-file-7c1d2e
FILE_TOKEN = "inv-export-token-from-file-7c1d2e"
# SECRET: inv-export-token-from-env-93ab4f
ENV_TOKEN = "inv-export-token-from-env-93ab4f"
# SECRET: inv-export-token-on-argv-5e6f70
ARGV_TOKEN = "inv-export-token-on-argv-5e6f70"
TOKENS = (FILE_TOKEN, ENV_TOKEN, ARGV_TOKEN)


def canonical_key(bom):
    """The contract's Idempotency-Key, computed independently: SHA-256 of
    the BOM without serialNumber and metadata.timestamp, keys sorted."""
    content = json.loads(json.dumps(bom))
    content.pop("serialNumber", None)
    content.get("metadata", {}).pop("timestamp", None)
    text = json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class Inventory:
    """A scripted ingest endpoint. `script` is a list of responses used one
    per request: (status, headers, body) or ("sleep", seconds) (answers 200
    after the sleep). When it runs out, requests get 200 with the counts,
    and "replayed": true for a key seen before."""

    def __init__(self, tls_context=None):
        self.requests, self.script, self.seen = [], [], set()
        self.lock = threading.Lock()
        inv = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # no request log (it has headers)
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                with inv.lock:
                    inv.requests.append({"path": self.path,
                                         "headers": dict(self.headers.items()),
                                         "body": body})
                    step = inv.script.pop(0) if inv.script else None
                    key = self.headers.get("Idempotency-Key")
                    replayed = key in inv.seen
                if step and step[0] == "sleep":
                    threading.Event().wait(step[1])
                    step = None
                if step is None:
                    bom = json.loads(body)
                    with inv.lock:
                        inv.seen.add(key)
                    step = (200, {}, {"credentials": len(bom.get("components", [])),
                                      "findings": len(bom.get("vulnerabilities", [])),
                                      "replayed": replayed})
                status, headers, payload = step
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out first

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls_context:
            self.server.socket = tls_context.wrap_socket(self.server.socket,
                                                         server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self, script=()):
        with self.lock:
            self.requests, self.script = [], list(script)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def make_pki(tmp):
    """A CA, a server certificate it signs (127.0.0.1 and localhost), and an
    unrelated CA: all made by openssl, valid for a day."""
    def run(*cmd):
        subprocess.run(["openssl", *cmd], cwd=tmp, check=True, capture_output=True)
    for ca in ("ca", "wrong-ca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", f"{ca}.key", "-out", f"{ca}.pem", "-subj", f"/CN=credtaint test {ca}",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
        "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(tmp, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "extendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "1", "-out", "server.pem", "-extfile", "server.ext")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(tmp, "server.pem"), os.path.join(tmp, "server.key"))
    return ctx


class Runner:
    def __init__(self, args, secret_dir):
        self.tool, self.work = args.tool, args.work
        self.inputs = [os.path.join(args.inputs, f) for f in
                       ("getenv-printf.jsonl", "crypto-ciphers.jsonl", "weak-random.jsonl")]
        self.token_file = os.path.join(secret_dir, "token")
        with open(self.token_file, "w") as f:
            f.write(FILE_TOKEN + "\n")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("CREDTAINT_")
                    and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}

    def export(self, *opts, env=None, token=True, rc=0, what=""):
        cmd = [self.tool, "export", *opts, *self.inputs]
        if token and "--dry-run" not in opts:
            cmd[2:2] = ["--token-file", self.token_file]
        p = subprocess.run(cmd, capture_output=True, text=True,
                           env={**self.env, **(env or {})}, timeout=120)
        out = p.stdout + p.stderr
        for t in TOKENS:
            expect(t not in out, f"{what}: a token appears in the output")
        expect(p.returncode == rc, f"{what}: exit {p.returncode}, expected {rc}\n"
               + p.stderr[-3000:])
        print(f"[{what}] exit {p.returncode}")
        return p


def check_sent(inv, what, token=FILE_TOKEN):
    """Every request: POST /v1/ingest, the contract's headers, a valid BOM
    whose Idempotency-Key is its canonical hash."""
    expect(inv.requests, f"{what}: nothing arrived")
    for r in inv.requests:
        h = {k.lower(): v for k, v in r["headers"].items()}
        expect(r["path"] == "/v1/ingest", f"{what}: path {r['path']}")
        expect(h.get("authorization") == "Bearer " + token,
               f"{what}: Authorization is not the bearer token")
        expect(h.get("content-type") == "application/vnd.cyclonedx+json",
               f"{what}: Content-Type {h.get('content-type')}")
        bom = check_reports.validate_bom(json.loads(r["body"]), what)
        expect(h.get("idempotency-key") == canonical_key(bom),
               f"{what}: Idempotency-Key is not the canonical hash of the batch")


def keys(inv):
    return [r["headers"].get("Idempotency-Key") for r in inv.requests]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    secret_dir = tempfile.mkdtemp(prefix="credtaint-export-test-")
    servers = []
    try:
        r = Runner(args, secret_dir)
        plain = Inventory()
        servers.append(plain)
        url = f"http://127.0.0.1:{plain.port}"
        fast = ["--backoff", "0.01"]

        # --dry-run: one valid BOM a line, nothing sent, no token needed;
        # the same batches give the same keys on every run.
        p = r.export("--dry-run", "--batch-size", "2", what="dry-run")
        lines = p.stdout.splitlines()
        expect(len(lines) == 2, f"dry-run: {len(lines)} BOMs for 4 findings in 2s")
        boms = [check_reports.validate_bom(json.loads(l), "dry-run") for l in lines]
        with open(os.path.join(args.work, "dry-run.cdx.jsonl"), "w") as f:
            f.write(p.stdout)
        dry_keys = re.findall(r"Idempotency-Key ([0-9a-f]{64})", p.stderr)
        expect(dry_keys == [canonical_key(b) for b in boms], "dry-run: keys printed")
        again = r.export("--dry-run", "--batch-size", "2", what="dry-run again")
        expect(re.findall(r"Idempotency-Key ([0-9a-f]{64})", again.stderr) == dry_keys,
               "dry-run: keys change between runs")
        expect(json.loads(again.stdout.splitlines()[0])["serialNumber"]
               != boms[0]["serialNumber"], "dry-run: serial numbers repeat")
        expect(plain.requests == [], "dry-run sent something")
        vulns = [v for b in boms for v in b["vulnerabilities"]]
        exposed = [c for b in boms for c in b["components"]
                   if c["cryptoProperties"]["relatedCryptoMaterialProperties"]["state"]
                   == "compromised"]
        expect(any(v["cwes"] == [532] for v in vulns) and exposed,
               "dry-run: the secret-in-log finding and its compromised credential")

        # merge --cyclonedx: the same mapping, one BOM with every finding.
        merged_bom = os.path.join(args.work, "merged.cdx.json")
        subprocess.run([args.tool, "merge", "-q", "--project", "inputs",
                        "--cyclonedx", merged_bom, *r.inputs], check=True)
        with open(merged_bom) as f:
            one = check_reports.validate_bom(json.load(f), "merge --cyclonedx")
        expect(sorted(v["id"] for v in one["vulnerabilities"])
               == sorted(v["id"] for v in vulns)
               and one["metadata"]["component"]["name"] == "inputs",
               "merge --cyclonedx: the findings of the dry run, in one BOM")

        # 503 then 200: retried with the same key, accepted.
        plain.reset([(503, {}, {"error": "database busy"})])
        r.export("--server", url, *fast, what="503 then 200")
        check_sent(plain, "503 then 200")
        expect(len(plain.requests) == 2 and len(set(keys(plain))) == 1,
               f"503 then 200: {len(plain.requests)} requests, keys {keys(plain)}")
        first_key = keys(plain)[0]

        # A re-run of the same export sends the same key; the server replays.
        plain.reset()
        p = r.export("--server", url + "/", what="re-run")
        expect(keys(plain) == [first_key], "re-run: the key changed")
        expect("replayed" in p.stderr, "re-run: the replay is not reported")

        # 429 with Retry-After: the client waits what the server asks
        # (1 s), not its own backoff (0.01 s).
        plain.reset([(429, {"Retry-After": "1"}, {"error": "slow down"})])
        p = r.export("--server", url, *fast, what="429 Retry-After")
        expect(len(plain.requests) == 2 and len(set(keys(plain))) == 1,
               "429: retried once with the same key")
        expect("HTTP 429: slow down; retry 1/5 in 1.00 s" in p.stderr,
               "429: Retry-After not honoured:\n" + p.stderr)

        # 503 with Retry-After as an HTTP-date three seconds ahead: the wait
        # is what is left until then (whole seconds), not the backoff.
        when = email.utils.formatdate(time.time() + 3, usegmt=True)
        plain.reset([(503, {"Retry-After": when}, {"error": "maintenance"})])
        p = r.export("--server", url, *fast, what="503 Retry-After date")
        expect(len(plain.requests) == 2, "503 with a date: retried once")
        expect(re.search(r"HTTP 503: maintenance; retry 1/5 in [1-3]\.00 s", p.stderr),
               "503: Retry-After HTTP-date not honoured:\n" + p.stderr)

        # 200 naming refused entries: the server kept the rest; each refusal
        # is an error line (control characters flattened), and exit 1.
        plain.reset([(200, {}, {"credentials": 1, "findings": 0, "new_credentials": 1,
                                "new_findings": 0, "replayed": False,
                                "rejected": ["$.components[1].name: missing\n\x1b[2Jspoof"],
                                "rejected_count": 3})])
        p = r.export("--server", url, *fast, rc=1, what="200 with refusals")
        expect("the server refused $.components[1].name: missing  [2Jspoof" in p.stderr,
               "refusals: each printed on one line:\n" + p.stderr)
        expect("and 2 more entries refused" in p.stderr, "refusals: the rest counted")

        # 500 every time: gives up after --max-retries, exit 3.
        plain.reset([(500, {}, {"error": "boom"})] * 10)
        p = r.export("--server", url, "--max-retries", "2", *fast, rc=3,
                     what="500 forever")
        expect(len(plain.requests) == 3 and len(set(keys(plain))) == 1,
               f"500: {len(plain.requests)} attempts, expected 3 with one key")
        expect("gave up after 3 attempts" in p.stderr, "500: says it gave up")

        # 401: not retried, exit 1.
        plain.reset([(401, {}, {"error": "unknown API key"})] * 3)
        p = r.export("--server", url, *fast, rc=1, what="401")
        expect(len(plain.requests) == 1, "401 is not retried")
        expect("refused the token" in p.stderr and "unknown API key" in p.stderr,
               "401: message")

        # 400 on batch 1 of 2: batch 2 is still sent; exit 1.
        plain.reset([(400, {}, {"error": "$.components[0].name: must not be empty"})])
        p = r.export("--server", url, "--batch-size", "2", *fast, rc=1,
                     what="400 on one batch")
        expect(len(plain.requests) == 2, "400: the other batch is sent")
        expect(keys(plain) == dry_keys, "batch keys equal the dry run's")
        expect("$.components[0].name: must not be empty" in p.stderr, "400: message")

        # A reply slower than --timeout: retried, then accepted.
        plain.reset([("sleep", 3)])
        r.export("--server", url, "--timeout", "1", *fast, what="timeout")
        expect(len(plain.requests) == 2 and len(set(keys(plain))) == 1,
               "timeout: retried once with the same key")

        # The token from an environment variable (default and named).
        plain.reset()
        r.export("--server", url, token=False,
                 env={"CREDTAINT_INVENTORY_TOKEN": ENV_TOKEN}, what="token env default")
        check_sent(plain, "token env default", ENV_TOKEN)
        plain.reset()
        r.export("--server", url, "--token-env", "MY_INVENTORY_KEY", token=False,
                 env={"MY_INVENTORY_KEY": ENV_TOKEN}, what="token env named")
        check_sent(plain, "token env named", ENV_TOKEN)

        # Refused before anything is sent: no token, a token on argv, plain
        # http:// to a non-loopback host.
        plain.reset()
        p = r.export("--server", url, token=False, rc=2, what="no token")
        expect("CREDTAINT_INVENTORY_TOKEN is not set" in p.stderr, "no token: message")
        p = r.export("--server", url, "--token", ARGV_TOKEN, token=False, rc=2,
                     what="--token on argv")
        expect("--token is refused" in p.stderr, "--token: message")
        p = r.export("--server", "http://inventory.example.com:8080", rc=2,
                     what="http to non-loopback")
        expect(len(p.stderr.strip().splitlines()) == 1
               and "plain http:// is refused" in p.stderr, "http: one-line error")
        expect(plain.requests == [], "a refused export sent something")

        # Nobody listening: connection refused, retried, exit 3.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = s.getsockname()[1]
        p = r.export("--server", f"http://127.0.0.1:{closed}", "--max-retries", "1",
                     *fast, rc=3, what="connection refused")
        expect("retry 1/1" in p.stderr, "connection refused: retried")

        # TLS: verified against --cacert; a wrong CA or the system's fail.
        tls = Inventory(make_pki(secret_dir))
        servers.append(tls)
        for host in ("127.0.0.1", "localhost"):
            turl = f"https://{host}:{tls.port}"
            tls.reset()
            p = r.export("--server", turl, "--cacert",
                         os.path.join(secret_dir, "wrong-ca.pem"), *fast, rc=3,
                         what=f"TLS wrong CA ({host})")
            expect("TLS verification" in p.stderr and tls.requests == [],
                   "wrong CA: refused before any request")
            r.export("--server", turl, *fast, rc=3, what=f"TLS system CAs ({host})")
            expect(tls.requests == [], "system CAs: nothing sent")
            r.export("--server", turl, "--cacert", os.path.join(secret_dir, "ca.pem"),
                     what=f"TLS right CA ({host})")
            check_sent(tls, f"TLS right CA ({host})")
            expect(len(tls.requests) == 1 and keys(tls) == [first_key],
                   "TLS: one request, the same key as over loopback http")
        print("export: all checks passed")
        return 0
    except check_reports.CheckError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    finally:
        for s in servers:
            s.close()
        shutil.rmtree(secret_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
