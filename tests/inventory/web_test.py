#!/usr/bin/env python3
"""credtaint-inventory's web pages in headless Chromium: an exposed
credential shows as rotation-required with its findings on the list and
detail pages; everything from a BOM is HTML-escaped; signing in goes through
one-time links; a screenshot of the detail page is kept in the work
directory (credential.png) as a build artefact."""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import invtest  # noqa: E402
from invtest import component, vulnerability, bom  # noqa: E402

SKIP = 77
CHROMIUM = "/usr/bin/chromium"
FP = "hmac-sha256:k1:5eb1a77e0c0ffee0"
FP_HOSTILE = "hmac-sha256:k1:0bad0bad0bad"
HOSTILE_NAME = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)


def chromium(args, work):
    """Runs headless Chromium with a throwaway profile; returns stdout."""
    profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}"] + args
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RuntimeError("chromium did not finish in 90 s")
    finally:
        # Chromium may leave helpers behind in its session; end them all.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        shutil.rmtree(profile, ignore_errors=True)
    return out.decode("utf-8", errors="replace")


def signin_url(server, read_key, next_path):
    status, body, _ = server.request("POST", "/v1/login-tickets", key=read_key)
    assert status == 200, f"login ticket: HTTP {status}"
    q = urllib.parse.urlencode({"ticket": body["ticket"], "next": next_path})
    return f"http://127.0.0.1:{server.port}/login?{q}", body["ticket"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        print("chromium is not installed (apt-get install chromium): skipped")
        return SKIP
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    schema = invtest.SchemaCheck(args.schema)
    # The day after the findings: the exposure is within its deadline.
    os.environ["CREDTAINT_INVENTORY_NOW"] = "2026-01-03T00:00:00Z"
    db = os.path.join(args.work, "inventory.db")
    keys = {r: invtest.create_key(args.server, db, r, f"web-{r}") for r in ("read", "ingest", "admin")}

    with invtest.Server(args.server, db, args.work) as s:
        b = schema.check(bom([component(FP, "PAYMENTS_API_TOKEN", scope="api.example.test"),
                              component(FP_HOSTILE, HOSTILE_NAME, kind="password")],
                             [vulnerability("fw-log", FP, "secret-in-log", test="Payments.LogsRequest"),
                              vulnerability("fw-cmd", FP, "credential-in-command-line",
                                            test="Payments.SpawnsCurl")]))
        st, body, _ = s.request("POST", "/v1/ingest", body=b, key=keys["ingest"])
        assert st == 200, f"ingest: {st} {body}"
        st, _, _ = s.request("PATCH", f"/v1/credentials/{FP}", body={"owner": "payments-team"},
                             key=keys["admin"])
        assert st == 200

        # Not signed in: the list page sends the browser to the sign-in form.
        dom = chromium(["--dump-dom", f"http://127.0.0.1:{s.port}/"], args.work)
        check('action="/login"' in dom and 'name="key"' in dom, "unauthenticated / shows the sign-in form")
        check(FP not in dom, "no inventory data without signing in")

        # The list page.
        url, _ = signin_url(s, keys["read"], "/")
        dom = chromium(["--dump-dom", url], args.work)
        with open(os.path.join(args.work, "list.html"), "w") as f:
            f.write(dom)
        row = re.search(r'<tr data-fingerprint="' + re.escape(FP) + r'">(.*?)</tr>', dom, re.S)
        check(row is not None, "list page has a row for the exposed credential")
        if row:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
            text = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
            # kind, name, owner, state, project, open findings, rotate by, last seen
            check(text[:4] + text[5:6] == ["api-key", "PAYMENTS_API_TOKEN", "payments-team",
                                           "rotation-required", "2"], f"list row cells: {text}")
            check(text[7].startswith("2026-01-02T00:00:00"), f"last seen: {text[7]}")
        check("web-read" in dom, "list shows who is signed in")
        # The server's own keys are listed as credentials.
        check(dom.count("credtaint-inventory</td>") >= 3, "the server's keys are in the list")
        # Hostile names are text, not markup: no script ran, no element made.
        check("<script>document.title" not in dom and "<img src" not in dom, "names are escaped")
        check("&lt;script&gt;" in dom, "the escaped name is shown")
        check("<title>Credentials" in dom, "no injected script changed the title")

        # The detail page, and its screenshot.
        detail = f"/credentials/{FP}"
        url, ticket = signin_url(s, keys["read"], detail)
        dom = chromium(["--dump-dom", url], args.work)
        with open(os.path.join(args.work, "credential.html"), "w") as f:
            f.write(dom)
        check('state-rotation-required">rotation-required<' in dom, "detail shows rotation-required")
        rules = re.findall(r'<td class="rule">([^<]*)</td>', dom)
        check(sorted(rules) == ["credential-in-command-line", "secret-in-log"], f"detail findings: {rules}")
        check("Payments.LogsRequest" in dom and "Payments.SpawnsCurl" in dom, "findings name their tests")
        check("credential.status" in dom and "credential.updated" in dom, "detail shows the history")
        check("payments-team" in dom, "detail shows the owner")

        # A used sign-in link does not work again.
        again = chromium(["--dump-dom", url], args.work)
        check("not valid" in again and FP not in again, "a sign-in link works once")

        # A bearer read key is served without a session; unknown credentials are 404.
        st, page, _ = s.request("GET", "/credentials/hmac-sha256:k1:none", key=keys["read"], raw=True)
        check(st == 404 and "Not found" in page, f"unknown credential page is 404 ({st})")
        st, page, hdrs = s.request("GET", "/", key=keys["read"], raw=True)
        check(st == 200 and FP in page, "list page with a bearer read key")
        check("script-src" not in hdrs.get("content-security-policy", "x") and
              "default-src 'none'" in hdrs.get("content-security-policy", ""), "CSP allows no script")
        st, _, _ = s.request("GET", "/", key=keys["ingest"], raw=True)
        check(st == 303, f"an ingest key does not open the page ({st})")

        # An ingest-only key cannot get a sign-in link.
        st, _, _ = s.request("POST", "/v1/login-tickets", key=keys["ingest"])
        check(st == 403, f"ingest key gets no sign-in link ({st})")

        url, _ = signin_url(s, keys["read"], detail)
        shot = os.path.join(args.work, "credential.png")
        chromium([f"--screenshot={shot}", "--window-size=1280,900", "--hide-scrollbars", url], args.work)
        ok = os.path.isfile(shot) and os.path.getsize(shot) > 10000
        if ok:
            with open(shot, "rb") as f:
                ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
        check(ok, "a PNG screenshot of the detail page was written")

        for p in ["list.html", "credential.html", "server.log"]:
            with open(os.path.join(args.work, p), errors="replace") as f:
                text = f.read()
            for role, k in keys.items():
                check(k[23:] not in text, f"the {role} key appears in {p}")
            check(ticket not in text or p != "server.log", "the sign-in ticket is not logged")

    if failures:
        print(f"{len(failures)} checks failed", file=sys.stderr)
        return 1
    print(f"all web checks passed; screenshot: {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
