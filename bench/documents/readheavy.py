#!/usr/bin/env python3
"""The cost of scanning what a program reads (issue 15), on a read-heavy
workload (bench/workloads/readheavy.cpp: configs and logs reread with fgets,
read(2) and an ifstream), built once with credtaint and run alternately with
document_sources=1 and =0 in one invocation: the median wall-time ratio is
the figure (the machines are noisy; nothing here asserts a time). The
configs hold a few credentials, so the scanner labels and registers some.

Usage: bench/documents/readheavy.py --build BUILD_DIR [--rounds N] [--quick]
       [--json FILE]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOAD = os.path.join(os.path.dirname(HERE), "workloads", "readheavy.cpp")


def write_inputs(d, log_mib):
    rng = random.Random(7)
    keys = ["host", "port", "user", "timeout", "region", "log_level", "retries"]
    for i in range(20):
        fields = {k: f"value-{rng.randrange(1 << 30):08x}" for k in keys}
        if i % 5 == 0:  # a credential now and then (generated, not a real one)
            fields["db_password"] = f"bench-{rng.randrange(1 << 60):016x}"
        with open(os.path.join(d, f"service{i}.json"), "w") as f:
            json.dump(fields, f, indent=2)
        with open(os.path.join(d, f"service{i}.env"), "w") as f:
            f.writelines(f"APP_{k.upper()}={v}\n" for k, v in fields.items())
    words = ["request", "handled", "user", "session", "cache", "miss", "status=200"]
    with open(os.path.join(d, "app.log"), "w") as f:
        size = 0
        while size < log_mib << 20:
            line = (f"2026-12-05T10:{rng.randrange(60):02}:{rng.randrange(60):02}Z INFO svc: "
                    + " ".join(rng.choice(words) for _ in range(10)) + "\n")
            f.write(line)
            size += len(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    cxx = os.path.join(a.build, "bin", "credtaint-c++")
    with tempfile.TemporaryDirectory(prefix="credtaint-readheavy-") as tmp:
        exe = os.path.join(tmp, "readheavy")
        subprocess.run([cxx, "-O2", WORKLOAD, "-o", exe], check=True)
        data = os.path.join(tmp, "data")
        os.mkdir(data)
        write_inputs(data, 1 if a.quick else 8)
        reps = "2" if a.quick else "20"
        rounds = 1 if a.quick else a.rounds
        times = {"0": [], "1": []}
        for _ in range(rounds):
            for on in ("0", "1"):
                env = dict(os.environ, CREDTAINT_OPTIONS=(
                    f"log_dir={tmp}/logs:document_sources={on}"))
                t0 = time.monotonic()
                subprocess.run([exe, data, reps], check=True, env=env,
                               stdout=subprocess.DEVNULL)
                times[on].append(time.monotonic() - t0)
        off, on = statistics.median(times["0"]), statistics.median(times["1"])
        print(f"readheavy: {rounds} rounds, median {off:.3f} s without document "
              f"scanning, {on:.3f} s with: ratio {on / off:.3f}")
        if a.json:
            with open(a.json, "w") as f:
                json.dump({"rounds": rounds, "seconds_off": times["0"],
                           "seconds_on": times["1"], "median_ratio": on / off}, f,
                          indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
