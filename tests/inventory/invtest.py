"""Shared by the inventory tests and bench/ingest.py: BOMs built to the wire
contract (and checked against the CycloneDX 1.7 schema), API keys made with
`credtaint-inventory keys create`, and the server as a child process on a
free loopback port that is always stopped."""
import json
import os
import signal
import subprocess
import time
import uuid
import http.client
import ssl
import warnings

EXPOSURE_RULES = ["secret-in-log", "secret-in-file", "cleartext-transmission",
                  "credential-in-url", "credential-in-command-line", "hardcoded-credential"]
KIND_TO_TYPE = {"password": "password", "token": "token", "api-key": "credential",
                "private-key": "private-key", "cloud-credential": "credential",
                "connection-string": "credential", "generic-secret": "other"}


def iso_now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def component(fp, name, kind="api-key", scope=None, first="2026-01-01T00:00:00Z",
              last="2026-01-02T00:00:00Z", defined_at="src/client.cpp:42", seen=False,
              hosts=None, owner=None, owner_reason=None):
    """A credential component; `seen`, `hosts` (a list), `owner`/`owner_reason`
    add the issue 17 properties (credtaint:seen, credtaint:hosts,
    credtaint:owner-suggested, credtaint:owner-reason)."""
    props = [{"name": "credtaint:kind", "value": kind},
             {"name": "credtaint:fingerprint", "value": fp},
             {"name": "credtaint:defined-at", "value": defined_at},
             {"name": "credtaint:first-seen", "value": first},
             {"name": "credtaint:last-seen", "value": last}]
    if scope:
        props.insert(2, {"name": "credtaint:scope", "value": scope})
    if seen:
        props.append({"name": "credtaint:seen", "value": "true"})
    if hosts:
        props.append({"name": "credtaint:hosts", "value": ",".join(sorted(set(hosts)))})
    if owner:
        props.append({"name": "credtaint:owner-suggested", "value": owner})
        if owner_reason:
            props.append({"name": "credtaint:owner-reason", "value": owner_reason})
    return {
        "type": "cryptographic-asset", "bom-ref": f"credential:{fp}", "name": name,
        "cryptoProperties": {
            "assetType": "related-crypto-material",
            "relatedCryptoMaterialProperties": {
                "type": KIND_TO_TYPE[kind], "id": fp, "state": "active",
                "creationDate": first, "updateDate": last, "size": 256,
                "fingerprint": {"alg": "SHA-256", "content": "ab" * 32}}},
        "properties": props}


def vulnerability(fid, fp, rule, created="2026-01-02T00:00:00Z", test="ApiClient.LogsRequest",
                  severity="high"):
    return {
        "bom-ref": f"finding:{fid}", "id": fid, "source": {"name": "credtaint"},
        "cwes": [532], "ratings": [{"source": {"name": "credtaint"}, "severity": severity,
                                    "method": "other"}],
        "description": "Credential written to a log", "detail": "API_TOKEN (ghx_****) reached fwrite",
        "created": created, "affects": [{"ref": f"credential:{fp}"}],
        "properties": [{"name": "credtaint:rule", "value": rule},
                       {"name": "credtaint:detector", "value": "flow"},
                       {"name": "credtaint:sink", "value": "fwrite(stderr) at src/client.cpp:57"},
                       {"name": "credtaint:source", "value": "src/client.cpp:42"},
                       {"name": "credtaint:test", "value": test}]}


def bom(components, vulnerabilities, project="demo", batch="1/1", run=None, run_started=None,
        vcs=None):
    """A batch; `run`, `run_started`, `vcs` add credtaint:run,
    credtaint:run-started and credtaint:vcs to the metadata."""
    props = [{"name": "credtaint:batch", "value": batch}]
    for name, value in (("credtaint:run", run), ("credtaint:run-started", run_started),
                        ("credtaint:vcs", vcs)):
        if value:
            props.append({"name": name, "value": value})
    b = {"bomFormat": "CycloneDX", "specVersion": "1.7",
         "serialNumber": f"urn:uuid:{uuid.uuid4()}", "version": 1,
         "metadata": {"timestamp": iso_now(),
                      "tools": {"components": [{"type": "application", "name": "credtaint",
                                                "version": "0.1.0"}]},
                      "component": {"type": "application", "bom-ref": "project", "name": project},
                      "properties": props},
         "components": components}
    if vulnerabilities:
        b["vulnerabilities"] = vulnerabilities
    return b


class SchemaCheck:
    """Validates BOMs against bom-1.7.SNAPSHOT.schema.json and its refs."""

    def __init__(self, schema_path):
        import jsonschema
        d = os.path.dirname(schema_path)
        with open(schema_path) as f:
            self.schema = json.load(f)
        store = {}
        for name in os.listdir(d):
            if name.endswith(".json"):
                with open(os.path.join(d, name)) as f:
                    store["http://cyclonedx.org/schema/" + name] = json.load(f)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            resolver = jsonschema.RefResolver.from_schema(self.schema, store=store)
            self.validator = jsonschema.Draft7Validator(self.schema, resolver=resolver)

    def check(self, doc):
        errors = sorted(self.validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            raise AssertionError("BOM does not match CycloneDX 1.7 at "
                                 f"{'/'.join(map(str, e.path))}: {e.message[:200]}")
        return doc


def create_key(server, db, role, name):
    out = subprocess.run([server, "keys", "create", "--role", role, "--name", name, "--db", db],
                         check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    key = out.stdout.strip()
    assert key.startswith("ctinv_") and len(key) == 6 + 16 + 1 + 64, "unexpected key shape"
    return key


class Server:
    """credtaint-inventory serve on 127.0.0.1, any free port."""

    def __init__(self, binary, db, workdir, extra=(), name="server", env=None):
        self.binary, self.db, self.workdir, self.extra = binary, db, workdir, list(extra)
        self.env = dict(os.environ, **(env or {}))
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.port_file = os.path.join(workdir, f"{name}.port")
        self.proc = None
        self.port = None
        self.tls = "--cert" in self.extra

    def start(self, timeout=30):
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", "0",
             "--port-file", self.port_file] + self.extra,
            stdout=log, stderr=log, start_new_session=True, env=self.env)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            if os.path.exists(self.port_file):
                with open(self.port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    return self
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("server did not start in time")

    def stop(self):
        """SIGTERM, then SIGKILL if it lingers; returns the exit code."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        """kill -9: no chance to flush or clean up."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def conn(self, timeout=60):
        if self.tls:
            ctx = ssl.create_default_context(cafile=self.extra[self.extra.index("--cert") + 1])
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, key=None, headers=None, raw=False):
        """(status, parsed JSON or text, headers). `body` may be a dict (sent as JSON)."""
        h = dict(headers or {})
        if key:
            h["Authorization"] = f"Bearer {key}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/vnd.cyclonedx+json")
        c = self.conn()
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read().decode("utf-8", errors="replace")
            hdrs = {k.lower(): v for k, v in r.getheaders()}
        finally:
            c.close()
        if not raw and hdrs.get("content-type", "").startswith("application/json"):
            data = json.loads(data)
        return r.status, data, hdrs

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.stop()
