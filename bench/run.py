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

Usage: bench/run.py --build BUILD_DIR [--rounds N] [--workloads a,b] [--quick]
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import cmake_cache

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GTEST_SRC = "/usr/src/googletest/googletest"

VARIANTS = ["native", "asan", "dfsan", "dfsan-origins", "credtaint", "credtaint-origins"]

# name -> (sources, extra link flags, argv for a full run, argv for --quick)
WORKLOADS = {
    "json": (["json.cpp"], [], ["300"], ["20"]),
    "logging": (["logging.cpp"], [], ["200000"], ["5000"]),
    "http": (["http.cpp"], ["-pthread"], ["3000"], ["100"]),
    "crypto": (["crypto.cpp"], ["-lcrypto"], ["4000"], ["100"]),
    "threads": (["threads.cpp"], ["-pthread"], ["40000"], ["1000"]),
    "gtest-samples": (None, ["-pthread"], ["--gtest_repeat=200"], ["--gtest_repeat=2"]),
}
GTEST_SAMPLES = ["sample1.cc", "sample1_unittest.cc", "sample2.cc", "sample2_unittest.cc",
                 "sample3_unittest.cc", "sample4.cc", "sample4_unittest.cc",
                 "sample5_unittest.cc", "sample6_unittest.cc", "sample7_unittest.cc",
                 "sample8_unittest.cc"]


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


def sources_of(name):
    srcs, *_ = WORKLOADS[name]
    if srcs is not None:
        return [os.path.join(HERE, "workloads", s) for s in srcs], []
    # GoogleTest built from Debian's sources with the same compiler, then its
    # samples linked against it.
    return ([os.path.join(GTEST_SRC, "src", "gtest-all.cc"),
             os.path.join(GTEST_SRC, "src", "gtest_main.cc")] +
            [os.path.join(GTEST_SRC, "samples", s) for s in GTEST_SAMPLES],
            ["-I" + GTEST_SRC, "-I" + os.path.join(GTEST_SRC, "include")])


def build(cc, name, variant, out_dir):
    srcs, cflags = sources_of(name)
    exe = os.path.join(out_dir, f"{name}.{variant}")
    objs, t0 = [], time.perf_counter()
    for src in srcs:  # compile each file, then link: what a build does
        obj = os.path.join(out_dir, f"{name}.{variant}.{os.path.basename(src)}.o")
        subprocess.run(cc + cflags + ["-std=c++17", "-c", src, "-o", obj], check=True)
        objs.append(obj)
    subprocess.run(cc + objs + ["-o", exe] + WORKLOADS[name][1], check=True)
    return exe, time.perf_counter() - t0


