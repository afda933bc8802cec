// credtaint.json sinks of every category, in a library built with plain
// clang: a function that writes a file (secret-in-file; a *.log file is a
// log), one that posts to a URL (the network rules: cleartext over http,
// no declared scope, a credential in the URL) and one that runs a command
// line (credential-in-command-line), each judged like the catalog's sinks
// of that kind. The file the library writes is seen again by value
// matching: still one finding each. An unknown category is one error line
// naming the file and the JSON path, with every problem listed.
// SECRET: svc-Categories-7f3a9c1d2b4e6f80a1b2
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -shared -fPIC %S/Inputs/project-config/appio.c -o %t.dir/libappio.so
// RUN: env CREDTAINT_CONFIG=%S/Inputs/project-config/sink-categories.json \
// RUN:   %credtaint-cxx -O1 %s -L%t.dir -lappio -Wl,-rpath,%t.dir -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts SERVICE_TOKEN=svc-Categories-7f3a9c1d2b4e6f80a1b2 %t %t.dir 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 7
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: env CREDTAINT_CONFIG=%S/Inputs/project-config/bad-category.json \
// RUN:   not %credtaint-cxx -O1 %s -L%t.dir -lappio -o %t.bad 2> %t.bad.err
// RUN: FileCheck --check-prefix=BAD %s < %t.bad.err
// What the program wrote holds its credential (the leak under test): gone.
// RUN: rm -rf %t.dir
#include <cstdlib>
#include <string>

extern "C" void write_state_file(const char *path, const char *data);
extern "C" int http_post(const char *url, const char *body);
extern "C" int run_command(const char *command_line);

int main(int, char **argv) {
  std::string dir = argv[1];
  const char *token = std::getenv("SERVICE_TOKEN");
  std::string body = std::string("{\"token\":\"") + token + "\"}";
  write_state_file((dir + "/state.json").c_str(), body.c_str());
// CHECK: ==CREDTAINT: secret-in-file: token SERVICE_TOKEN {{.*}} reached write_state_file to {{.*}}state.json (created by this process) at {{.*}}project-config-sink-categories.cpp:[[@LINE-1]]
// CHECK: detector flow
  write_state_file((dir + "/sync.log").c_str(), body.c_str());
// CHECK: ==CREDTAINT: secret-in-log: token SERVICE_TOKEN {{.*}} reached write_state_file({{.*}}sync.log) at {{.*}}project-config-sink-categories.cpp:[[@LINE-1]]
  http_post("http://api.example.test/v1/sync", body.c_str());
// CHECK: ==CREDTAINT: cleartext-transmission: token SERVICE_TOKEN {{.*}} reached http_post to api.example.test:80 over http at {{.*}}project-config-sink-categories.cpp:[[@LINE-1]]
// CHECK: ==CREDTAINT: unscoped-network-use: token SERVICE_TOKEN {{.*}} reached http_post to api.example.test:80 over http at {{.*}}project-config-sink-categories.cpp:[[@LINE-2]]
  std::string url = std::string("https://api.example.test/v1/sync?token=") + token;
  http_post(url.c_str(), "{}");
// CHECK: ==CREDTAINT: unscoped-network-use: token SERVICE_TOKEN {{.*}} reached http_post to api.example.test:443 over https at {{.*}}project-config-sink-categories.cpp:[[@LINE-1]]
// CHECK: ==CREDTAINT: credential-in-url: token SERVICE_TOKEN {{.*}} reached http_post to api.example.test:443 over https at {{.*}}project-config-sink-categories.cpp:[[@LINE-2]]
  run_command((std::string("deploy --token ") + token).c_str());
// CHECK: ==CREDTAINT: credential-in-command-line: token SERVICE_TOKEN {{.*}} reached run_command at {{.*}}project-config-sink-categories.cpp:[[@LINE-1]]
  return 0;
}
// JSON: "rule":"secret-in-file"{{.*}}"sink":{"category":"file","function":"write_state_file",{{.*}}"path":"{{[^"]*}}state.json"
// JSON: "rule":"secret-in-log"{{.*}}"sink":{"category":"log","function":"write_state_file({{.*}}sync.log)"
// JSON: "rule":"cleartext-transmission"{{.*}}"sink":{"category":"network","function":"http_post"
// JSON: "rule":"unscoped-network-use"{{.*}}"url":"http://api.example.test/v1/sync"
// JSON: "rule":"unscoped-network-use"{{.*}}"url":"https://api.example.test/v1/sync?token={{[^"]*}}"
// JSON: "rule":"credential-in-url"
// JSON: "rule":"credential-in-command-line"{{.*}}"sink":{"category":"process"
// BAD: credtaint: {{.*}}bad-category.json: $.sinks[0].category: unknown category (expected one of: log, file, network, exec)
// BAD: credtaint: {{.*}}bad-category.json: $.sinks[1].target_arg: "target_arg" (a path or a URL) is for sinks of category file or network
