#!/usr/bin/env python3
"""credtaint-inventory's pages as a security team uses them, in headless
Chromium driven over the DevTools protocol (cdp.py): data seeded through the
real API over three weeks of a fixed server clock (CREDTAINT_INVENTORY_NOW);
then, in the DOM Chromium built, the list filtered by state (with the form
and with the count links), sorted by a column (the order changes), narrowed
by a search, and an unknown sort refused; a credential's page with its
deadline, observed hosts and history, and its admin forms submitted as a
user would; a form POST without its CSRF token refused (in the browser and
with http.client using the session cookie Chromium holds), with it accepted;
admin sessions SameSite=Strict, readers' Lax; the metrics page's chart an
inline <svg> with one point per week of GET /v1/metrics' trend and the
seeded weeks' numbers; the Content-Security-Policy unchanged. Screenshots
of the list, a credential (overdue, then rotated) and the metrics are kept
in the work directory."""
import argparse
import os
import re
import shutil
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402
import invtest  # noqa: E402
from invtest import component, vulnerability, bom  # noqa: E402

SKIP = 77
CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
NOW = "CREDTAINT_INVENTORY_NOW"
# Three weeks of the server's clock: exposures in the first two, the rest
# (forms, the metrics) in the third.
WEEK1, WEEK2, WEEK3 = "2026-02-02T10:00:00Z", "2026-02-16T10:00:00Z", "2026-03-02T10:00:00Z"
LABEL1, LABEL2, LABEL3 = "2026-W06", "2026-W08", "2026-W10"

PAY = "hmac-sha256:k1:0a11ce0000000001"      # exposed in week 1 (overdue in week 3), rotated by form
DB = "hmac-sha256:k1:0a11ce0000000002"       # exposed in week 2, revoked by PATCH
AWS = "hmac-sha256:k1:0a11ce0000000003"      # exposed in week 2 (overdue), revoked by form
SMTP = "hmac-sha256:k1:0a11ce0000000007"     # exposed in week 3: rotation-required, unowned
GH = "hmac-sha256:k1:0a11ce0000000004"       # never exposed, owned, used with one host
SEARCH = "hmac-sha256:k1:0a11ce0000000005"   # a weak-hash finding only, unowned
HOSTILE = "hmac-sha256:k1:0a11ce0000000006"  # a name that is markup
HOSTILE_NAME = '<img src=x onerror=alert(1)>"PAY'
VCS = "https://github.com/acme/payments@" + "c0ffee" * 6 + "c0ff"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)
    return cond


def with_props(b, props):
    b["metadata"]["properties"] += [{"name": k, "value": v} for k, v in props.items()]
    return b


def week_server(args, db, week):
    os.environ[NOW] = week
    return invtest.Server(args.server, db, args.work)


def ingest(s, key, schema, doc):
    st, body, _ = s.request("POST", "/v1/ingest", body=schema.check(doc), key=key)
    assert st == 200, f"ingest: HTTP {st} {body}"
    return body


