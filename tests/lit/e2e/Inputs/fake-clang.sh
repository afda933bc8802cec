#!/bin/sh
# Stands in for a clang of another version.
[ "$1" = "-dumpversion" ] && echo "99.1.0" && exit 0
exit 1
