#!/usr/bin/env python3
"""Builds the build-system consumer projects with credtaint used as flags,
the way their users would, and checks each one's finding.

  meson      tests/consumer-meson: dependency('credtaint') from credtaint.pc
             (PKG_CONFIG_PATH), CC=clang-N, `meson test`;
  autotools  tests/consumer-autotools: autoreconf, then
             ./configure CC=clang-N CFLAGS="$(credtaint-config --cflags)"
             LDFLAGS="$(credtaint-config --ldflags)" LIBS="$(credtaint-config --libs)",
             `make check`;
  toolchain  tests/consumer-toolchain: a toolchain file pinning plain clang,
             find_package(CredTaint) from an install of credtaint, and
             credtaint_instrument(): the test and its static library are
             instrumented, the production tool beside them is not; a static
             library linked both ways is one configure error; with
             CREDTAINT_INSTRUMENT_ALL=ON everything is instrumented; a
             compiler of another LLVM is one configure error.

Each project's test leaks a credential; the check is credtaint's record of
it (rule, credential name) and that no record holds the raw value. The
tests' own logs (meson-logs/, make check's *.log) hold what the programs
printed, the leak itself, and are removed after the check; everything else
stays under <work> for the no-raw-secrets scan.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)

# SECRET: ct-fake-deploy-token-Vb81Mz3Qr7
DEPLOY_TOKEN = "ct-fake-deploy-token-Vb81Mz3Qr7"
# SECRET: ct-fake-db-password-Hs62Kp0Wn4
DB_PASSWORD = "ct-fake-db-password-Hs62Kp0Wn4"
# SECRET: ct-fake-registry-token-5Jq8Wd2Lx0
REGISTRY_TOKEN = "ct-fake-registry-token-5Jq8Wd2Lx0"


class Failure(Exception):
    pass


class Runner:
    def __init__(self, a):
        self.a = a
        self.work = os.path.abspath(a.work)
        self.build = os.path.abspath(a.build)
        self.logs = os.path.join(self.work, "credtaint-logs")
        self.step = 0
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("CREDTAINT_", "CTEST_", "CMAKE_",
                                         "MESON", "CC", "CXX", "CFLAGS",
                                         "LDFLAGS", "LIBS", "PKG_CONFIG"))}
        self.env["CREDTAINT_OPTIONS"] = f"log_dir={self.logs}"
        self.clang = os.path.join(a.llvm_prefix, "bin", "clang")

    def run(self, name, cmd, expect_rc=0, cwd=None, env=None):
        self.step += 1
        log = os.path.join(self.work, "logs", f"{self.step:02d}-{name}.log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        p = subprocess.run(cmd, cwd=cwd, env=env or self.env,
                           capture_output=True, text=True)
        with open(log, "w") as f:
            f.write(f"$ {' '.join(cmd)}\n{p.stdout}\n--- stderr ---\n{p.stderr}")
        if expect_rc is not None and p.returncode != expect_rc:
            tail = "\n".join((p.stdout + p.stderr).splitlines()[-25:])
            raise Failure(f"{name}: exit status {p.returncode}, expected "
                          f"{expect_rc} (log: {log})\n{tail}")
        print(f"ok: {name}")
        return p

    def config(self, *opts):
        exe = os.path.join(self.build, "bin", "credtaint-config")
        return self.run("credtaint-config" + opts[0].replace("--", "-"),
                        [exe, f"--compiler={self.clang}", *opts]).stdout.strip()

    def expect_finding(self, rule, name, secret):
        """A record of <rule> for credential <name>; no raw <secret> in any."""
        found = False
        files = glob.glob(os.path.join(self.logs, "credtaint.*.jsonl"))
        for path in files:
            text = open(path, encoding="utf-8").read()
            if secret in text:
                raise Failure(f"{path} holds the raw credential")
            for line in text.splitlines():
                rec = json.loads(line)
                if rec.get("rule") == rule and \
                        rec.get("credential", {}).get("name") == name:
                    found = True
        if not found:
            raise Failure(f"no {rule} record for {name} in {self.logs} "
                          f"({len(files)} record files)")
        print(f"ok: {rule} of {name} recorded, without its value")

    def fresh(self):
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)

    def meson(self):
        self.fresh()
        env = dict(self.env, CC=self.clang,
                   PKG_CONFIG_PATH=os.path.join(self.build, "lib", "pkgconfig"),
                   DEPLOY_API_TOKEN=DEPLOY_TOKEN)
        build = os.path.join(self.work, "build")
        self.run("meson-setup", ["meson", "setup", build,
                                 os.path.join(TESTS, "consumer-meson")], env=env)
        self.run("meson-compile", ["meson", "compile", "-C", build], env=env)
        self.run("meson-test", ["meson", "test", "-C", build], env=env)
        shutil.rmtree(os.path.join(build, "meson-logs"), ignore_errors=True)
        self.expect_finding("secret-in-log", "DEPLOY_API_TOKEN", DEPLOY_TOKEN)

    def autotools(self):
        self.fresh()
        src = os.path.join(self.work, "src")
        shutil.copytree(os.path.join(TESTS, "consumer-autotools"), src)
        self.run("autoreconf", ["autoreconf", "-i"], cwd=src)
        configure = ["./configure", f"CC={self.clang}",
                     f"CFLAGS={self.config('--cflags')}",
                     f"LDFLAGS={self.config('--ldflags')}",
                     f"LIBS={self.config('--libs')}"]
        self.run("configure", configure, cwd=src)
        env = dict(self.env, DB_PASSWORD=DB_PASSWORD)
        self.run("make-check", ["make", "check"], cwd=src, env=env)
        for f in glob.glob(os.path.join(src, "*.log")) + \
                glob.glob(os.path.join(src, "*.trs")):
            os.remove(f)
        self.expect_finding("secret-in-log", "DB_PASSWORD", DB_PASSWORD)

    def symbols(self, exe):
        return self.run("nm-" + os.path.basename(exe), ["nm", exe]).stdout

    def toolchain(self):
        self.fresh()
        prefix = os.path.join(self.work, "prefix")
        self.run("install-credtaint", ["cmake", "--install", self.build,
                                       "--prefix", prefix])
        src = os.path.join(TESTS, "consumer-toolchain")
        common = ["-G", "Ninja",
                  f"-DCMAKE_TOOLCHAIN_FILE={src}/clang-toolchain.cmake",
                  f"-DCONSUMER_LLVM_PREFIX={self.a.llvm_prefix}",
                  f"-DCMAKE_PREFIX_PATH={prefix}",
                  f"-DCREDTAINT_LOG_DIR={self.logs}"]
        build = os.path.join(self.work, "build")
        self.run("configure", ["cmake", "-S", src, "-B", build, *common])
        self.run("build", ["cmake", "--build", build])
        self.run("ctest", ["ctest", "--test-dir", build, "--output-on-failure"])
        self.expect_finding("secret-in-log", "REGISTRY_TOKEN", REGISTRY_TOKEN)
        if "__credtaint_" not in self.symbols(os.path.join(build, "tokens_test")):
            raise Failure("tokens_test is not instrumented")
        if "__dfsan" in self.symbols(os.path.join(build, "tokens_cli")):
            raise Failure("tokens_cli, the production tool, is instrumented")
        print("ok: instrumented test beside an uninstrumented production tool")

        bad = self.run("configure-bad-static",
                       ["cmake", "-S", src, "-B", build + "-bad", *common,
                        "-DCONSUMER_BAD_STATIC=ON"], expect_rc=1)
        expect_line(bad.stderr, r"credtaint: static library 'tokens' is built "
                    r"with credtaint's flags for 'tokens_test', but "
                    r"'tokens_cli_bad' links it without them")

        all_build = build + "-all"
        self.run("configure-all", ["cmake", "-S", src, "-B", all_build, *common,
                                   "-DCONSUMER_BAD_STATIC=ON",
                                   "-DCREDTAINT_INSTRUMENT_ALL=ON"])
        self.run("build-all", ["cmake", "--build", all_build])
        for exe in ("tokens_cli", "tokens_cli_bad"):
            if "__credtaint_" not in self.symbols(os.path.join(all_build, exe)):
                raise Failure(f"{exe} is not instrumented with "
                              "CREDTAINT_INSTRUMENT_ALL=ON")
        print("ok: CREDTAINT_INSTRUMENT_ALL=ON instruments every target")

        if self.a.other_llvm_prefix:
            other = self.run("configure-other-clang", [
                "cmake", "-S", src, "-B", build + "-other", "-G", "Ninja",
                f"-DCMAKE_TOOLCHAIN_FILE={src}/clang-toolchain.cmake",
                f"-DCONSUMER_LLVM_PREFIX={self.a.other_llvm_prefix}",
                f"-DCMAKE_PREFIX_PATH={prefix}"], expect_rc=1)
            expect_line(other.stderr, r"credtaint_instrument\(tokens_test\): "
                        r"the C compiler is Clang [0-9.]+ .*, but credtaint's "
                        r"flags are for clang [0-9]+: configure with")


def expect_line(text, pattern):
    """The CMake error is one message, whatever CMake wraps around it."""
    flat = " ".join(text.split())
    if not re.search(pattern, flat):
        raise Failure(f"expected /{pattern}/ in:\n{text[-2000:]}")
    print(f"ok: error says /{pattern[:60]}.../")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", choices=["meson", "autotools", "toolchain"])
    ap.add_argument("--build", required=True, help="credtaint's build tree")
    ap.add_argument("--work", required=True, help="scratch directory")
    ap.add_argument("--llvm-prefix", required=True,
                    help="the LLVM credtaint is built for (/usr/lib/llvm-N)")
    ap.add_argument("--other-llvm-prefix", default="",
                    help="another LLVM, for the wrong-compiler check")
    a = ap.parse_args()
    try:
        getattr(Runner(a), a.project)()
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    print(f"{a.project}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