def seed(args, db, keys, schema):
    with week_server(args, db, WEEK1) as s:
        ingest(s, keys["ingest"], schema, with_props(bom(
            [component(PAY, "PAYMENTS_API_TOKEN", scope="*.payments.example")],
            [vulnerability("w1-log", PAY, "secret-in-log", created=WEEK1, test="Pay.Logs")],
            project="payments"), {"credtaint:run": "run-w1", "credtaint:vcs": VCS}))
    with week_server(args, db, WEEK2) as s:
        ingest(s, keys["ingest"], schema, with_props(bom(
            [component(DB, "DB_PASSWORD", kind="password"),
             component(AWS, "AWS_SECRET_ACCESS_KEY", kind="cloud-credential")],
            [vulnerability("w2-url", DB, "credential-in-url", created=WEEK2),
             vulnerability("w2-cmd", AWS, "credential-in-command-line", created=WEEK2),
             vulnerability("w2-log", AWS, "secret-in-log", created=WEEK2)],
            project="payments"), {"credtaint:run": "run-w2", "credtaint:vcs": VCS}))
    s = week_server(args, db, WEEK3).start()
    gh = component(GH, "GITHUB_TOKEN", kind="token", scope="*.github.com")
    gh["properties"] += [{"name": "credtaint:seen", "value": "true"},
                         {"name": "credtaint:hosts", "value": "api.github.com"}]
    ingest(s, keys["ingest"], schema, with_props(bom(
        [gh, component(SEARCH, "SEARCH_INDEX_KEY", kind="api-key"),
         component(SMTP, "SMTP_PASSWORD", kind="password"),
         component(HOSTILE, HOSTILE_NAME, kind="generic-secret")],
        [vulnerability("w3-weak", SEARCH, "weak-hash", created=WEEK3),
         vulnerability("w3-file", SMTP, "secret-in-file", created=WEEK3)], project="search"),
        {"credtaint:run": "run-w3"}))
    for fp, patch in ((PAY, {"owner": "payments-team"}), (GH, {"owner": "search-team"}),
                      (AWS, {"owner": "cloud-ops"}), (DB, {"status": "revoked"})):
        st, body, _ = s.request("PATCH", f"/v1/credentials/{fp}", body=patch, key=keys["admin"])
        assert st == 200, f"PATCH {patch}: {st} {body}"
    return s


def signin(s, b, key, next_path):
    st, body, _ = s.request("POST", "/v1/login-tickets", key=key)
    assert st == 200, f"login ticket: HTTP {st}"
    q = urllib.parse.urlencode({"ticket": body["ticket"], "next": next_path})
    return b.goto(f"http://127.0.0.1:{s.port}/login?{q}")


def list_rows(b):
    return b.evaluate("""Array.from(document.querySelectorAll('#credentials tbody tr')).map(tr => ({
        fp: tr.dataset.fingerprint,
        kind: tr.querySelector('.kind').textContent,
        name: tr.querySelector('.name').textContent,
        owner: tr.querySelector('.owner').textContent,
        state: tr.querySelector('.state').textContent,
        project: tr.querySelector('.project').textContent,
        open: Number(tr.querySelector('.open-findings').textContent)}))""")


def session_cookie(b):
    for c in b.cookies():
        if c["name"] == "ctinv_session":
            return c
    return None


def form_post(s, path, fields, token):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers["Cookie"] = f"ctinv_session={token}"
    return s.request("POST", path, body=urllib.parse.urlencode(fields), headers=headers, raw=True)


