"""bench/RESULTS.md from the figures of one bench/run.py invocation: ratio
tables per figure kind, each ratio beside its target of issue 19 marked
met or missed, start-up figures, and the profiles."""
from profiles import short_symbol

VARIANTS = ["native", "asan", "dfsan", "dfsan-origins", "credtaint", "credtaint-origins"]
PROFILED = ["dfsan", "credtaint", "dfsan-origins", "credtaint-origins"]

# kind -> [(numerator/denominator, target or None)]; "steady" uses "run"'s.
RATIOS = {
    "run": [("credtaint/dfsan", 1.10), ("credtaint-origins/dfsan-origins", 1.10),
            ("credtaint-origins/asan", 1.0), ("credtaint-origins/native", None),
            ("dfsan-origins/native", None), ("asan/native", None)],
    "compile": [("credtaint/dfsan", 1.15), ("credtaint-origins/dfsan-origins", 1.15),
                ("credtaint-origins/native", None)],
    "rss": [("credtaint/dfsan", 1.3), ("credtaint-origins/dfsan-origins", 1.3),
            ("credtaint/native", None), ("credtaint-origins/native", None)],
}
RATIOS["steady"] = RATIOS["run"]
TITLES = {
    "run": "Run time ratios (raw: median wall time of the whole run)",
    "steady": "Run time ratios, steady state (median minus the start-up median of the same variant)",
    "compile": "Compile time ratios (compile and link of every source of the workload)",
    "rss": "Peak RSS ratios",
}


def ratios(values, kind):
    """{name: a/b} for KIND over VALUES {variant: figure}; None where a
    figure is missing or not positive."""
    out = {}
    for name, _ in RATIOS[kind]:
        a, b = (values.get(v) for v in name.split("/"))
        out[name] = round(a / b, 3) if a and b and a > 0 and b > 0 else None
    return out


def _judged(w, kind, name, target):
    """(value, bound, verdict) of ratio NAME of workload W: bound is ">=" when
    the numerator's variant timed out (its time is a lower bound), "<=" when
    the denominator's did; verdict is "met", "missed" or None (no target,
    no figure, or a bound on the wrong side of the target)."""
    value = w["ratios"][kind].get(name)
    late = set(w.get("timed_out", ())) if kind in ("run", "steady") else set()
    a, b = name.split("/")
    if value is None or (a in late and b in late):
        return None, "", None
    bound = ">=" if a in late else "<=" if b in late else ""
    if target is None:
        return value, bound, None
    if value <= target and bound != ">=":
        return value, bound, "met"
    if value > target and bound != "<=":
        return value, bound, "missed"
    return value, bound, None


def _cell(w, kind, name, target):
    value, bound, verdict = _judged(w, kind, name, target)
    if value is None:
        return "n/a"
    text = f"{bound}{value:.3f}"
    if target is None:
        return text
    return text + {"met": " met", "missed": " **missed**", None: " (undecided)"}[verdict]


def _table(head, rows):
    return ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)] + \
           ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]


def _ratio_tables(res, measured):
    out = []
    for kind in ("run", "steady", "compile", "rss"):
        names = [w for w in (measured if kind in ("run", "steady") else res["workloads"])]
        head = ["workload"] + [n + (f" (<= {t:.2f})" if t else "") for n, t in RATIOS[kind]]
        rows = [[w] + [_cell(res["workloads"][w], kind, n, t) for n, t in RATIOS[kind]]
                for w in names]
        out += [f"## {TITLES[kind]}", ""] + _table(head, rows) + [""]
    return out


def _targets(res, measured):
    """One line per target: where it is met and where missed."""
    rows = []
    for kind in ("run", "steady", "compile", "rss"):
        for name, target in RATIOS[kind]:
            if target is None:
                continue
            met, missed = [], []
            for w in (measured if kind in ("run", "steady") else res["workloads"]):
                value, bound, verdict = _judged(res["workloads"][w], kind, name, target)
                if verdict:
                    (met if verdict == "met" else missed).append(f"{w} {bound}{value:.2f}")
            rows.append([f"{kind} {name} <= {target:.2f}", len(met), ", ".join(missed) or "-"])
    return ["## Targets met", ""] + _table(["target", "met by", "missed by"], rows) + [""]


