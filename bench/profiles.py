"""Where the time goes: one run under `perf record -e cpu-clock -g` (software
clock sampling: hardware counters are not available on every machine this
runs on) and the symbols with the most self time."""
import os
import re
import shutil
import signal
import subprocess

TOP = 8


def short_symbol(name, width=90):
    """NAME with template arguments folded to <…>, cut to WIDTH: enough to
    tell the hot spot in a table."""
    out, depth = [], 0
    for ch in name:
        if ch == "<":
            if depth == 0:
                out.append("<…>")
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    s = "".join(out)
    return s if len(s) <= width else s[:width - 1] + "…"


def profile(exe, argv, env, work, timeout, running):
    """{"samples": N, "top": [{"percent", "dso", "symbol"}], "cut": bool} of
    one run of EXE (cut: stopped after TIMEOUT seconds, the profile of what
    ran), or {"error": one line} when perf is missing or fails. RUNNING
    holds perf's process while it runs, for the caller to end if stopped."""
    perf = shutil.which("perf")
    if not perf:
        return {"error": "perf not found (apt-get install linux-perf)"}
    data = os.path.join(work, os.path.basename(exe) + ".perf.data")
    err_file = data + ".stderr"
    with open(err_file, "w") as err:
        rec = subprocess.Popen([perf, "record", "-q", "-e", "cpu-clock", "-g", "-o", data, "--", exe] + argv,
                               env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        running[:] = [rec]
        try:
            rec.wait(timeout)
            cut = False
        except subprocess.TimeoutExpired:
            rec.send_signal(signal.SIGINT)  # perf ends the workload and writes what it has
            cut = True
            try:
                rec.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(rec.pid, signal.SIGKILL)
                rec.wait()
                return {"error": f"perf record did not stop after {timeout:g} s"}
        finally:
            running.clear()
    if rec.returncode != 0 and not cut:
        with open(err_file) as f:
            last = (f.read().strip().splitlines() or [f"exit {rec.returncode}"])[-1]
        return {"error": f"perf record failed: {last.strip()}"}
    rep = subprocess.run([perf, "report", "-i", data, "--stdio", "--no-children", "-g", "none",
                          "--sort", "dso,sym", "--field-separator", "\t"],
                         capture_output=True, text=True)
    samples = re.search(r"^# Samples: (\S+)", rep.stdout, re.M)
    top = []
    for line in rep.stdout.splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 3 or not cols[0].strip().endswith("%"):
            continue
        sym = re.sub(r"^\[[.k]\]\s*", "", cols[2].strip())
        top.append({"percent": float(cols[0].strip().rstrip("%")), "dso": cols[1].strip(),
                    "symbol": sym})
        if len(top) == TOP:
            break
    os.remove(data)
    if rep.returncode != 0 or not top:
        return {"error": f"perf report gave no symbols (exit {rep.returncode})"}
    return {"samples": samples.group(1) if samples else None, "top": top, "cut": cut}
