"""The lifecycle endpoints of credtaint-inventory (issue 17) on the real
server binary, over a database of their own so the metrics are exact:
`serve --policy` (each problem one line, exit 2), the clock moved by
restarting the server with CREDTAINT_INVENTORY_NOW, owner suggestions, the
list's filters, search, sort, total and counts, a deadline passing, a
rotation failed and then verified by later runs, a dormant credential, a
revoked one in use, GET /v1/metrics and GET /v1/evidence (JSON and CSV
parsed with the csv module), roles and bad query parameters.

Called by api_test.py with its check/expect helpers."""
import csv
import datetime
import io
import json
import os
import subprocess
import urllib.parse

import invtest
from invtest import component, vulnerability, bom

PROJECT = "life"
A, A2 = "hmac-sha256:k1:11fe0001", "hmac-sha256:k1:11fe0002"
B, D = "hmac-sha256:k1:11fe00b0", "hmac-sha256:k1:11fe00d0"
COMMIT = "89abcdef0123456789abcdef0123456789abcdef"
OWNER, REASON = "@acme/db-team", "CODEOWNERS line 12: /src/db/ @acme/db-team"
POLICY = {"deadlines": {"high": "7d"}, "verify_after_runs": 2, "dormant_after": None,
          "dormant_after_runs": 2}
CREDENTIAL_FIELDS = {"state", "owner", "owner_source", "owner_reason", "unowned", "rotate_by",
                     "superseded_by", "supersedes", "rotation", "hosts", "last_seen_run",
                     "project", "severity"}
EVIDENCE_COLUMNS = ["id", "at", "event", "action", "credential", "name", "kind", "project",
                    "actor", "detail"]


def q(fp):
    return urllib.parse.quote(fp, safe=":")


def one_line(body):
    return isinstance(body, dict) and isinstance(body.get("error"), str) and \
        "\n" not in body["error"] and body["error"] != ""


def seen(fp, name, defined_at, **kw):
    return component(fp, name, defined_at=defined_at, seen=True, **kw)


def run_bom(run, comps, vulns=(), batch="1/1"):
    return bom(list(comps), list(vulns), project=PROJECT, batch=batch, run=run,
               vcs=f"https://github.com/acme/life@{COMMIT}")


