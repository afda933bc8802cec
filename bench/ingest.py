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

The BOMs carry the issue 17 record types: each measured run is one test run
(credtaint:run, credtaint:run-started, credtaint:vcs on every batch, batches
numbered i/n), every credential is seen (credtaint:seen) with the hosts it
was sent to and a suggested owner, and each batch also names
--seen-only credentials that have no finding (a run loads more credentials
than it leaks). With --baseline BINARY, an older credtaint-inventory (say,
built from the main branch) is measured in the same invocation on the same
BOMs, alternating with this one, and the new/old ratio is reported too; an
older server ignores the properties it does not know.

Usage: bench/ingest.py --build BUILD_DIR [--baseline BINARY] [--rounds N]
                       [--batches N] [--batch-size N] [--seen-only N]
                       [--clients N] [--quick] [--out DIR]
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


HOSTS = ["api.github.com", "uploads.github.com", "s3.amazonaws.com"]
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def make_batches(count, size, run_tag, seen_only):
    """`count` BOMs of one run, `size` findings each, 5 findings per
    credential, and `seen_only` more credentials without findings."""
    batches = []
    started = invtest.iso_now()
    for b in range(count):
        comps, vulns = [], []

        def seen(fp, name, c):
            return invtest.component(fp, name, kind="token", defined_at=f"src/bench{c % 50}.cpp:{c}",
                                     seen=True, hosts=HOSTS[:1 + c % 3],
                                     owner=f"@acme/team-{c % 7}",
                                     owner_reason=f"CODEOWNERS line {c % 7 + 1}: /src/ @acme/team-{c % 7}")
        for i in range(size):
            c = i // FINDINGS_PER_CREDENTIAL
            fp = f"hmac-sha256:k1:{run_tag}{b:04x}{c:04x}"
            if i % FINDINGS_PER_CREDENTIAL == 0:
                comps.append(seen(fp, f"BENCH_TOKEN_{b}_{c}", c))
            # Found by the run being exported (so not overdue on arrival).
            vulns.append(invtest.vulnerability(f"{run_tag}-{b}-{i}", fp, RULES[i % len(RULES)],
                                               created=started, test=f"Bench.Case{i % 17}"))
        for s in range(seen_only):
            comps.append(seen(f"hmac-sha256:k1:{run_tag}{b:04x}s{s:03x}", f"BENCH_SEEN_{b}_{s}", s))
        body = json.dumps(invtest.bom(comps, vulns, project="bench", batch=f"{b + 1}/{count}",
                                      run=f"bench-{run_tag}", run_started=started,
                                      vcs=f"https://github.com/acme/bench@{COMMIT}"))
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
    ap.add_argument("--baseline", help="an older credtaint-inventory binary measured alongside")
    ap.add_argument("--seen-only", type=int, default=20,
                    help="credentials without findings in each batch (seen by the run)")
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
    if args.baseline and not os.access(args.baseline, os.X_OK):
        ap.error(f"no credtaint-inventory binary at {args.baseline} (--baseline)")
    if args.quick:
        args.rounds, args.batches, args.batch_size, args.clients, args.seen_only = 1, 3, 20, 2, 3
    binaries = [("new", binary)] + ([("baseline", args.baseline)] if args.baseline else [])
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
        results = {f"{v}/{b}/{m}": {"seconds": [], "latency": []}
                   for v, _ in binaries for b in backends for m, _ in modes}
        run = 0
        for rnd in range(args.rounds):
            for mode, clients in modes:
                # Alternate which backend and binary go first, so drift hits all alike.
                order = [(v, path, b) for v, path in binaries for b in backends]
                if rnd % 2:
                    order.reverse()
                for version, path, backend in order:
                    run += 1
                    batches = make_batches(args.batches, args.batch_size, f"r{run:03d}",
                                           args.seen_only)
                    if backend == "sqlite":
                        db = os.path.join(work, f"run{run}.db")
                    else:
                        db = cluster.create_database(f"bench_{run}")
                    seconds, lat, stored = run_once(path, db, work, batches, clients)
                    want = sum(1 for i in range(args.batch_size) if RULES[i % len(RULES)] == "weak-hash") \
                        * args.batches
                    if stored != want:
                        raise RuntimeError(f"{backend}: {stored} weak-hash findings stored, expected {want}")
                    r = results[f"{version}/{backend}/{mode}"]
                    r["seconds"].append(seconds)
                    r["latency"].extend(lat)
                    print(f"round {rnd + 1} {version:8} {backend:10} {mode:10} "
                          f"{total / seconds:9.0f} findings/s", flush=True)
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
    fps = {name: s["findings_per_second"] for name, s in summary.items()}
    ratios = {}
    if "postgresql" in backends:
        for version, _ in binaries:
            for mode, _ in modes:
                ratios[f"{version}/{mode}"] = round(fps[f"{version}/postgresql/{mode}"]
                                                    / fps[f"{version}/sqlite/{mode}"], 3)
    against_baseline = {}
    if args.baseline:
        for backend in backends:
            for mode, _ in modes:
                against_baseline[f"{backend}/{mode}"] = round(
                    fps[f"new/{backend}/{mode}"] / fps[f"baseline/{backend}/{mode}"], 3)
    meta = {"date": datetime.datetime.utcnow().isoformat() + "Z", "cpus": os.cpu_count(),
            "platform": platform.platform(), "rounds": args.rounds, "batches": args.batches,
            "batch_size": args.batch_size, "seen_only": args.seen_only, "clients": args.clients,
            "findings_per_run": total, "quick": args.quick,
            "baseline": os.path.basename(args.baseline) if args.baseline else None}
    with open(os.path.join(args.out, "ingest.json"), "w") as f:
        json.dump({"meta": meta, "results": summary, "postgresql_over_sqlite": ratios,
                   "new_over_baseline": against_baseline}, f, indent=2)

    lines = ["# credtaint-inventory ingest throughput", "",
             f"Written by `bench/ingest.py` (never by hand). {args.batches} batches of "
             f"{args.batch_size} findings ({FINDINGS_PER_CREDENTIAL} per credential) and "
             f"{args.seen_only} seen-only credentials per run, each run one test run "
             f"(`credtaint:run`, `credtaint:vcs`, batches numbered i/n; every credential seen, "
             f"with hosts and a suggested owner), median over {args.rounds} alternating "
             f"round(s); sequential = 1 client, parallel = {args.clients} clients. Each batch is "
             f"one POST /v1/ingest with an Idempotency-Key, committed durably before the reply. "
             f"{os.cpu_count()} CPUs, {meta['date']}.", ""]
    if args.baseline:
        lines += [f"`baseline` is `{meta['baseline']}`, measured in the same invocation on the "
                  "same BOMs (it ignores the properties it does not know); `new` is this "
                  "tree's server.", ""]
    lines += ["| server | backend | mode | findings/s | median run s | median batch ms |",
              "| --- | --- | --- | --- | --- | --- |"]
    for name, s in summary.items():
        v, b, m = name.split("/")
        lines.append(f"| {v} | {b} | {m} | {s['findings_per_second']} | {s['median_seconds']} | "
                     f"{s['median_batch_ms']} |")
    lines.append("")
    if ratios:
        lines.append("PostgreSQL / SQLite findings per second: " +
                     ", ".join(f"{k} {r}x" for k, r in ratios.items()) + ".")
    else:
        lines.append("PostgreSQL was not installed: no ratio.")
    if against_baseline:
        lines += ["", "new / baseline findings per second: " +
                  ", ".join(f"{k} {r}x" for k, r in against_baseline.items()) + "."]
    lines += ["", "Raw figures: [ingest.json](ingest.json)."]
    with open(os.path.join(args.out, "INGEST.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
