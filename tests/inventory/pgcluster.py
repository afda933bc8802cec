#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for the inventory tests and bench.

Debian's postgresql package puts initdb/pg_ctl in /usr/lib/postgresql/<v>/bin.
The cluster lives in a fresh temporary directory, listens only on a Unix
socket in that directory (no TCP port to collide with), trusts local
connections, and is removed on stop. PostgreSQL refuses to run as root, so
as root it runs as the `postgres` user (runuser).

As a command (for ctest fixtures):
    pgcluster.py start --state FILE   # exit 77 if PostgreSQL is not installed
    pgcluster.py stop --state FILE
As a module: `with PgCluster() as pg: pg.create_database("x")`.
"""
import argparse
import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
PORT = 5432  # only names the socket file inside our private directory


def find_bin():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(d, "initdb"), os.X_OK) and \
           os.access(os.path.join(d, "pg_ctl"), os.X_OK):
            return d
    return None


def _as_owner(cmd):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


class PgCluster:
    def __init__(self, state=None):
        self.bin = None
        self.dir = None
        if state:
            self.bin, self.dir = state["bin"], state["dir"]

    @property
    def url_base(self):
        return f"postgresql://postgres@/%s?host={self.dir}&port={PORT}"

    def url(self, dbname="postgres"):
        return self.url_base % dbname

    def start(self):
        self.bin = find_bin()
        if not self.bin:
            raise FileNotFoundError("PostgreSQL (initdb, pg_ctl) not found under /usr/lib/postgresql")
        self.dir = tempfile.mkdtemp(prefix="ctpg-")
        os.chmod(self.dir, 0o755)
        data = os.path.join(self.dir, "data")
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        try:
            subprocess.run(_as_owner([os.path.join(self.bin, "initdb"), "-D", data, "-U", "postgres",
                                      "-A", "trust", "-E", "UTF8", "--no-sync"]),
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            opts = f"-k {self.dir} -c listen_addresses='' -p {PORT} -c max_connections=200"
            subprocess.run(_as_owner([os.path.join(self.bin, "pg_ctl"), "-D", data, "-w", "-t", "60",
                                      "-l", os.path.join(self.dir, "log"), "-o", opts, "start"]),
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except subprocess.CalledProcessError as e:
            log = ""
            try:
                with open(os.path.join(self.dir, "log")) as f:
                    log = f.read()[-2000:]
            except OSError:
                pass
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {e.stderr.decode(errors='replace')}{log}")
        return self

    def psql(self, sql, dbname="postgres"):
        subprocess.run([os.path.join(self.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        "-h", self.dir, "-p", str(PORT), "-U", "postgres", "-d", dbname,
                        "-c", sql], check=True, stdout=subprocess.DEVNULL)

    def create_database(self, name):
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self):
        if not self.dir:
            return
        data = os.path.join(self.dir, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run(_as_owner([os.path.join(self.bin, "pg_ctl"), "-D", data, "-m", "immediate",
                                      "-w", "stop"]),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def state(self):
        return {"bin": self.bin, "dir": self.dir}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["start", "stop"])
    ap.add_argument("--state", required=True, help="JSON file describing the running cluster")
    args = ap.parse_args()
    if args.action == "start":
        if os.path.exists(args.state):  # a cluster left by an interrupted run
            with open(args.state) as f:
                PgCluster(json.load(f)).stop()
            os.remove(args.state)
        if not find_bin():
            print("pgcluster: PostgreSQL not installed (apt-get install postgresql); skipping")
            return SKIP
        pg = PgCluster().start()
        with open(args.state, "w") as f:
            json.dump({**pg.state(), "url": pg.url()}, f)
        print(f"pgcluster: started in {pg.dir}")
        return 0
    if os.path.exists(args.state):
        with open(args.state) as f:
            PgCluster(json.load(f)).stop()
        os.remove(args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