class Lifecycle:
    def __init__(self, args, db, work, schema, check, expect):
        self.args, self.db, self.work, self.schema = args, db, work, schema
        self.check, self.expect = check, expect
        self.policy = os.path.join(work, "policy.json")
        with open(self.policy, "w") as f:
            json.dump(POLICY, f)
        self.keys = {r: invtest.create_key(args.server, db, r, f"life-{r}")
                     for r in ("admin", "ingest", "read")}
        self.server = None

    # -- the server at a fixed clock ----------------------------------------
    def at(self, now):
        if self.server:
            self.server.stop()
        self.server = invtest.Server(self.args.server, self.db, self.work,
                                     ["--policy", self.policy], name="life",
                                     env={"CREDTAINT_INVENTORY_NOW": now})
        self.server.start()
        return self.server

    def get(self, path, key="read", status=200):
        r = self.server.request("GET", path, key=self.keys[key] if key else None)
        return self.expect(r, status, f"GET {path}")

    def ingest(self, b, what):
        r = self.server.request("POST", "/v1/ingest", body=self.schema.check(b),
                                key=self.keys["ingest"])
        return self.expect(r, 200, what)

    def cred(self, fp):
        return self.get(f"/v1/credentials/{q(fp)}")

    def actions(self, fp, action):
        audit = self.get(f"/v1/audit?target={q(fp)}")["audit"]
        return [a for a in audit if a["action"] == action]

    # -- the scenario --------------------------------------------------------
    def refuses_bad_policies_and_clocks(self):
        bad = os.path.join(self.work, "bad-policy.json")
        with open(bad, "w") as f:
            json.dump({"deadlines": {"high": "7x", "urgent": "1d"}, "verify_after_runs": 0,
                       "colour": "red"}, f)
        for extra, env, lines in (
                (["--policy", bad], {}, 4),
                (["--policy", os.path.join(self.work, "missing.json")], {}, 1),
                ([], {"CREDTAINT_INVENTORY_NOW": "next tuesday"}, 1)):
            p = subprocess.run([self.args.server, "serve", "--db", self.db, "--port", "0"] + extra,
                               env=dict(os.environ, **env), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=30)
            errors = [l for l in p.stderr.splitlines() if l.startswith("credtaint-inventory: ")]
            self.check(p.returncode == 2, f"serve {extra} {env}: exit {p.returncode}, expected 2")
            self.check(len(errors) == lines and len(p.stderr.splitlines()) == lines,
                       f"serve {extra} {env}: {lines} problem line(s) expected, got {p.stderr!r}")
            if extra and extra[1] == bad:
                paths = sorted(l.split(": ")[2] for l in errors)
                self.check(paths == ["$.colour", "$.deadlines.high", "$.deadlines.urgent",
                                     "$.verify_after_runs"], f"each problem names its path: {errors}")

    def owners_and_list(self):
        self.at("2026-03-02T00:00:00Z")
        r = self.ingest(run_bom("r1", [
            seen(A, "API_TOKEN", "src/db/a.cpp:1", hosts=["api.github.com"], owner=OWNER,
                 owner_reason=REASON, scope="*.github.com"),
            seen(B, "DB_PASSWORD", "src/db/b.cpp:2"),
            seen(D, "DORMANT_KEY", "src/d.cpp:3")],
            [vulnerability("lf-1", A, "secret-in-log", created="2026-03-01T00:00:00Z")]), "r1")
        self.check(r.get("run") == "r1" and r.get("run_seq") == 1, f"ingest names the run: {r}")
        a = self.cred(A)
        missing = CREDENTIAL_FIELDS - set(a)
        self.check(not missing, f"credential JSON lacks {missing}")
        self.check(a["state"] == "rotation-required" and a["severity"] == "high" and
                   a["rotate_by"] == "2026-03-08T00:00:00.000Z", f"deadline: {a}")
        self.check(a["owner"] == OWNER and a["owner_source"] == "suggested" and
                   a["owner_reason"] == REASON and a["unowned"] is False, f"suggested owner: {a}")
        self.check(a["hosts"] and a["hosts"][0]["host"] == "api.github.com" and
                   a["hosts"][0]["runs"] == 1, f"hosts: {a['hosts']}")
        self.check(a["last_seen_run"] == "r1" and a["project"] == PROJECT and
                   a["rotation"] is None, f"run fields: {a}")
        self.check(a["findings_list"][0]["source_url"] ==
                   f"https://github.com/acme/life/blob/{COMMIT}/src/client.cpp#L42",
                   f"source link: {a['findings_list'][0]}")
        with open(os.path.join(self.work, "credential.json"), "w") as f:
            json.dump(a, f, indent=2)

        lst = self.get(f"/v1/credentials?project={PROJECT}&state=unowned&sort=name")
        self.check([c["name"] for c in lst["credentials"]] == ["DB_PASSWORD", "DORMANT_KEY"],
                   f"unowned filter: {lst}")
        self.check(lst["total"] == 2 and lst["counts"]["unowned"] == 2 and
                   lst["counts"]["rotation-required"] == 1 and lst["counts"]["active"] == 2,
                   f"total and counts: {lst['total']} {lst['counts']}")
        lst = self.get(f"/v1/credentials?project={PROJECT}&q=db&sort=-name&limit=1")
        self.check(lst["total"] == 2 and [c["name"] for c in lst["credentials"]] == ["DB_PASSWORD"],
                   f"search name/owner, sort descending, limit: {lst}")
        for query in ("state=lost", "sort=colour", "sort=-", "q=" + "x" * 300, "limit=0"):
            body = self.get(f"/v1/credentials?{query}", status=400)
            self.check(one_line(body), f"?{query}: one-line error {body}")
        self.expect(self.server.request("PATCH", f"/v1/credentials/{q(B)}", body={"owner": "dba"},
                                        key=self.keys["admin"]), 200, "PATCH owner")
        b = self.cred(B)
        self.check(b["owner"] == "dba" and b["owner_source"] == "admin" and not b["unowned"],
                   f"admin owner: {b}")

    def deadline_and_failed_rotation(self):
        self.at("2026-03-10T00:00:00Z")
        a = self.cred(A)
        self.check(a["state"] == "overdue", f"overdue at the fixed clock: {a['state']}")
        self.at("2026-03-10T00:00:00Z")  # a restart audits nothing twice
        self.check(len(self.actions(A, "credential.overdue")) == 1, "credential.overdue once")

        path = f"/v1/credentials/{q(A)}/rotations"
        for key, body, status in (("read", {"note": "x"}, 403), ("ingest", {"note": "x"}, 403),
                                  (None, {"note": "x"}, 401), ("admin", "{", 400),
                                  ("admin", {"colour": "red"}, 400), ("admin", {"note": 5}, 400)):
            r = self.server.request("POST", path, body=body, key=self.keys[key] if key else None,
                                    headers={"Content-Type": "application/json"})
            self.expect(r, status, f"POST rotations as {key} with {body}")
            self.check(one_line(r[1]), f"one-line error: {r[1]}")
        self.expect(self.server.request("POST", "/v1/credentials/hmac-sha256:k1:none/rotations",
                                        body={}, key=self.keys["admin"]), 404, "rotate unknown")
        a = self.expect(self.server.request("POST", path, body={"note": "new key in vault"},
                                            key=self.keys["admin"]), 201, "record a rotation")
        self.check(a.get("state") == "active" and a["rotation"]["state"] == "pending" and
                   a["rotation"]["note"] == "new key in vault", f"rotation pending: {a}")
        # The next run still loads the old value.
        self.ingest(run_bom("r2", [seen(A, "API_TOKEN", "src/db/a.cpp:1", hosts=["api.github.com"],
                                        owner=OWNER, owner_reason=REASON)]), "r2")
        a = self.cred(A)
        self.check(a["rotation"]["state"] == "failed" and a["status"] == "rotation-required" and
                   a["state"] == "overdue", f"rotation failed: {a['rotation']} {a['state']}")
        self.check(len(self.actions(A, "rotation.failed")) == 1, "rotation.failed audited")
        self.check(a["hosts"][0]["runs"] == 2, f"host runs counted: {a['hosts']}")
        self.expect(self.server.request("POST", path, body={"note": "second try"},
                                        key=self.keys["admin"]), 201, "rotate again")

    def verified_dormant_revoked(self):
        self.at("2026-03-12T00:00:00Z")
        for run in ("r3", "r4"):
            self.ingest(run_bom(run, [
                seen(A2, "API_TOKEN", "src/db/a.cpp:1", owner=OWNER, owner_reason=REASON),
                seen(B, "DB_PASSWORD", "src/db/b.cpp:2")]), run)
        a, a2, d = self.cred(A), self.cred(A2), self.cred(D)
        self.check(a["rotation"]["state"] == "verified" and a["superseded_by"] == A2 and
                   a2["supersedes"] == A, f"verified: {a['rotation']} {a['superseded_by']}")
        self.check(d["state"] == "dormant" and len(self.actions(D, "credential.dormant")) == 1,
                   f"dormant after 2 runs without it: {d['state']}")
        self.expect(self.server.request("PATCH", f"/v1/credentials/{q(B)}",
                                        body={"status": "revoked"}, key=self.keys["admin"]), 200,
                    "revoke")
        for batch in ("1/2", "2/2"):
            self.ingest(run_bom("r5", [seen(B, "DB_PASSWORD", "src/db/b.cpp:2")], batch=batch),
                        f"r5 {batch}")
        in_use = self.actions(B, "revoked.in-use")
        self.check(len(in_use) == 1 and in_use[0]["detail"]["run"] == "r5",
                   f"revoked.in-use once per run: {in_use}")
        r = self.expect(self.server.request("POST", f"/v1/credentials/{q(B)}/rotations", body={},
                                            key=self.keys["admin"]), 409, "rotate a revoked one")
        self.check(one_line(r), f"409 says why: {r}")

    def metrics(self):
        for key, status in (("ingest", 403), (None, 401)):
            self.get("/v1/metrics", key=key, status=status)
        m = self.get("/v1/metrics")
        with open(os.path.join(self.work, "metrics.json"), "w") as f:
            json.dump(m, f, indent=2)
        # A superseded, D and A's old value unused: dormant; B revoked; A2
        # and the three keys active. Owned: A and A2 (suggested), the keys.
        want = {"active": 4, "rotation-required": 0, "overdue": 0, "dormant": 2, "revoked": 1,
                "unowned": 1}
        self.check(m["states"] == want, f"states {m['states']} != {want}")
        self.check(m["credentials"] == 7 and m["owned"] == 5 and m["owned_of"] == 6 and
                   abs(m["owned_share"] - 5 / 6) < 1e-9, f"owned: {m}")
        # One rotation of an exposure that held (the failed one is left out),
        # recorded after its deadline.
        self.check(m["rotated_within_deadline"] == 0 and m["rotated_within_deadline_of"] == 1 and
                   m["rotated_within_deadline_share"] == 0, f"within deadline: {m}")
        t = m["time_to_verified_rotation"]
        eleven_days = 11 * 86400
        self.check(t == {"count": 1, "median_seconds": eleven_days, "p90_seconds": eleven_days},
                   f"exposure to verified: {t}")
        self.check(m["open_exposures_by_rule"] == {}, f"open exposures: {m['open_exposures_by_rule']}")
        now = datetime.date(2026, 3, 12)
        weeks = [now - datetime.timedelta(weeks=w) for w in range(11, -1, -1)]
        labels = ["%d-W%02d" % d.isocalendar()[:2] for d in weeks]
        self.check([w["week"] for w in m["trend"]] == labels, f"trend weeks: {m['trend']}")
        counts = {w["week"]: (w["exposed"], w["rotated"], w["verified"]) for w in m["trend"]}
        self.check(counts.get("2026-W10") == (1, 0, 0) and counts.get("2026-W11") == (0, 2, 1) and
                   sum(map(sum, counts.values())) == 4, f"trend counts: {counts}")

    def evidence(self):
        expected = [("inventoried", "API_TOKEN"), ("owned", "API_TOKEN"),
                    ("inventoried", "DB_PASSWORD"), ("inventoried", "DORMANT_KEY"),
                    ("exposed", "API_TOKEN"), ("owned", "DB_PASSWORD"),
                    ("overdue", "API_TOKEN"), ("rotated", "API_TOKEN"), ("failed", "API_TOKEN"),
                    ("rotated", "API_TOKEN"), ("inventoried", "API_TOKEN"), ("owned", "API_TOKEN"),
                    ("dormant", "DORMANT_KEY"), ("verified", "API_TOKEN"), ("dormant", "API_TOKEN"),
                    ("revoked", "DB_PASSWORD"), ("revoked-in-use", "DB_PASSWORD")]
        r = self.get("/v1/evidence?from=2026-03-01&to=2026-04-01T00:00:00Z")
        got = [(e["event"], e["name"]) for e in r["events"]]
        self.check(got == expected, f"evidence events:\n  {got}\n  != {expected}")
        self.check(r["count"] == len(expected) and r["from"] == "2026-03-01T00:00:00.000Z",
                   f"evidence header: {r['count']} {r['from']}")
        status, text, headers = self.server.request(
            "GET", "/v1/evidence?from=2026-03-01&to=2026-04-01&format=csv", key=self.keys["read"])
        self.check(status == 200 and headers.get("content-type", "").startswith("text/csv"),
                   f"CSV: {status} {headers.get('content-type')}")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        self.check(rows and rows[0] == EVIDENCE_COLUMNS, f"CSV header: {rows[:1]}")
        self.check([(row[2], row[5]) for row in rows[1:]] == expected, "CSV rows = JSON events")
        self.check(all(json.loads(row[9]) == e["detail"] for row, e in zip(rows[1:], r["events"])),
                   "CSV detail column is the JSON detail")
        self.check(text.endswith("\r\n") and "\r\n" in text, "CSV lines end with CRLF")
        later = self.get("/v1/evidence?from=2026-03-11T00:00:00%2B00:00&to=2026-04-01")["events"]
        self.check([e["event"] for e in later] == [e for e, _ in expected[10:]],
                   f"from= bounds the period: {[e['event'] for e in later]}")
        for query in ("from=yesterday", "to=2026-13-45", "from=2026-04-01&to=2026-03-01",
                      "format=xml"):
            body = self.get(f"/v1/evidence?{query}", status=400)
            self.check(one_line(body), f"evidence ?{query}: one-line 400 {body}")
        self.get("/v1/evidence", key="ingest", status=403)
        self.get("/v1/evidence", key=None, status=401)

    def run(self):
        try:
            self.refuses_bad_policies_and_clocks()
            self.owners_and_list()
            self.deadline_and_failed_rotation()
            self.verified_dormant_revoked()
            self.metrics()
            self.evidence()
        finally:
            if self.server:
                self.server.kill()