def test_list(s, b, base):
    st = b.goto(base + "/")
    check(st == 200, f"list page: HTTP {st}")
    everything = list_rows(b)
    by_fp = {r["fp"]: r for r in everything}
    check({PAY, DB, AWS, SMTP, GH, SEARCH, HOSTILE} <= set(by_fp),
          f"list has the seeded credentials: {sorted(by_fp)}")
    check(by_fp.get(PAY, {}).get("state") == "overdue", f"PAY is past its deadline: {by_fp.get(PAY)}")
    check(by_fp.get(SMTP, {}).get("state") == "rotation-required", f"SMTP: {by_fp.get(SMTP)}")
    check(by_fp.get(SEARCH, {}).get("owner") == "unowned", f"SEARCH is unowned: {by_fp.get(SEARCH)}")
    check(b.evaluate("document.title") == "Credentials · credtaint inventory", "no script changed the title")
    check(b.evaluate("document.querySelectorAll('img').length") == 0, "a hostile name made no element")
    check(by_fp.get(HOSTILE, {}).get("name") == HOSTILE_NAME, "the hostile name is shown as text")

    # Counts at the top, from the list reply's counts.
    counts = b.evaluate("""Object.fromEntries(Array.from(document.querySelectorAll('#counts a[id^=count-]'))
        .map(a => [a.id.slice(6), Number(a.querySelector('.n').textContent)]))""")
    st_api, api, _ = s.request("GET", "/v1/credentials?limit=1", key=s.read_key)
    api_counts = api.get("counts", {}) if st_api == 200 else {}
    check(all(counts.get(k) == v for k, v in api_counts.items()) and api_counts,
          f"the counts bar shows the API's counts: {counts} vs {api_counts}")
    check(counts.get("overdue") == 2 and counts.get("rotation-required") == 1 and counts.get("revoked") == 1,
          f"two overdue, one to rotate, one revoked: {counts}")
    check(counts.get("all") == len(everything), f"'all' counts every listed credential: {counts}")

    # Filter by state with the form, as a user: pick it and submit.
    st = b.submit("""(() => { const f = document.getElementById('filters');
        f.querySelector('select[name=state]').value = 'overdue'; f.submit(); })()""")
    check(st == 200 and "state=overdue" in b.url(), f"the filter form is a GET: {b.url()}")
    rows = list_rows(b)
    check(sorted(r["fp"] for r in rows) == sorted([PAY, AWS]), f"state filter: {[r['name'] for r in rows]}")
    check(all(r["state"] == "overdue" for r in rows), "filtered rows all overdue")
    check(b.evaluate("document.querySelectorAll('#credentials td.rotate-by.overdue').length") == 2,
          "overdue deadlines are highlighted")
    check(b.evaluate("document.querySelector('#filters select[name=state]').value") == "overdue",
          "the form shows the filter in force")
    b.goto(base + "/?state=rotation-required")
    check([r["fp"] for r in list_rows(b)] == [SMTP], "state=rotation-required")
    # The count link of a state is the same filter.
    st = b.submit("document.getElementById('count-revoked').click()")
    rows = list_rows(b)
    check([r["fp"] for r in rows] == [DB], f"revoked via its count link: {[r['name'] for r in rows]}")
    # Kind and project filters.
    b.goto(base + "/?kind=api-key&project=payments")
    check([r["fp"] for r in list_rows(b)] == [PAY], "kind + project filter")
    b.goto(base + "/?state=unowned")
    unowned = {r["fp"] for r in list_rows(b)}
    check(SEARCH in unowned and PAY not in unowned, f"unowned filter: {unowned}")
    b.goto(base + "/?owner=cloud-ops")
    check([r["fp"] for r in list_rows(b)] == [AWS], "owner filter")

    # Sort by a column: the header link toggles ascending / descending.
    b.goto(base + "/?project=payments")
    before = [r["name"] for r in list_rows(b)]
    b.submit("document.querySelector('th a[data-sort=name]').click()")
    check("sort=name" in b.url() and "project=payments" in b.url(), f"sort keeps the filters: {b.url()}")
    asc = [r["name"] for r in list_rows(b)]
    check(asc == sorted(asc) and len(asc) == 3, f"sorted by name: {asc}")
    b.submit("document.querySelector('th a[data-sort=name]').click()")
    check("sort=-name" in b.url(), f"second click sorts descending: {b.url()}")
    desc = [r["name"] for r in list_rows(b)]
    check(desc == list(reversed(asc)) and desc != asc, f"descending: {desc} (was {before})")
    check(b.evaluate("document.querySelector('th[aria-sort]').getAttribute('aria-sort')") == "descending",
          "the sorted column says so")
    b.goto(base + "/?sort=-open_findings")
    rows = list_rows(b)
    opens = [r["open"] for r in rows]
    check(opens == sorted(opens, reverse=True) and rows[0]["fp"] == AWS, f"sorted by open findings: {opens}")
    b.goto(base + "/?sort=open_findings")
    check([r["open"] for r in list_rows(b)] == sorted(opens), "ascending open findings")

    # Search (server-side, name or owner, any case) narrows the list.
    st = b.submit("""(() => { const f = document.getElementById('filters');
        f.querySelector('input[name=q]').value = 'PAY'; f.submit(); })()""")
    found = {r["fp"] for r in list_rows(b)}
    check(found == {PAY, HOSTILE}, f"search 'PAY' finds PAYMENTS_API_TOKEN and the name with PAY: {found}")
    check("q=PAY" in b.url(), f"the search is a query parameter: {b.url()}")
    b.goto(base + "/?q=search-team")
    check([r["fp"] for r in list_rows(b)] == [GH], "search by owner")
    b.goto(base + "/?q=nothing-like-this")
    check(list_rows(b) == [] and "No credential matches" in b.dom(), "a search without match")

    # Paging.
    b.goto(base + "/?limit=2&sort=name")
    page1 = [r["name"] for r in list_rows(b)]
    b.submit("document.getElementById('next').click()")
    page2 = [r["name"] for r in list_rows(b)]
    check(len(page1) == 2 and len(page2) == 2 and not set(page1) & set(page2), f"pages: {page1} {page2}")
    check("offset=2" in b.url(), f"next page link: {b.url()}")

    # A sort column that does not exist: 400 and one line.
    st = b.goto(base + "/?sort=password")
    text = b.evaluate("document.getElementById('error').textContent")
    check(st == 400 and text.startswith("query parameter sort: expected one of"), f"unknown sort: {st} {text}")
    check(b.evaluate("document.querySelectorAll('#credentials').length") == 0, "no list with a bad sort")
    st = b.goto(base + "/?state=lost")
    check(st == 400, f"unknown state: {st}")

    b.goto(base + "/")
    b.screenshot(os.path.join(s.work, "list.png"))


