#!/usr/bin/env python3
"""Ingest throughput of credtaint-inventory: findings per second, SQLite
against PostgreSQL, in one invocation.

Starts the real server on a loopback port over a fresh SQLite file and over a
fresh database in a throwaway PostgreSQL cluster (tests/inventory/pgcluster.py),
posts the same BOMs (built to the export's wire contract, --batch-size
findings each, as `credtaint-report export` batches them) from 1 and from
--clients concurrent clients, alternating the backends round after round, and
writes the medians and the PostgreSQL/SQLite ratio to bench/INGEST.md and
bench/ingest.json. Both databases run with their durable defaults (SQLite
WAL + synchronous=FULL; PostgreSQL fsync and synchronous_commit on). Nothing
here asserts a time: the machines are noisy, and only the ratio between runs
of one invocation means anything.

Usage: bench/ingest.py --build BUILD_DIR [--rounds N] [--batches N]
                       [--batch-size N] [--clients N] [--quick] [--out DIR]
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "inventory"))
import invtest  # noqa: E402
from pgcluster import PgCluster, find_bin  # noqa: E402

FINDINGS_PER_CREDENTIAL = 5
RULES = ["secret-in-log", "secret-in-file", "weak-hash", "cleartext-transmission", "credential-in-url"]


def make_batches(count, size, run_tag):
    """`count` BOMs of `size` findings each, 5 findings per credential."""
    batches = []
    for b in range(count):
        comps, vulns = [], []
        for i in range(size):
            c = i // FINDINGS_PER_CREDENTIAL
            fp = f"hmac-sha256:k1:{run_tag}{b:04x}{c:04x}"
            if i % FINDINGS_PER_CREDENTIAL == 0:
                comps.append(invtest.component(fp, f"BENCH_TOKEN_{b}_{c}", kind="token"))
            vulns.append(invtest.vulnerability(f"{run_tag}-{b}-{i}", fp, RULES[i % len(RULES)],
                                               test=f"Bench.Case{i % 17}"))
        body = json.dumps(invtest.bom(comps, vulns, project="bench", batch=f"{b + 1}/{count}"))
        batches.append((body, hashlib.sha256(f"{run_tag}/{b}".encode()).hexdigest()))
    return batches


def ingest_all(server, key, batches, clients):
    """Posts every batch; returns (seconds, per-batch latencies)."""
    queue = list(batches)
    lock = threading.Lock()
    latencies, errors = [], []

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                body, idem = queue.pop()
            t0 = time.perf_counter()
            status, resp, _ = server.request(
                "POST", "/v1/ingest", body=body, key=key,
                headers={"Content-Type": "application/vnd.cyclonedx+json", "Idempotency-Key": idem})
            with lock:
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    errors.append(f"HTTP {status}: {str(resp)[:200]}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} batches failed, first: {errors[0]}")
    return seconds, latencies


def run_once(binary, db, work, batches, clients):
    keys = {r: invtest.create_key(binary, db, r, f"bench-{r}") for r in ("ingest", "read")}
    with invtest.Server(binary, db, work, ["--threads", str(max(8, clients * 2))],
                        name="bench-server") as server:
        seconds, latencies = ingest_all(server, keys["ingest"], batches, clients)
        status, body, _ = server.request("GET", "/v1/findings?limit=10000&rule=weak-hash",
                                         key=keys["read"])
        stored = len(body["findings"]) if status == 200 else -1
    return seconds, latencies, stored


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", help="a credtaint build dir (uses BUILD/bin/credtaint-inventory)")
    ap.add_argument("--server", help="the credtaint-inventory binary (instead of --build)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batches", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients in the parallel runs")
    ap.add_argument("--quick", action="store_true", help="tiny input, 1 round: checks the bench runs")
    ap.add_argument("--out", default=HERE, help="where INGEST.md and ingest.json go")
    args = ap.parse_args()
    binary = args.server or os.path.join(args.build or "", "bin", "credtaint-inventory")
    if not os.access(binary, os.X_OK):
        ap.error(f"no credtaint-inventory binary at {binary} (give --build or --server)")
    if args.quick:
        args.rounds, args.batches, args.batch_size, args.clients = 1, 3, 20, 2
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="ingest-bench-")

    backends = ["sqlite"]
    cluster = None
    try:
        if find_bin():
            cluster = PgCluster().start()
            backends.append("postgresql")
        else:
            print("bench: PostgreSQL not installed; measuring SQLite only", file=sys.stderr)
        modes = [("sequential", 1), ("parallel", args.clients)]
        total = args.batches * args.batch_size
        results = {f"{b}/{m}": {"seconds": [], "latency": []} for b in backends for m, _ in modes}
        run = 0
        for rnd in range(args.rounds):
            for mode, clients in modes:
                # Alternate which backend goes first, so drift hits both alike.
                order = backends if rnd % 2 == 0 else list(reversed(backends))
                for backend in order:
                    run += 1
                    batches = make_batches(args.batches, args.batch_size, f"r{run:03d}")
                    if backend == "sqlite":
                        db = os.path.join(work, f"run{run}.db")
                    else:
                        db = cluster.create_database(f"bench_{run}")
                    seconds, lat, stored = run_once(binary, db, work, batches, clients)
                    want = sum(1 for i in range(args.batch_size) if RULES[i % len(RULES)] == "weak-hash") \
                        * args.batches
                    if stored != want:
                        raise RuntimeError(f"{backend}: {stored} weak-hash findings stored, expected {want}")
                    r = results[f"{backend}/{mode}"]
                    r["seconds"].append(seconds)
                    r["latency"].extend(lat)
                    print(f"round {rnd + 1} {backend:10} {mode:10} {total / seconds:9.0f} findings/s",
                          flush=True)
    finally:
        if cluster:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)

    summary = {}
    for name, r in results.items():
        med = statistics.median(r["seconds"])
        summary[name] = {"findings_per_second": round(total / med, 1),
                         "median_seconds": round(med, 4),
                         "median_batch_ms": round(1000 * statistics.median(r["latency"]), 2),
                         "runs": [round(s, 4) for s in r["seconds"]]}
    ratios = {}
    if "postgresql" in backends:
        for mode, _ in modes:
            ratios[mode] = round(summary[f"postgresql/{mode}"]["findings_per_second"]
                                 / summary[f"sqlite/{mode}"]["findings_per_second"], 3)
    meta = {"date": datetime.datetime.utcnow().isoformat() + "Z", "cpus": os.cpu_count(),
            "platform": platform.platform(), "rounds": args.rounds, "batches": args.batches,
            "batch_size": args.batch_size, "clients": args.clients, "findings_per_run": total,
            "quick": args.quick}
    with open(os.path.join(args.out, "ingest.json"), "w") as f:
        json.dump({"meta": meta, "results": summary, "postgresql_over_sqlite": ratios}, f, indent=2)

    lines = ["# credtaint-inventory ingest throughput", "",
             f"Written by `bench/ingest.py` (never by hand). {args.batches} batches of "
             f"{args.batch_size} findings ({FINDINGS_PER_CREDENTIAL} per credential) per run, "
             f"median over {args.rounds} alternating round(s); sequential = 1 client, parallel = "
             f"{args.clients} clients. Each batch is one POST /v1/ingest with an Idempotency-Key, "
             f"committed durably before the reply. {os.cpu_count()} CPUs, {meta['date']}.", "",
             "| backend | mode | findings/s | median run s | median batch ms |",
             "| --- | --- | --- | --- | --- |"]
    for name, s in summary.items():
        b, m = name.split("/")
        lines.append(f"| {b} | {m} | {s['findings_per_second']} | {s['median_seconds']} | "
                     f"{s['median_batch_ms']} |")
    lines.append("")
    if ratios:
        lines.append("PostgreSQL / SQLite findings per second: " +
                     ", ".join(f"{m} {r}x" for m, r in ratios.items()) + ".")
    else:
        lines.append("PostgreSQL was not installed: no ratio.")
    lines += ["", "Raw figures: [ingest.json](ingest.json)."]
    with open(os.path.join(args.out, "INGEST.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
