"""Headless Debian Chromium driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages separated by NUL bytes on file
descriptors 3 and 4), so a test can navigate, read the DOM Chromium built,
submit forms as a user would, read cookies and take screenshots, with the
standard library only (no WebSocket client, no port to find).

Chromium runs with a fresh profile in its own session; close() ends the
whole session and removes the profile."""
import base64
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

CHROMIUM = "/usr/bin/chromium"


class CdpError(RuntimeError):
    pass


class Browser:
    def __init__(self, work, timeout=60):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def pipes_on_3_and_4():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-pipe",
               "--hide-scrollbars", f"--user-data-dir={self.profile}", "about:blank"]
        self.log = open(os.path.join(work, "chromium.log"), "a")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=self.log, pass_fds=(3, 4),
                                     preexec_fn=pipes_on_3_and_4, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self._events = []
        self.session = None

    # -- protocol ---------------------------------------------------------
    def _read_message(self, deadline):
        while b"\0" not in self._buf:
            left = deadline - time.time()
            if left <= 0:
                raise CdpError("no answer from Chromium in time")
            ready, _, _ = select.select([self._in], [], [], left)
            if ready:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise CdpError("Chromium closed the DevTools pipe (see chromium.log)")
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True):
        """Sends a command (to the attached page unless session=False) and
        returns its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._out, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CdpError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_event(self, method, timeout=None):
        deadline = time.time() + (timeout or self.timeout)
        while True:
            for i, ev in enumerate(self._events):
                if ev["method"] == method:
                    return self._events.pop(i)
            ev = self._read_message(deadline)
            if "method" in ev:
                self._events.append(ev)

    # -- a page -----------------------------------------------------------
    def open_page(self, width=1280, height=900):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        self.call("Page.enable")
        self.call("Network.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return self

    def _until_loaded(self, start):
        self._events = [e for e in self._events if e["method"] != "Page.loadEventFired"]
        start()
        self.wait_event("Page.loadEventFired")

    def goto(self, url):
        """Navigates and waits for the load event; returns the main
        document's HTTP status (the last response of a redirect chain)."""
        self._events = [e for e in self._events if e["method"] != "Network.responseReceived"]
        self._until_loaded(lambda: self.call("Page.navigate", {"url": url}))
        return self.last_document_status()

    def last_document_status(self):
        status = None
        for ev in self._events:
            if ev["method"] == "Network.responseReceived" and ev["params"].get("type") == "Document":
                status = ev["params"]["response"]["status"]
        self._events = [e for e in self._events if e["method"] != "Network.responseReceived"]
        return status

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (DevTools runs it
        whatever the page's Content-Security-Policy says; the page itself
        runs none)."""
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise CdpError(f"evaluate: {r['exceptionDetails'].get('text')}: {expression[:120]}")
        return r["result"].get("value")

    def submit(self, expression):
        """Runs `expression` (which submits a form or follows a link) and
        waits for the next page; returns its HTTP status."""
        self._events = [e for e in self._events if e["method"] != "Network.responseReceived"]
        self._until_loaded(lambda: self.evaluate(expression))
        return self.last_document_status()

    def dom(self):
        return self.evaluate("document.documentElement.outerHTML")

    def url(self):
        return self.evaluate("location.href")

    def cookies(self):
        return self.call("Storage.getCookies", session=False)["cookies"]

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        with open(path, "wb") as f:
            f.write(base64.b64decode(data["data"]))
        return path

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except (CdpError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        # Chromium may leave helpers behind in its session; end them all.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        for fd in (self._in, self._out):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
