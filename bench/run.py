#!/usr/bin/env python3
"""credtaint's performance suite.

Builds every workload in every variant, then runs the variants alternately,
round after round, in one invocation (the machines are noisy: only ratios
between runs of the same invocation mean anything), and writes
bench/RESULTS.md and bench/results.json. Nothing here asserts a time.

Variants:
  native             clang++ -O2
  asan               clang++ -O2 -fsanitize=address
  dfsan              DFSan exactly as credtaint configures it, origins off
                     (credtaint-c++ --credtaint-dfsan-only --credtaint-origins=0)
  dfsan-origins      the same with origins (credtaint's default)
  credtaint          credtaint-c++ --credtaint-origins=0
  credtaint-origins  credtaint-c++ (the default)

Workloads (bench/catalog.py): `startup`, an empty program, always runs: its
median per variant is the start-up cost, subtracted from the others'
medians for their steady-state figures. gtest-suite and json-suite are real
test suites built from Debian's sources (json-suite's source package is
fetched into --cache on first use); --quick leaves them out unless named.

Usage: bench/run.py --build BUILD_DIR [--rounds N] [--workloads a,b] [--quick]
                    [--profile | --no-profile] [--cache DIR] [--timeout S] [--out DIR]
"""
import argparse
import datetime
import json
import os
import platform
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import cmake_cache
from catalog import WORKLOADS
from debsource import Unavailable
from profiles import profile
from report import PROFILED, VARIANTS, ratios, render

HERE = os.path.dirname(os.path.abspath(__file__))
STARTUP_RUNS = 10  # runs of `startup` per variant and round: it takes milliseconds
PROFILE_SECONDS = 120  # a profile needs no more samples than this gives
RUNNING = []  # the workload run now going, in its own session: ended with us


def compilers(build):
    clangxx = cmake_cache(build, "CREDTAINT_CLANGXX")
    wrapper = os.path.join(build, "bin", "credtaint-c++")
    if not os.access(wrapper, os.X_OK):
        sys.exit(f"bench: {wrapper} not found; build credtaint first")
    return {
        "native": [clangxx, "-O2"],
        "asan": [clangxx, "-O2", "-fsanitize=address"],
        "dfsan": [wrapper, "--credtaint-dfsan-only", "--credtaint-origins=0", "-O2"],
        "dfsan-origins": [wrapper, "--credtaint-dfsan-only", "-O2"],
        "credtaint": [wrapper, "--credtaint-origins=0", "-O2"],
        "credtaint-origins": [wrapper, "-O2"],
    }


class Builder:
    """Compiles each source once per variant and flags, then links: what a
    build does. A workload's compile time is the sum of its objects' (an
    object shared with an earlier workload counts with the time it took)
    and its link's."""

    def __init__(self, compilers, out_dir):
        self.cc, self.out_dir, self.objects = compilers, out_dir, {}

    def _run(self, cmd, what):
        if subprocess.run(cmd).returncode != 0:
            sys.exit(f"bench: {what} failed (command: {' '.join(cmd)})")

    def build(self, name, variant, srcs, cflags, link):
        cc, objs, total = self.cc[variant], [], 0.0
        for src in srcs:
            key = (variant, src, tuple(cflags))
            if key not in self.objects:
                obj = os.path.join(self.out_dir, f"{variant}.{len(self.objects)}.{os.path.basename(src)}.o")
                t0 = time.perf_counter()
                self._run(cc + cflags + ["-std=c++17", "-c", src, "-o", obj], f"compiling {src} ({variant})")
                self.objects[key] = (obj, time.perf_counter() - t0)
            obj, seconds = self.objects[key]
            objs.append(obj)
            total += seconds
        exe = os.path.join(self.out_dir, f"{name}.{variant}")
        t0 = time.perf_counter()
        self._run(cc + objs + ["-o", exe] + link, f"linking {name} ({variant})")
        return exe, total + time.perf_counter() - t0


def run_once(exe, argv, env, work, timeout):
    """(wall seconds, peak RSS KiB), or (None, None) when the run passed
    TIMEOUT seconds and was killed. Peak RSS is measured by GNU time: a child
    of this Python process would count its pages (Linux keeps the pre-exec
    high-water mark), a child of `time` starts from a tiny process."""
    rss_file = os.path.join(work, "rss")
    err_file = exe + ".stderr"
    cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file, exe] + argv
    with open(err_file, "w") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err,
                             start_new_session=True)
        RUNNING[:] = [p]
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)  # time and the workload
            p.wait()
            return None, None
        finally:
            RUNNING.clear()
        elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"bench: {os.path.basename(exe)} exited with {p.returncode} "
                 f"(its stderr: {err_file}; the work dir is kept)")
    with open(rss_file) as f:
        return elapsed, int(f.read().split()[-1])


def bench_env(work):
    env = dict(os.environ)
    env["BENCH_API_TOKEN"] = "ghp_" + "benchFakeToken0123456789abcdefABCDEF"  # not a real token
    env["BENCH_API_KEY"] = "bench-fake-api-key-0123456789"
    key = os.path.join(work, "key")
    with open(key, "w") as f:
        f.write("bench:" + "ab" * 32 + "\n")
    env["CREDTAINT_OPTIONS"] = f"log_dir={work}/logs:fingerprint_key={key}"
    env["ASAN_OPTIONS"] = "detect_leaks=0"
    return env


