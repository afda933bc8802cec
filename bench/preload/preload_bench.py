#!/usr/bin/env python3
"""Preload-mode overhead on a log-heavy program.

Builds bench/workloads/logging.cpp with the plain clang++ of a credtaint
build (-O2, no credtaint), then runs it alternately, round after round in one
invocation, as is and under credtaint-run with 100 credentials in its
environment (so every fwrite is scanned for 100 credentials in all their
encodings), and reports the ratio of median wall times. Only ratios between
runs of the same invocation mean anything; nothing here asserts a time.

Usage: preload_bench.py --build BUILD_DIR [--rounds N] [--lines N] [--quick]
                        [--out DIR]
"""
import argparse
import datetime
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchlib import cmake_cache  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)


def credentials(n):
    # Fake values, generated per run: never real, never written anywhere.
    rng = random.Random(11)
    alphabet = string.ascii_letters + string.digits
    env = {}
    for i in range(n):
        env[f"SVC{i:03d}_API_TOKEN"] = "".join(rng.choice(alphabet) for _ in range(32))
    env["BENCH_API_TOKEN"] = env["SVC000_API_TOKEN"]
    return env


def run(cmd, env):
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"preload_bench: {' '.join(cmd[:3])} exited with {p.returncode}")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--lines", type=int, default=200000)
    ap.add_argument("--quick", action="store_true", help="a smoke run: 1 round, 2000 lines")
    ap.add_argument("--out", default=None, help="write PRELOAD.md and preload.json here")
    args = ap.parse_args()
    if args.quick:
        args.rounds, args.lines = 1, 2000
    if args.rounds < 1 or args.lines < 1:
        sys.exit("preload_bench: --rounds and --lines must be positive")
    build = os.path.abspath(args.build)
    clangxx = cmake_cache(build, "CREDTAINT_CLANGXX")
    run_tool = os.path.join(build, "bin", "credtaint-run")
    if not os.access(run_tool, os.X_OK):
        sys.exit(f"preload_bench: {run_tool} is missing (build the credtaint-run target)")

    with tempfile.TemporaryDirectory(prefix="credtaint-preload-bench-") as tmp:
        exe = os.path.join(tmp, "logging")
        subprocess.run([clangxx, "-O2", os.path.join(BENCH, "workloads", "logging.cpp"),
                        "-o", exe], check=True)
        env = dict(os.environ)
        env.update(credentials(100))
        env["CREDTAINT_OPTIONS"] = f"log_dir={tmp}/logs:print_report=0"
        env["HOME"] = tmp  # the fingerprint key is created here, not in $HOME
        times = {"plain": [], "credtaint-run": [], "plain-1-line": [],
                 "credtaint-run-1-line": []}
        for _ in range(args.rounds):
            times["plain"].append(run([exe, str(args.lines)], env))
            times["credtaint-run"].append(run([run_tool, "--", exe, str(args.lines)], env))
            # Start-up alone: credtaint-run's exec, the runtime, 100 registrations.
            times["plain-1-line"].append(run([exe, "1"], env))
            times["credtaint-run-1-line"].append(run([run_tool, "--", exe, "1"], env))
        findings = 0
        logs = os.path.join(tmp, "logs")
        if os.path.isdir(logs):
            # Findings only: credtaint-seen.*.jsonl records what was loaded.
            for f in os.listdir(logs):
                if not (f.startswith("credtaint.") and f.endswith(".jsonl")):
                    continue
                with open(os.path.join(logs, f)) as fh:
                    findings += sum(1 for _ in fh)

    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["credtaint-run"] / med["plain"]
    startup = med["credtaint-run-1-line"] - med["plain-1-line"]
    steady = (med["credtaint-run"] - startup) / med["plain"]
    result = {
        "time": datetime.datetime.utcnow().isoformat() + "Z",
        "llvm": cmake_cache(build, "CREDTAINT_LLVM_VERSION"),
        "cpus": os.cpu_count(),
        "rounds": args.rounds,
        "lines": args.lines,
        "credentials": 100,
        "median_seconds": med,
        "ratio": round(ratio, 3),
        "startup_seconds": round(startup, 4),
        "ratio_without_startup": round(steady, 3),
        "findings": findings,
    }
    print(f"preload overhead, logging workload ({args.lines} lines, 100 credentials, "
          f"{args.rounds} rounds): plain {med['plain']:.4f}s, credtaint-run "
          f"{med['credtaint-run']:.4f}s, ratio {ratio:.3f}x; start-up {startup:.4f}s, "
          f"ratio without it {steady:.3f}x; findings {findings}")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "preload.json"), "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        with open(os.path.join(args.out, "PRELOAD.md"), "w") as f:
            f.write("# Preload-mode overhead\n\n"
                    "Written by `bench/preload/preload_bench.py` (never by hand). "
                    f"The logging workload ({args.lines} request lines, each an fwrite and an "
                    "fputc to stdout) built with plain clang++ -O2, run as is and under "
                    "`credtaint-run` with 100 credentials in its environment; median wall "
                    f"time over {args.rounds} alternating rounds of one invocation. "
                    f"LLVM {result['llvm']}, {result['cpus']} CPUs, {result['time']}.\n\n"
                    "Start-up is the difference of the two when the program writes one line "
                    "(credtaint-run's exec, the runtime, registering 100 credentials).\n\n"
                    "| plain (s) | credtaint-run (s) | ratio | start-up (s) | ratio without start-up | findings |\n"
                    "| --- | --- | --- | --- | --- | --- |\n"
                    f"| {med['plain']:.4f} | {med['credtaint-run']:.4f} | {ratio:.3f} | "
                    f"{startup:.4f} | {steady:.3f} | {findings} |\n\n"
                    "Raw figures: [preload.json](preload.json).\n")
    # The workload prints a masked token only: a finding means matching
    # reported something that is no leak.
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
