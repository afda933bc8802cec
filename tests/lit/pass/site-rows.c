// Every hook points at its own row of the module's site table, however many
// there are: the table replaces one placeholder whose row pointers were
// handed out while instrumenting.
// RUN: python3 %S/Inputs/site_rows.py gen 400 > %t.c
// RUN: %clang -O0 -gline-tables-only -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %t.c
// RUN: python3 %S/Inputs/site_rows.py check 400 %t.ll | FileCheck %s
// CHECK: ok 400