def test_reader(s, b, base):
    """A read key's session: SameSite=Lax, no forms, and its form POSTs refused."""
    cookie = session_cookie(b)
    check(cookie is not None and cookie["sameSite"] == "Lax" and cookie["httpOnly"],
          f"reader session cookie: {cookie}")
    b.goto(base + f"/credentials/{PAY}")
    check(b.evaluate("document.querySelectorAll('form.admin').length") == 0, "a reader gets no forms")
    csrf = b.evaluate("document.querySelector('header input[name=csrf]').value")
    st, page, _ = form_post(s, f"/credentials/{PAY}/edit", {"csrf": csrf, "owner": "mallory"},
                            cookie["value"])
    check(st == 403 and "Only an admin key" in page, f"a reader's form POST with its token: {st}")


def test_forms(s, b, base, keys):
    signin(s, b, keys["admin"], f"/credentials/{PAY}")
    cookie = session_cookie(b)
    check(cookie is not None and cookie["sameSite"] == "Strict" and cookie["httpOnly"],
          f"admin session cookie is SameSite=Strict: {cookie}")
    check(b.url().endswith(f"/credentials/{PAY}"), f"signed in to the credential page: {b.url()}")
    tokens = b.evaluate("Array.from(document.querySelectorAll('input[name=csrf]')).map(i => i.value)")
    check(len(tokens) == 4 and len(set(tokens)) == 1 and re.fullmatch(r"[0-9a-f]{64}", tokens[0] or ""),
          f"every form (three and sign-out) carries the session's token: {tokens}")
    csrf = tokens[0] if tokens else ""
    check(cookie and csrf != cookie["value"], "the token is not the session secret")

    # The page: state, owner, deadline, observed use, findings linked to the line.
    state = b.evaluate("document.getElementById('field-state').textContent")
    check(state == "overdue", f"state on the page: {state}")
    check(b.evaluate("document.getElementById('field-owner').textContent").startswith("payments-team"),
          "owner on the page")
    # Exposed in week 1 by a high finding: seven days.
    rotate_by = b.evaluate("document.getElementById('field-rotate_by').textContent")
    check(rotate_by.startswith("2026-02-09T10:00:00") and rotate_by.endswith("(overdue)"),
          f"deadline shown: {rotate_by}")
    check(b.evaluate("document.getElementById('field-rotate_by').className") == "overdue",
          "an overdue deadline is highlighted")
    summary = b.evaluate("document.getElementById('use-summary').textContent")
    check(summary == "Scope declared *.payments.example; no use observed by a test run yet.",
          f"observed use: {summary}")
    b.screenshot(os.path.join(s.work, "credential.png"))
    link = b.evaluate("(document.querySelector('#findings td.source a') || {}).href")
    check(link == f"https://github.com/acme/payments/blob/{'c0ffee' * 6 + 'c0ff'}/src/client.cpp#L42",
          f"the finding links to its source line: {link}")

    # Set the owner, as a user: type it and press Save (POST, then redirect).
    st = b.submit("""(() => { const f = document.getElementById('form-edit');
        f.querySelector('input[name=owner]').value = 'payments-oncall';
        f.querySelector('input[name=note]').value = 'rotate via <vault>'; f.submit(); })()""")
    check(st == 200 and b.url().endswith("?done=saved"), f"edit form: {st} {b.url()}")
    check(b.evaluate("document.getElementById('notice').textContent") == "Saved.", "saved notice")
    check(b.evaluate("document.getElementById('field-owner').textContent").startswith("payments-oncall"),
          "new owner shown")
    check(b.evaluate("document.getElementById('field-note').textContent") == "rotate via <vault>",
          "the note is text")
    st, cred, _ = s.request("GET", f"/v1/credentials/{PAY}", key=keys["read"])
    check(cred.get("owner") == "payments-oncall" and cred.get("scope") == "*.payments.example",
          f"owner stored, scope untouched: {cred.get('owner')} {cred.get('scope')}")

    # The same form without its token, in the browser: refused, one line.
    st = b.submit("""(() => { const f = document.getElementById('form-edit');
        f.querySelector('input[name=csrf]').remove();
        f.querySelector('input[name=owner]').value = 'mallory'; f.submit(); })()""")
    err = b.evaluate("document.getElementById('error').textContent")
    check(st == 403 and "CSRF token is missing or wrong" in err and "\n" not in err,
          f"form without token in the browser: {st} {err}")

    # And with http.client and the cookie Chromium holds.
    path = f"/credentials/{PAY}/edit"
    fields = {"owner": "mallory", "was_owner": "payments-oncall"}
    st, page, _ = form_post(s, path, fields, cookie["value"])
    check(st == 403 and "CSRF token is missing or wrong" in page, f"POST without token: {st}")
    st, page, _ = form_post(s, path, dict(fields, csrf="0" * 64), cookie["value"])
    check(st == 403, f"POST with a wrong token: {st}")
    st, page, _ = form_post(s, path, dict(fields, csrf=csrf[:-1]), cookie["value"])
    check(st == 403, f"POST with a truncated token: {st}")
    st, page, _ = form_post(s, path, dict(fields, csrf=csrf), None)
    check(st == 403, f"POST with a token but no session: {st}")
    st, cred, _ = s.request("GET", f"/v1/credentials/{PAY}", key=keys["read"])
    check(cred.get("owner") == "payments-oncall", f"refused POSTs changed nothing: {cred.get('owner')}")
    st, page, hdrs = form_post(s, path, dict(fields, csrf=csrf, owner="payments-team"), cookie["value"])
    check(st == 303 and hdrs.get("location") == f"/credentials/{PAY}?done=saved",
          f"POST with the token: {st} {hdrs.get('location')}")
    st, cred, _ = s.request("GET", f"/v1/credentials/{PAY}", key=keys["read"])
    check(cred.get("owner") == "payments-team", f"accepted POST applied: {cred.get('owner')}")

    # A refused value: the page again, the error in one line, what was typed kept.
    b.goto(base + f"/credentials/{PAY}")
    st = b.submit("""(() => { const f = document.getElementById('form-edit');
        f.querySelector('input[name=scope]').value = 'x'.repeat(5000); f.submit(); })()""")
    err = b.evaluate("document.getElementById('error').textContent")
    check(st == 400 and err == "scope: longer than 4096 bytes", f"refused value: {st} {err}")

    # Record a rotation with a note.
    b.goto(base + f"/credentials/{PAY}")
    st = b.submit("""(() => { const f = document.getElementById('form-rotation');
        f.querySelector('input[name=note]').value = 'new key in vault, ticket SEC-12'; f.submit(); })()""")
    check(st == 200 and b.url().endswith("?done=rotation"), f"rotation form: {st} {b.url()}")
    state = b.evaluate("document.getElementById('field-state').textContent")
    rotation = b.evaluate("document.getElementById('field-rotation').textContent")
    check(state == "active" and "pending" in rotation and "SEC-12" in rotation,
          f"rotation recorded: {state} / {rotation}")
    history = b.evaluate("document.getElementById('history').textContent")
    check("rotation.recorded" in history, "the history shows the rotation")
    b.screenshot(os.path.join(s.work, "credential-rotated.png"))

    # Observed hosts against the declared scope.
    b.goto(base + f"/credentials/{GH}")
    summary = b.evaluate("document.getElementById('use-summary').textContent")
    check(summary == "Scope declared *.github.com, used only with api.github.com.", f"GH use: {summary}")

    # Record a revocation.
    b.goto(base + f"/credentials/{AWS}")
    st = b.submit("document.querySelector('#form-revocation button').click()")
    check(st == 200 and b.evaluate("document.getElementById('field-state').textContent") == "revoked",
          f"revocation form: {st}")
    return cookie, csrf


