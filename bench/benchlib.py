"""What the bench scripts share: reading the build they measure."""
import os
import sys


def cmake_cache(build, key):
    """The value of KEY in BUILD's CMakeCache.txt; exits naming it if absent."""
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        sys.exit(f"bench: {build} is not a configured build dir (no CMakeCache.txt)")
    sys.exit(f"bench: {key} not in {build}/CMakeCache.txt")