def run_once(exe, argv, env, work):
    """Wall time, and peak RSS measured by GNU time: a child of this Python
    process would count its pages (Linux keeps the pre-exec high-water mark),
    a child of `time` starts from a tiny process."""
    rss_file = os.path.join(work, "rss")
    cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file, exe] + argv
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"bench: {exe} exited with {p.returncode}")
    with open(rss_file) as f:
        return elapsed, int(f.read().split()[-1])  # KiB


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="a configured and built credtaint build dir")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--quick", action="store_true", help="tiny inputs, 1 round: checks the suite runs")
    ap.add_argument("--out", default=HERE, help="where RESULTS.md and results.json go")
    args = ap.parse_args()
    build_dir = os.path.abspath(args.build)
    cc = compilers(build_dir)
    names = [w for w in args.workloads.split(",") if w]
    for n in names:
        if n not in WORKLOADS:
            sys.exit(f"bench: unknown workload '{n}' (known: {', '.join(WORKLOADS)})")
    rounds = 1 if args.quick else args.rounds
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time (GNU time) is needed for peak RSS: apt-get install time")
    work = tempfile.mkdtemp(prefix="credtaint-bench-")
    env = dict(os.environ)
    env["BENCH_API_TOKEN"] = "ghp_" + "benchFakeToken0123456789abcdefABCDEF"  # not a real token
    env["BENCH_API_KEY"] = "bench-fake-api-key-0123456789"
    key = os.path.join(work, "key")
    with open(key, "w") as f:
        f.write("bench:" + "ab" * 32 + "\n")
    env["CREDTAINT_OPTIONS"] = f"log_dir={work}/logs:fingerprint_key={key}"
    env["ASAN_OPTIONS"] = "detect_leaks=0"

    results = {"date": datetime.datetime.utcnow().isoformat() + "Z",
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
               "llvm": cmake_cache(build_dir, "CREDTAINT_LLVM_VERSION"),
               "rounds": rounds, "quick": args.quick, "workloads": {}}
    for name in names:
        print(f"bench: building {name}", flush=True)
        exes, compile_s = {}, {}
        for v in VARIANTS:
            exes[v], compile_s[v] = build(cc[v], name, v, work)
        argv = WORKLOADS[name][3 if args.quick else 2]
        times = {v: [] for v in VARIANTS}
        rss = {v: [] for v in VARIANTS}
        for r in range(rounds):
            order = VARIANTS if r % 2 == 0 else list(reversed(VARIANTS))
            for v in order:
                t, m = run_once(exes[v], argv, env, work)
                times[v].append(t)
                rss[v].append(m)
            print(f"bench: {name} round {r + 1}/{rounds}", flush=True)
        med = {v: statistics.median(times[v]) for v in VARIANTS}
        mrss = {v: max(rss[v]) for v in VARIANTS}
        results["workloads"][name] = {
            "seconds": {v: [round(x, 4) for x in times[v]] for v in VARIANTS},
            "median_seconds": {v: round(med[v], 4) for v in VARIANTS},
            "peak_rss_kib": mrss,
            "compile_seconds": {v: round(compile_s[v], 3) for v in VARIANTS},
            "ratios": {
                "credtaint/dfsan": ratio(med["credtaint"], med["dfsan"]),
                "credtaint-origins/dfsan-origins": ratio(med["credtaint-origins"], med["dfsan-origins"]),
                "credtaint-origins/native": ratio(med["credtaint-origins"], med["native"]),
                "dfsan-origins/native": ratio(med["dfsan-origins"], med["native"]),
                "credtaint-origins/asan": ratio(med["credtaint-origins"], med["asan"]),
                "rss credtaint-origins/dfsan-origins": ratio(mrss["credtaint-origins"], mrss["dfsan-origins"]),
                "rss credtaint-origins/native": ratio(mrss["credtaint-origins"], mrss["native"]),
                "compile credtaint/dfsan": ratio(compile_s["credtaint-origins"], compile_s["dfsan-origins"]),
                "compile credtaint/native": ratio(compile_s["credtaint-origins"], compile_s["native"]),
            },
        }
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(args.out, "RESULTS.md"), "w") as f:
        f.write(render(results))
    print(render(results))


def render(res):
    keys = ["credtaint/dfsan", "credtaint-origins/dfsan-origins", "credtaint-origins/native",
            "dfsan-origins/native", "credtaint-origins/asan", "rss credtaint-origins/dfsan-origins",
            "rss credtaint-origins/native", "compile credtaint/dfsan", "compile credtaint/native"]
    out = ["# credtaint performance results", "",
           "Written by `bench/run.py` (never by hand). Median run time over "
           f"{res['rounds']} alternating round(s) per variant, peak RSS, and compile+link "
           "time of each workload; every figure is a ratio between runs of this one "
           f"invocation. LLVM {res['llvm']}, {res['machine']['cpus']} CPUs, {res['date']}"
           + (" (quick mode: tiny inputs, not a measurement)." if res["quick"] else "."), "",
           "Targets: credtaint <= 1.10x DFSan-alone run time and <= 1.15x DFSan-alone "
           "compile time; credtaint with origins no slower than AddressSanitizer.", "",
           "| workload | " + " | ".join(keys) + " |",
           "| --- | " + " | ".join("---" for _ in keys) + " |"]
    for name, w in res["workloads"].items():
        out.append(f"| {name} | " + " | ".join(str(w["ratios"][k]) for k in keys) + " |")
    out += ["", "Median seconds per variant:", "",
            "| workload | " + " | ".join(VARIANTS) + " |",
            "| --- | " + " | ".join("---" for _ in VARIANTS) + " |"]
    for name, w in res["workloads"].items():
        out.append(f"| {name} | " + " | ".join(str(w["median_seconds"][v]) for v in VARIANTS) + " |")
    out += ["", "Raw figures: [results.json](results.json).", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
