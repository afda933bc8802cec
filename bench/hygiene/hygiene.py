#!/usr/bin/env python3
"""The cost of memory_hygiene (credential-not-zeroized; bench/HYGIENE.md) on an
allocation-heavy workload (bench/workloads/allocheavy.cpp), built once with
credtaint and run alternately, round after round, in one invocation:

  no hook          the same object linked without the wrap of the DFSan
                   allocator (common/DfsanAllocator.h): what a free cost
                   before credential-not-zeroized
  hygiene=0        the program as credtaint links it, the option off
  hygiene=1        the option on; the workload frees a credential-bearing
                   string now and then (one finding, reported once)
  hygiene=1, no credential
                   the option on, without the token in the environment:
                   every free checked, nothing reported

The figure is the median CPU time (user + system of the child, less
disturbed than wall time by the other jobs of a shared machine) of each
relative to hygiene=0, with the wall-time ratio beside it; the symbolizer
that names the one finding's frames is a process of its own, seen in wall
time only. Nothing here asserts a time.

Usage: bench/hygiene/hygiene.py --build BUILD_DIR [--rounds N] [--quick]
       [--json FILE]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchlib import cmake_cache  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORKLOAD = os.path.join(os.path.dirname(HERE), "workloads", "allocheavy.cpp")
# A generated stand-in, not a real credential.
TOKEN = "bench_hygiene_0123456789abcdef0123456789"


def dfsan_allocator_functions():
    """The mangled names DfsanAllocator.h gives the wrapped functions."""
    names = {}
    with open(os.path.join(ROOT, "common", "DfsanAllocator.h")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "#define" and parts[2].startswith("_Z"):
                names[parts[1]] = parts[2]
    return list(names.values())


def runtime_link_wraps():
    """The other functions credtaint's link wraps (DfsanEntryPoints.h's
    CREDTAINT_LINK_WRAP_ lines): wrapped in both builds, so that only the
    hygiene hook differs."""
    wraps = []
    with open(os.path.join(ROOT, "runtime", "core", "DfsanEntryPoints.h")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "#define" and \
                    parts[1].startswith("CREDTAINT_LINK_WRAP_"):
                wraps.append(f"-Wl,--wrap={parts[2]}")
    return wraps


def build(build_dir, tmp):
    cxx = os.path.join(build_dir, "bin", "credtaint-c++")
    obj = os.path.join(tmp, "allocheavy.o")
    hooked = os.path.join(tmp, "allocheavy")
    plain = os.path.join(tmp, "allocheavy-nohook")
    subprocess.run([cxx, "-O2", "-c", WORKLOAD, "-o", obj], check=True)
    subprocess.run([cxx, "-O2", obj, "-o", hooked], check=True)
    # The wrapper's link without its --wrap options: __real_X is X itself
    # and the runtime's __wrap_X is never called.
    runtime = os.path.join(build_dir, "lib", "credtaint", "libcredtaint_rt.a")
    defsyms = [f"-Wl,--defsym=__real_{f}={f}" for f in dfsan_allocator_functions()]
    subprocess.run([cmake_cache(build_dir, "CREDTAINT_CLANGXX"), "-O2", obj, "-o",
                    plain, "-fsanitize=dataflow", "-Wl,--whole-archive", runtime,
                    "-Wl,--no-whole-archive", *defsyms, *runtime_link_wraps(),
                    "-lstdc++", "-lm", "-lpthread", "-ldl"], check=True)
    return hooked, plain


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="credtaint-hygiene-") as tmp:
        hooked, plain = build(a.build, tmp)
        runs = {  # name -> (binary, memory_hygiene, token in the environment)
            "no hook": (plain, "0", True),
            "hygiene=0": (hooked, "0", True),
            "hygiene=1": (hooked, "1", True),
            "hygiene=1, no credential": (hooked, "1", False),
        }
        iters = "500" if a.quick else "60000"
        rounds = 1 if a.quick else a.rounds
        cpu = {k: [] for k in runs}
        wall = {k: [] for k in runs}
        for _ in range(rounds):
            for name, (binary, on, token) in runs.items():
                env = dict(os.environ, CREDTAINT_OPTIONS=(
                    f"log_dir={tmp}/logs:memory_hygiene={on}"))
                if token:
                    env["BENCH_TOKEN"] = TOKEN
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.monotonic()
                subprocess.run([binary, iters], check=True, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall[name].append(time.monotonic() - t0)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
        med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
        med_wall = {k: statistics.median(v) for k, v in wall.items()}
        base = "hygiene=0"
        print(f"allocheavy: {iters} iterations, {rounds} rounds; median CPU "
              f"(ratio to {base}; wall-time ratio)")
        for name in runs:
            print(f"  {name:26} {med_cpu[name]:.3f} s  "
                  f"{med_cpu[name] / med_cpu[base]:.3f}  "
                  f"(wall {med_wall[name] / med_wall[base]:.3f})")
        if a.json:
            with open(a.json, "w") as f:
                json.dump({"iterations": int(iters), "rounds": rounds,
                           "cpu_seconds": cpu, "wall_seconds": wall,
                           "median_cpu_ratio_to_hygiene_0": {
                               k: med_cpu[k] / med_cpu[base] for k in runs},
                           "median_wall_ratio_to_hygiene_0": {
                               k: med_wall[k] / med_wall[base] for k in runs}},
                          f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
