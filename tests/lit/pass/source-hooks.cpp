// The pass inserts a source hook after every write to a tagged declaration,
// after getenv of a credential-like name (not of others), and before each
// return of a tagged function; every hook gets a row of the site table.
// RUN: %clangxx -std=c++17 -O0 -gline-tables-only -S -emit-llvm -o %t.ll -fplugin=%plugin -fpass-plugin=%pass %s
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck --check-prefix=SITES %s < %t.ll
#include <cstdlib>
#include <cstring>
#include <string>

// CHECK-LABEL: define {{.*}}@_Z8from_envv(
const char *from_env() {
  // CHECK: call {{.*}}@getenv(
  // CHECK-NEXT: call void @__credtaint_source_env(
  const char *t = getenv("API_TOKEN");
  // getenv of a name that says nothing is not a source.
  // CHECK: call {{.*}}@getenv(
  // CHECK-NOT: __credtaint_source_env
  // CHECK: ret
  const char *h = getenv("HOME");
  return h ? t : nullptr;
}

// CHECK-LABEL: define {{.*}}@_Z9build_pwdPKc(
void build_pwd(const char *user) {
  char password[32];
  // CHECK: call {{.*}}@strncpy(
  // CHECK-NOT: call
  // CHECK: call void @__credtaint_source_decl(
  strncpy(password, user, sizeof password - 1);
  // CHECK: call {{.*}}@strcat(
  // CHECK-NOT: call
  // CHECK: call void @__credtaint_source_decl(
  strcat(password, "!");
}

// CHECK-LABEL: define {{.*}}@_Z10take_tokenNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE(
// A class passed by value is set on entry.
// CHECK: call void @llvm.var.annotation
// CHECK-NOT: call
// CHECK: call void @__credtaint_source_decl(
unsigned long take_token(std::string token) { return token.size(); }

// CHECK-LABEL: define {{.*}}@_Z14session_secretB5cxx11v(
// CHECK: call void @__credtaint_source_decl(
// CHECK-NEXT: ret void
std::string session_secret() { return "abc"; }

// The site table holds file, function, line and column for every hook.
// SITES-DAG: @__credtaint_sites = private constant [{{[0-9]+}} x %struct.credtaint_site]
// SITES-DAG: c"from_env\00"
// SITES-DAG: c"build_pwd\00"
// SITES-DAG: c"{{.*}}source-hooks.cpp\00"
