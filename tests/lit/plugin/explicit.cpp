// CREDTAINT_SECRET tags any declaration with its kind and scope, and a bad
// kind or a type without bytes is a compile error that names the problem.
// RUN: %clangxx -std=c++17 -I%include -S -emit-llvm -o - -fplugin=%plugin %s | FileCheck %s
// RUN: not %clangxx -std=c++17 -I%include -fsyntax-only -fplugin=%plugin -DBAD_KIND %s 2>&1 | FileCheck --check-prefix=BADKIND %s
// RUN: not %clangxx -std=c++17 -I%include -fsyntax-only -fplugin=%plugin -DBAD_TYPE %s 2>&1 | FileCheck --check-prefix=BADTYPE %s
#include "credtaint/credtaint.h"
#include <string>

// CHECK-DAG: c"credtaint;v1;kind=token;shape=string;ind=0;cap=0;name=gh;scope=api.github.com\00"
CREDTAINT_SECRET("token", "api.github.com") std::string gh;
// A name that says nothing still becomes a credential.
// CHECK-DAG: c"credtaint;v1;kind=private-key;shape=chars;ind=0;cap=128;name=blob;scope=\00"
CREDTAINT_SECRET("private-key", "") char blob[128];

#ifdef BAD_KIND
// BADKIND: error: unknown credential kind 'passwrd' in CREDTAINT_SECRET
CREDTAINT_SECRET("passwrd", "") std::string pw;
#endif
#ifdef BAD_TYPE
// BADTYPE: error: CREDTAINT_SECRET on 'counter', whose type 'int' carries no text or bytes
CREDTAINT_SECRET("token", "") int counter;
#endif