def test_metrics(s, b, base, keys):
    st, metrics, _ = s.request("GET", "/v1/metrics", key=keys["read"])
    check(st == 200, f"GET /v1/metrics: {st}")
    trend = metrics.get("trend", []) if st == 200 else []
    st = b.goto(base + "/metrics")
    check(st == 200, f"metrics page: {st}")
    check(b.evaluate("document.querySelectorAll('#trend svg.chart').length") == 1, "the trend is an <svg>")
    check(b.evaluate("document.querySelectorAll('img, object, embed, iframe').length") == 0,
          "no image, object or frame on the metrics page")
    check(b.evaluate("document.querySelector('#trend svg').namespaceURI") == "http://www.w3.org/2000/svg",
          "the chart is inline SVG markup")
    points = b.evaluate("""Object.fromEntries(['exposed', 'rotated', 'verified'].map(s => [s,
        Array.from(document.querySelectorAll('#trend circle.point[data-series=' + s + ']'))
             .map(c => c.querySelector('title').textContent)]))""")
    check(len(trend) == 12, f"twelve weeks of trend: {len(trend)}")
    for series, titles in points.items():
        check(len(titles) == len(trend), f"{series}: {len(titles)} points for {len(trend)} weeks")
    exposed = dict(t.split(": exposed ") for t in points.get("exposed", []))
    # Independent of the server's arithmetic: what this test seeded.
    check(exposed.get(LABEL1) == "1" and exposed.get(LABEL2) == "2" and exposed.get(LABEL3) == "1",
          f"exposures per week: {exposed}")
    check(all(v == "0" for w, v in exposed.items() if w not in (LABEL1, LABEL2, LABEL3)),
          f"no exposure in the other weeks: {exposed}")
    rotated = dict(t.split(": rotated ") for t in points.get("rotated", []))
    check(rotated.get(LABEL3) == "1", f"the rotation recorded in week 3: {rotated}")
    check(list(exposed) == [w["week"] for w in trend], "the chart's weeks are the API's, in order")
    # The numbers are on the page too.
    by_state = b.evaluate("""Object.fromEntries(Array.from(document.querySelectorAll('#metrics-states td'))
        .map(td => [td.dataset.metric, td.textContent]))""")
    check(by_state.get("revoked") == str(metrics.get("states", {}).get("revoked")),
          f"states on the page: {by_state} vs {metrics.get('states')}")
    b.screenshot(os.path.join(s.work, "metrics.png"))


