// The plugin reads credtaint.json upward from the source file (or from
// CREDTAINT_CONFIG): project name patterns tag declarations, exclusions
// untag them, and every problem in the file is an error naming the file,
// the JSON path and what is wrong.
// RUN: env -u CREDTAINT_CONFIG %clangxx -std=c++17 -S -emit-llvm -o %t.ll -fplugin=%plugin %S/Inputs/config-upward/src/names.cpp
// RUN: FileCheck --check-prefix=UPWARD %s < %t.ll
// UPWARD-DAG: c"credtaint;v1;kind=password;shape=string;ind=0;cap=0;name=svc_sigil;scope=\00"
// UPWARD-DAG: c"credtaint;v1;kind=token;shape=string;ind=0;cap=0;name=api_token;scope=\00"
// UPWARD-NOT: name=session_token_hint
//
// RUN: env CREDTAINT_CONFIG=%S/Inputs/bad-config.json not %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin %s 2> %t.err
// RUN: FileCheck --check-prefix=BAD %s < %t.err
// BAD-DAG: error: credtaint: {{.*}}bad-config.json: $.names.include[0].kind: unknown credential kind (expected one of: password, api-key, {{.*}})
// BAD-DAG: error: credtaint: {{.*}}bad-config.json: $.sinks[0]: missing "arg": the index (from 0) of the argument that carries the data
// BAD-DAG: error: credtaint: {{.*}}bad-config.json: $.declassifers: unknown key (expected one of: version, names, sources, sinks, declassifiers, scopes, secret_rules, owners)
// BAD-NOT: ok_log
//
// RUN: env CREDTAINT_CONFIG=%t.missing.json not %clangxx -fsyntax-only -fplugin=%plugin %s 2>&1 | FileCheck --check-prefix=MISSING %s
// MISSING: error: credtaint: {{.*}}missing.json: cannot read the credtaint config file
int main() { return 0; }