def choose(args):
    """The workloads to run, `startup` first, or exit naming a bad one."""
    if args.workloads:
        names = [w for w in args.workloads.split(",") if w]
        for n in names:
            if n not in WORKLOADS:
                sys.exit(f"bench: unknown workload '{n}' (known: {', '.join(WORKLOADS)})")
    else:
        names = [w for w, d in WORKLOADS.items() if not (args.quick and d.suite)]
    return ["startup"] + [n for n in names if n != "startup"]


def measure(name, exes, argv, rounds, env, work, timeout):
    """Run times and peak RSS per variant, and the variants that timed out:
    those run no more rounds, and TIMEOUT stands for their time."""
    times = {v: [] for v in VARIANTS}
    rss = {v: [] for v in VARIANTS}
    timed_out = []
    reps = STARTUP_RUNS if name == "startup" else 1
    for r in range(rounds):
        for v in (VARIANTS if r % 2 == 0 else list(reversed(VARIANTS))):
            for _ in range(reps if v not in timed_out else 0):
                t, m = run_once(exes[v], argv, env, work, timeout)
                if t is None:
                    print(f"bench: {name} ({v}) passed {timeout:g} s: killed", flush=True)
                    timed_out.append(v)
                    times[v].append(float(timeout))
                    break
                times[v].append(t)
                rss[v].append(m)
        print(f"bench: {name} round {r + 1}/{rounds}", flush=True)
    return times, rss, timed_out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="a configured and built credtaint build dir")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workloads", help="comma-separated (default: all; --quick: all but the suites)")
    ap.add_argument("--quick", action="store_true", help="tiny inputs, 1 round: checks the suite runs")
    ap.add_argument("--profile", action=argparse.BooleanOptionalAction,
                    help="profile the DFSan and credtaint variants with perf (default: on, off with --quick)")
    ap.add_argument("--cache", default=os.path.join(os.environ.get("XDG_CACHE_HOME") or
                                                    os.path.expanduser("~/.cache"), "credtaint-bench"),
                    help="where fetched suite sources are kept (default: %(default)s)")
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds after which a run is killed and counted as at least that (default: %(default)s)")
    ap.add_argument("--out", default=HERE, help="where RESULTS.md and results.json go")
    args = ap.parse_args()
    build_dir = os.path.abspath(args.build)
    builder_cc = compilers(build_dir)
    names = choose(args)
    rounds = 1 if args.quick else args.rounds
    take_profiles = (not args.quick) if args.profile is None else args.profile
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time (GNU time) is needed for peak RSS: apt-get install time")
    sources = {}
    for n in names:  # fetch every suite first: a missing one stops the run before any build
        try:
            sources[n] = WORKLOADS[n].sources(args.cache)
        except Unavailable as e:
            sys.exit(f"bench: {n}'s sources are unavailable: {e} (leave it out with --workloads)")
    work = tempfile.mkdtemp(prefix="credtaint-bench-")

    def stop(signum, frame):
        for p in RUNNING:
            os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(f"bench: stopped by signal {signum}; {args.out}/RESULTS.md has what was measured")
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    env = bench_env(work)
    builder = Builder(builder_cc, work)

    results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
               "llvm": cmake_cache(build_dir, "CREDTAINT_LLVM_VERSION"),
               "rounds": rounds, "quick": args.quick, "profile": take_profiles,
               "timeout": args.timeout, "complete": False, "workloads": {}}
    exes = {}
    for name in names:
        w = WORKLOADS[name]
        srcs, cflags, versions = sources[name]
        print(f"bench: building {name}", flush=True)
        exes[name], compile_s = {}, {}
        for v in VARIANTS:
            exes[name][v], compile_s[v] = builder.build(name, v, srcs, cflags, w.link)
        argv = w.quick_argv if args.quick else w.argv
        times, rss, timed_out = measure(name, exes[name], argv, rounds, env, work, args.timeout)
        med = {v: statistics.median(times[v]) for v in VARIANTS}
        mrss = {v: max(rss[v], default=None) for v in VARIANTS}
        results["workloads"][name] = {
            "argv": argv, "sources": versions, "timed_out": timed_out,
            "seconds": {v: [round(x, 4) for x in times[v]] for v in VARIANTS},
            "median_seconds": {v: round(med[v], 4) for v in VARIANTS},
            "peak_rss_kib": mrss,
            "compile_seconds": {v: round(compile_s[v], 3) for v in VARIANTS},
            "ratios": {"run": ratios(med, "run"), "compile": ratios(compile_s, "compile"),
                       "rss": ratios(mrss, "rss")},
        }
        write(results, args.out)
    if take_profiles:
        for name in names:
            argv = WORKLOADS[name].quick_argv if args.quick else WORKLOADS[name].argv
            print(f"bench: profiling {name}", flush=True)
            results["workloads"][name]["profiles"] = {
                v: profile(exes[name][v], argv, env, work, min(args.timeout, PROFILE_SECONDS), RUNNING) for v in PROFILED}
            write(results, args.out)
    shutil.rmtree(work, ignore_errors=True)
    results["complete"] = True
    print(write(results, args.out))


def write(results, out):
    """Writes results.json and RESULTS.md as they stand (after each workload
    and each profile: a run stopped midway keeps what it measured) and
    returns RESULTS.md's text."""
    start = results["workloads"]["startup"]["median_seconds"]
    for name, r in results["workloads"].items():
        steady = {} if name == "startup" else \
            {v: round(r["median_seconds"][v] - start[v], 4) for v in VARIANTS}
        r["steady_seconds"] = steady
        r["ratios"]["steady"] = ratios(steady, "steady") if steady else {}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    text = render(results)
    with open(os.path.join(out, "RESULTS.md"), "w") as f:
        f.write(text)
    return text

if __name__ == "__main__":
    main()