def test_sign_in_and_out(s, b, base, keys, cookie, csrf):
    # /logout is a form POST like the others.
    st, page, _ = form_post(s, "/logout", {}, cookie["value"])
    check(st == 403, f"sign-out without its token: {st}")
    st, _, _ = s.request("GET", "/", headers={"Cookie": f"ctinv_session={cookie['value']}"}, raw=True)
    check(st == 200, "the session survived the refused sign-out")
    b.goto(base + "/")
    st = b.submit("document.querySelector('header form button').click()")
    check(b.url().endswith("/login") and b.evaluate("document.querySelectorAll('input[name=key]').length") == 1,
          f"signed out with the header's form: {b.url()}")
    st, _, hdrs = s.request("GET", "/", headers={"Cookie": f"ctinv_session={cookie['value']}"}, raw=True)
    check(st == 303, f"the session is gone after signing out: {st}")
    # The sign-in form carries a token tied to a pre-session cookie.
    body = urllib.parse.urlencode({"key": keys["read"]})
    st, page, _ = s.request("POST", "/login", body=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded"}, raw=True)
    check(st == 403, f"sign-in POST without the form's token: {st}")
    st = b.submit("""(() => { const f = document.querySelector('form[action="/login"]');
        f.querySelector('input[name=key]').value = '%s'; f.submit(); })()""" % keys["read"])
    check(st == 200 and b.url().rstrip("/").endswith(str(s.port)), f"sign-in form: {st} {b.url()}")


def test_headers(s, keys):
    for path in ["/", f"/credentials/{PAY}", "/metrics", "/?sort=password"]:
        st, page, hdrs = s.request("GET", path, key=keys["read"], raw=True)
        check(hdrs.get("content-security-policy") == CSP, f"CSP of {path}: {hdrs.get('content-security-policy')}")
        check("<script" not in page.lower(), f"no script element in {path}")


def part(test, *args):
    """Runs one part; an element missing from a page fails it, not the rest."""
    try:
        return test(*args)
    except (cdp.CdpError, KeyError, TypeError, AttributeError) as e:
        check(False, f"{test.__name__} stopped: {type(e).__name__}: {e}")
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    if not os.access(cdp.CHROMIUM, os.X_OK):
        print("chromium is not installed (apt-get install chromium): skipped")
        return SKIP
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    schema = invtest.SchemaCheck(args.schema)
    db = os.path.join(args.work, "inventory.db")
    keys = {r: invtest.create_key(args.server, db, r, f"web-{r}") for r in ("read", "ingest", "admin")}

    s = seed(args, db, keys, schema)
    s.work, s.read_key = args.work, keys["read"]
    base = f"http://127.0.0.1:{s.port}"
    try:
        with cdp.Browser(args.work) as b:
            b.open_page()
            signin(s, b, keys["read"], "/")
            part(test_list, s, b, base)
            part(test_reader, s, b, base)
            session = part(test_forms, s, b, base, keys)
            part(test_metrics, s, b, base, keys)
            if session:
                part(test_sign_in_and_out, s, b, base, keys, *session)
        part(test_headers, s, keys)
    finally:
        s.stop()

    shots = [os.path.join(args.work, p)
             for p in ("list.png", "credential.png", "credential-rotated.png", "metrics.png")]
    for shot in shots:
        ok = os.path.isfile(shot) and os.path.getsize(shot) > 10000
        if ok:
            with open(shot, "rb") as f:
                ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
        check(ok, f"a PNG screenshot {shot}")
    with open(os.path.join(args.work, "server.log"), errors="replace") as f:
        log = f.read()
    for role, k in keys.items():
        check(k[23:] not in log, f"the {role} key appears in the server log")
    if failures:
        print(f"{len(failures)} checks failed", file=sys.stderr)
        return 1
    print("all web lifecycle checks passed; screenshots: " + " ".join(shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())
