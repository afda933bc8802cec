# lit configuration for credtaint's plugin, pass and end-to-end tests.
import os
import shutil
import lit.formats

site = lit_config.params.get("credtaint_site_config")
if not site:
    lit_config.fatal("run through ctest, or pass --param credtaint_site_config=<build>/tests/lit/lit.site.cfg.py")
lit_config.load_config(config, site)

config.name = "credtaint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".ll", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.excludes = ["Inputs"]

bin_ = config.credtaint_bin
lib = config.credtaint_libdir
llvm = config.llvm_bin
config.environment["PATH"] = os.pathsep.join([llvm, bin_, config.environment.get("PATH", "")])
# No test program may dump core (a core limit of 1 writes nothing, and stops
# a piped core pattern too), so credential-dumpable is reported only where a
# test raises the limit, whatever the machine's defaults.
import resource
resource.setrlimit(resource.RLIMIT_CORE, (1, resource.getrlimit(resource.RLIMIT_CORE)[1]))
# Tests never read the developer's own options or key.
config.environment.pop("CREDTAINT_OPTIONS", None)
config.environment["HOME"] = os.path.join(config.test_exec_root, "home")

config.substitutions += [
    ("%credtaint-cxx", os.path.join(bin_, "credtaint-c++")),
    ("%credtaint-cc", os.path.join(bin_, "credtaint-cc")),
    ("%clangxx", os.path.join(llvm, "clang++")),
    ("%clang", os.path.join(llvm, "clang")),
    ("%opt", os.path.join(llvm, "opt")),
    ("%plugin", os.path.join(lib, "CredTaintPlugin.so")),
    ("%pass", os.path.join(lib, "CredTaintPass.so")),
    ("%include", config.credtaint_include),
    ("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")),
    # Options every run of an instrumented test program gets: its own log
    # directory and a fixed fingerprint key, so fingerprints are stable.
    ("%ctopts", "log_dir=%t.logs:fingerprint_key=" +
     os.path.join(os.path.dirname(__file__), "Inputs", "fingerprint.key")),
    ("%records", "%t.logs/credtaint.*.jsonl"),
    # The flag form: the clang configuration file and credtaint-config.
    ("%credtaint-config", os.path.join(bin_, "credtaint-config")),
    ("%cfg", os.path.join(os.path.dirname(bin_), "share", "credtaint",
                          "credtaint-" + config.llvm_major + ".cfg")),
]
# Another clang of Debian's, for the checks that credtaint's flags refuse it.
for v in ("19", "16", "15", "14"):
    other = "/usr/lib/llvm-%s/bin/clang" % v
    if v != config.llvm_major and os.path.exists(other):
        config.available_features.add("other-clang")
        config.substitutions.append(("%other-clang", other))
        break
config.available_features.add("llvm-" + config.llvm_major)
# ccache, for the compiler-cache tests (REQUIRES: ccache).
if shutil.which("ccache", path=config.environment["PATH"]):
    config.available_features.add("ccache")
# CI names the features it installed (CREDTAINT_LIT_REQUIRE=ccache), so a
# missing tool fails the run instead of skipping its tests unseen.
for feature in filter(None, os.environ.get("CREDTAINT_LIT_REQUIRE", "").split(",")):
    if feature not in config.available_features:
        lit_config.fatal(f"CREDTAINT_LIT_REQUIRE names '{feature}', which this machine lacks")