def _startup(res):
    s = res["workloads"].get("startup")
    if not s:
        return []
    rows = [[v, f"{s['median_seconds'][v] * 1000:.1f}",
             "n/a" if s["peak_rss_kib"][v] is None else f"{s['peak_rss_kib'][v] / 1024:.1f}",
             f"{s['compile_seconds'][v]:.2f}"] for v in VARIANTS]
    return (["## Start-up", "",
             f"An empty program (bench/workloads/startup.cpp), median of {len(s['seconds']['native'])} "
             "runs per variant: what each variant costs before and after main. The steady-state "
             "figures above subtract it.", ""] +
            _table(["variant", "median ms", "peak RSS MiB", "compile s"], rows) + [""] +
            _table([n + (f" (<= {t:.2f})" if t else "") for n, t in RATIOS["run"]],
                   [[_cell(s, "run", n, t) for n, t in RATIOS["run"]]]) + [""])


def _seconds(res, key, title):
    rows = []
    for w, d in res["workloads"].items():
        if not d[key]:
            continue
        late = d.get("timed_out", []) if key != "compile_seconds" else []
        rows.append([w] + [(">=" if v in late else "") + f"{d[key][v]:.3f}" for v in VARIANTS])
    return [f"## {title}", ""] + _table(["workload"] + VARIANTS, rows) + [""]


def _profiles(res):
    out = ["## Profiles", ""]
    if not res.get("profile"):
        return out + ["Not taken in this run (bench/run.py --profile takes them).", ""]
    out += ["One run of each workload per variant under `perf record -e cpu-clock -g`; "
            "the symbols with the most self time, percent of the run's samples.", ""]
    for w, d in res["workloads"].items():
        if "profiles" not in d:
            continue  # not yet taken
        prof = d["profiles"]
        out += [f"### {w}", ""]
        errors = [f"{v}: {prof[v]['error']}" for v in PROFILED if "error" in prof.get(v, {})]
        if errors:
            out += ["No profile: " + "; ".join(errors) + ".", ""]
        cut = [v for v in PROFILED if prof.get(v, {}).get("cut")]
        if cut:
            out += [f"Stopped before the end (the profile of what ran): {', '.join(cut)}.", ""]
        ok = [v for v in PROFILED if "top" in prof.get(v, {})]
        if not ok:
            continue
        depth = max(len(prof[v]["top"]) for v in ok)
        rows = []
        for i in range(depth):
            row = [str(i + 1)]
            for v in ok:
                top = prof[v]["top"]
                row.append(f"{top[i]['percent']:.1f}% `{short_symbol(top[i]['symbol'], 60)}` "
                           f"({top[i]['dso']})" if i < len(top) else "")
            rows.append(row)
        out += _table(["#"] + [f"{v} ({prof[v]['samples']} samples)" for v in ok], rows) + [""]
    return out


def render(res):
    measured = [w for w in res["workloads"] if w != "startup"]
    out = ["# credtaint performance results", "",
           "Written by `bench/run.py` (never by hand). Median run time over "
           f"{res['rounds']} alternating round(s) per variant, peak RSS, and compile+link "
           "time of each workload; every figure is a ratio between runs of this one "
           f"invocation. LLVM {res['llvm']}, {res['machine']['cpus']} CPUs, {res['date']}"
           + (" (quick mode: tiny inputs, not a measurement)." if res["quick"] else "."), "",
           "Targets: credtaint <= 1.10x DFSan-alone run time (origins off and on), credtaint "
           "with origins no slower than AddressSanitizer, compile time <= 1.15x DFSan-alone, "
           "peak RSS <= 1.3x DFSan-alone.", ""]
    if not res.get("complete"):
        out += ["**Incomplete**: the run was stopped or is still going; what follows is what it "
                "had measured.", ""]
    late = [f"{w} ({', '.join(d['timed_out'])})" for w, d in res["workloads"].items() if d.get("timed_out")]
    if late:
        out += [f"Killed after {res['timeout']:g} s, their time a lower bound: " + "; ".join(late) + ".", ""]
    out += _targets(res, measured) + _ratio_tables(res, measured) + _startup(res)
    out += _seconds(res, "median_seconds", "Median run time, seconds")
    out += _seconds(res, "steady_seconds", "Steady-state run time, seconds")
    out += _seconds(res, "compile_seconds", "Compile time, seconds")
    out += _profiles(res)
    out += ["Raw figures: [results.json](results.json).", ""]
    return "\n".join(out)
