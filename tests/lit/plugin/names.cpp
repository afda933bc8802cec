// The plugin tags declarations whose name says credential and whose type
// carries text or bytes; names that only describe a credential are not.
// RUN: %clangxx -std=c++17 -S -emit-llvm -o %t.ll -fplugin=%plugin %s
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck --check-prefix=NOT %s < %t.ll
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// CHECK-DAG: c"credtaint;v1;kind=token;shape=string;ind=0;cap=0;name=api_token;scope=\00"
std::string api_token;
// CHECK-DAG: c"credtaint;v1;kind=password;shape=chars;ind=1;cap=0;name=db_password;scope=\00"
const char *db_password = "not-a-real-password";
// CHECK-DAG: c"credtaint;v1;kind=generic-secret;shape=string;ind=0;cap=0;name=ns::client_secret;scope=\00"
namespace ns { std::string client_secret; }
// CHECK-DAG: c"credtaint;v1;kind=cloud-credential;shape=string;ind=0;cap=0;name=aws_secret_access_key;scope=\00"
std::string aws_secret_access_key;
// CHECK-DAG: c"credtaint;v1;kind=connection-string;shape=string;ind=0;cap=0;name=database_url;scope=\00"
std::string database_url;

struct Config {
  // CHECK-DAG: c"credtaint;v1;kind=password;shape=string;ind=0;cap=0;name=Config::db_password;scope=\00"
  std::string db_password;
  // CHECK-DAG: c"credtaint;v1;kind=private-key;shape=vector;ind=0;cap=0;name=Config::private_key;scope=\00"
  std::vector<uint8_t> private_key;
  // CHECK-DAG: c"credtaint;v1;kind=generic-secret;shape=bytes;ind=0;cap=32;name=Config::session_key;scope=\00"
  std::array<unsigned char, 32> session_key;
  // CHECK-DAG: c"credtaint;v1;kind=api-key;shape=chars;ind=0;cap=48;name=Config::apiKey;scope=\00"
  char apiKey[48];
  // NOT-NOT: name=Config::token_count
  int token_count;
  // NOT-NOT: name=Config::token_endpoint
  std::string token_endpoint;
  // NOT-NOT: name=Config::password_policy
  std::string password_policy;
  // NOT-NOT: name=Config::secret_name
  std::string secret_name;
  // NOT-NOT: name=Config::key_path
  std::string key_path;
  // NOT-NOT: name=Config::is_secret
  bool is_secret;
  // An int named like a credential carries no credential bytes.
  // NOT-NOT: name=Config::password;
  int password;
};

Config touch(Config &c) {
  c.db_password = "x"; c.private_key.clear(); c.session_key[0] = 0;
  c.apiKey[0] = 0; c.token_count = 0; c.token_endpoint = "e";
  c.password_policy = "p"; c.secret_name = "n"; c.key_path = "k";
  c.is_secret = false; c.password = 0;
  return c;
}

// CHECK-DAG: c"credtaint;v1;kind=password;shape=string;ind=1;cap=0;name=password;scope=\00"
// CHECK-DAG: c"credtaint;v1;kind=api-key;shape=string_view;ind=0;cap=0;name=apiKey;scope=\00"
unsigned long login(const std::string &password, std::string_view apiKey) {
  // CHECK-DAG: c"credtaint;v1;kind=generic-secret;shape=chars;ind=0;cap=64;name=secret_buf;scope=\00"
  char secret_buf[64] = {0};
  // CHECK-DAG: c"credtaint;v1;kind=token;shape=chars;ind=1;cap=0;name=token;scope=\00"
  const char *token = nullptr;
  // NOT-NOT: name=password_len
  unsigned long password_len = password.size();
  return password_len + apiKey.size() + (token ? 1 : 0) + secret_buf[0];
}

// Function results are sources too.
// CHECK-DAG: c"credtaint;v1;kind=generic-secret;shape=string;ind=0;cap=0;name=load_client_secret();scope=\00"
std::string load_client_secret() { return "from-a-vault"; }
// NOT-NOT: name=token_ttl()
std::string token_ttl() { return "3600"; }
// Functions that mask or redact a credential return no credential.
// NOT-NOT: name=mask_token()
std::string mask_token(const std::string &t) { return "****" + t.substr(t.size() - 4); }
// NOT-NOT: name=redacted_password()
std::string redacted_password() { return "****"; }

// Wide text is credential-bearing like its narrow twin: wchar_t arrays (the
// capacity in wchar_t) and pointers, std::wstring and std::wstring_view.
// CHECK-DAG: c"credtaint;v1;kind=password;shape=wchars;ind=0;cap=32;name=wide_password;scope=\00"
wchar_t wide_password[32];
// CHECK-DAG: c"credtaint;v1;kind=token;shape=wchars;ind=1;cap=0;name=wide_token;scope=\00"
const wchar_t *wide_token = nullptr;
// CHECK-DAG: c"credtaint;v1;kind=token;shape=wstring;ind=0;cap=0;name=apiToken;scope=\00"
std::wstring apiToken;
// CHECK-DAG: c"credtaint;v1;kind=generic-secret;shape=wstring;ind=1;cap=0;name=secret;scope=\00"
// CHECK-DAG: c"credtaint;v1;kind=api-key;shape=wstring_view;ind=0;cap=0;name=api_key;scope=\00"
size_t useWide(const std::wstring &secret, std::wstring_view api_key) {
  return secret.size() + api_key.size();
}
// NOT-NOT: name=wide_password_len
size_t wide_password_len = 0;
