// With a credtaint.json, the pass hooks calls to the project's sink,
// source and declassifier functions, records the config's path for the
// runtime, and registers unbound secret literals in a module constructor.
// SECRET: AKIAZ5E2PASSQ7R3XW6N
// RUN: env CREDTAINT_CONFIG=%S/Inputs/project.json %clangxx -std=c++17 -O0 -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
#include <string>

extern "C" void applog_write(int level, const char *msg);
namespace app { void log(int level, const std::string &msg); }
extern "C" const char *vault_fetch(const char *path);
std::string hash_for_log(const std::string &s);
extern "C" void use(const char *);

// CHECK-DAG: @__credtaint_project_config = linkonce_odr constant {{.*}}
// CHECK-DAG: c"applog_write\00"
// CHECK-DAG: c"literal:aws-access-key-id\00"

void calls(const char *msg, const std::string &s) {
  // CHECK-LABEL: define {{.*}}calls
  // CHECK: call void {{.*}}@__credtaint_sink_cstr({{.*}}, i32 {{[0-9]+}}, i64 ptrtoint ({{.*}}), {{.*}})
  // CHECK-NEXT: call void @applog_write(
  applog_write(1, msg);
  // CHECK: call void {{.*}}@__credtaint_sink_string(
  // CHECK-NEXT: call void @_ZN3app3logEiRKNSt7__cxx1112basic_string
  app::log(2, s);
  // CHECK: call {{.*}}@vault_fetch(
  // CHECK: call void {{.*}}@__credtaint_source_result(
  use(vault_fetch("kv/x"));
  // CHECK: call void @_Z12hash_for_log
  // CHECK: call void {{.*}}@__credtaint_source_declassify(
  std::string h = hash_for_log(s);
  use(h.c_str());
  use("AKIAZ5E2PASSQ7R3XW6N");
}
// CHECK: define internal void @credtaint.register_globals()
// CHECK: call void {{.*}}@__credtaint_source_decl(
