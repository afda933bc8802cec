// None of these is a finding: a token only compared with strcmp, a token
// masked to its last 4 characters and logged, a length or a boolean derived
// from a secret, and variables whose names only describe a credential. No
// finding record is written; the loaded token has its credential-seen one.
// SECRET: ghp_e2eNoLeak0123456789abcdefABCDEF0000
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eNoLeak0123456789abcdefABCDEF0000 %t > %t.out 2> %t.err
// RUN: FileCheck --allow-empty --implicit-check-not=CREDTAINT %s < %t.err
// RUN: not ls %t.logs/credtaint.*.jsonl
// RUN: grep -c '"type":"credential-seen"' %t.logs/credtaint-seen.*.jsonl | FileCheck --check-prefix=SEEN %s
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

int main() {
  const char *token = std::getenv("API_TOKEN");
  // Compared only.
  if (std::strcmp(token, "ghp_somethingelse") == 0)
    std::puts("unexpected");
  // Masked to the last 4 characters.
  std::string t = token;
  std::string masked = "****" + t.substr(t.size() - 4);
  std::fprintf(stderr, "using token %s\n", masked.c_str());
  std::cerr << "token " << masked << "\n";
  // A length and a boolean derived from it.
  std::printf("token length %zu, github %d\n", t.size(), t[0] == 'g');
  // Names that describe a credential without holding one.
  int token_count = 1;
  std::string token_endpoint = "https://auth.example.test/oauth/token";
  std::string password_policy = "min 12 characters";
  std::string secret_name = "prod/db/password";
  std::printf("%d %s %s %s\n", token_count, token_endpoint.c_str(),
              password_policy.c_str(), secret_name.c_str());
  std::cout << token_endpoint << password_policy << secret_name << std::endl;
}
// The token was loaded, though: one credential-seen record (issue 17).
// SEEN: {{^}}1{{$}}
