#!/usr/bin/env python3
"""Checks that a wrapper's compile identity is that of the files it loads.

    compile_identity.py WRAPPER PLUGIN PASS

Runs `WRAPPER --credtaint-identity` and recomputes the identity as
tools/wrapper/CompileIdentity.cmake does, from the plugin, the pass, and the
ABI list and default secret rules of the wrapper's tree
(bin/../share/credtaint). Equal identities mean the
build rebuilt the wrapper after the last change to any of them, so a
compiler cache in front of the wrapper cannot serve objects of an older
credtaint. Prints "compile identity: current" or fails.
"""
import hashlib
import os
import subprocess
import sys


def main():
    wrapper, plugin, pass_plugin = sys.argv[1:4]
    out = subprocess.run([wrapper, "--credtaint-identity"], check=True,
                         capture_output=True, text=True).stdout
    claimed = out.rsplit(" ", 1)[-1].strip()
    prefix = os.path.dirname(os.path.dirname(os.path.realpath(wrapper)))
    files = [plugin, pass_plugin,
             os.path.join(prefix, "share", "credtaint", "abilist.txt"),
             os.path.join(prefix, "share", "credtaint", "secret-rules.json")]
    parts = ""
    for f in files:
        with open(f, "rb") as fh:
            parts += f"{os.path.basename(f)}={hashlib.sha256(fh.read()).hexdigest()}\n"
    expected = hashlib.sha256(parts.encode()).hexdigest()
    if claimed != expected:
        sys.exit(f"compile identity: the wrapper says {claimed}, its files "
                 f"hash to {expected}")
    print("compile identity: current")


if __name__ == "__main__":
    main()
