"""Debian source packages for bench/run.py's real test suites.

Fetched once by `apt-get source` into a cache directory, with apt's lists,
sources.list and archives kept in that directory too: the system's apt
configuration is not touched and root is not needed. apt checks the
downloads against the release's signed index, as for any package.
"""
import os
import shutil
import subprocess

KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
MIRROR = "http://deb.debian.org/debian"


class Unavailable(Exception):
    """The source package cannot be had here; the message is one line."""


def _codename():
    try:
        with open("/etc/os-release") as f:
            fields = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)
    except OSError:
        fields = {}
    if fields.get("ID") != "debian" or not fields.get("VERSION_CODENAME"):
        raise Unavailable("not a Debian system (/etc/os-release)")
    return fields["VERSION_CODENAME"].strip('"')


def _apt(state, args, cwd):
    cmd = ["apt-get", "-q",
           "-o", "Dir::Etc::SourceList=" + os.path.join(state, "sources.list"),
           "-o", "Dir::Etc::SourceParts=" + os.path.join(state, "sources.list.d"),
           "-o", "Dir::State::Lists=" + os.path.join(state, "lists"),
           "-o", "Dir::Cache=" + os.path.join(state, "cache")] + args
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    # apt-get update exits 0 when an index could not be fetched: only warns.
    problems = [l for l in p.stderr.splitlines() if l.startswith(("E:", "W: Failed to fetch"))]
    if p.returncode != 0 or problems:
        last = (problems or p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[0]
        raise Unavailable(f"apt-get {args[0]}: {last.strip()}")


def unpacked_source(package, cache):
    """The directory of PACKAGE's unpacked source under CACHE (fetched on
    first use) and its Debian version. Raises Unavailable."""
    if not shutil.which("apt-get") or not shutil.which("dpkg-source"):
        raise Unavailable("apt-get and dpkg-source (package dpkg-dev) are needed")
    home = os.path.join(cache, "debian-src", package)
    marker = os.path.join(home, "unpacked")  # "<dir> <version>", written last
    if os.path.exists(marker):
        with open(marker) as f:
            name, version = f.read().split()
        return os.path.join(home, name), version
    state = os.path.join(cache, "apt")
    for d in ("lists/partial", "cache/archives/partial", "sources.list.d"):
        os.makedirs(os.path.join(state, d), exist_ok=True)
    with open(os.path.join(state, "sources.list"), "w") as f:
        f.write(f"deb-src [signed-by={KEYRING}] {MIRROR} {_codename()} main\n")
    _apt(state, ["update"], cache)
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    _apt(state, ["source", package], home)
    dscs = [f for f in os.listdir(home) if f.endswith(".dsc")]
    dirs = [d for d in os.listdir(home) if os.path.isdir(os.path.join(home, d))]
    if len(dscs) != 1 or len(dirs) != 1:
        raise Unavailable(f"apt-get source {package} left {sorted(os.listdir(home))}")
    version = dscs[0][len(package) + 1:-len(".dsc")]
    with open(marker, "w") as f:
        f.write(f"{dirs[0]} {version}\n")
    return os.path.join(home, dirs[0]), version
