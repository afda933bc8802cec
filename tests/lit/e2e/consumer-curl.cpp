// libcurl's credential options as consumers (consumers.def): a password in a
// variable called `data` becomes a credential where it is given as
// CURLOPT_PASSWORD, so the request that carries it to a loopback HTTP server
// is cleartext-transmission, and its later leak to stderr is reported with
// the trace "used as CURLOPT_PASSWORD of curl_easy_setopt". A literal proxy
// password (only the part after "user:") is a hardcoded credential at run
// time. Clean twins: CURLOPT_USERNAME is no consumer, a CURLOPT_USERPWD
// without a ':' holds no password, and a request without credentials is no
// finding.
// SECRET: CurlDataPassw0rd-e2e
// SECRET: Pr0xyLiteral-e2e-pass
// RUN: %credtaint-cxx -O1 %s -o %t -lcurl
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts python3 %S/Inputs/netserve.py http -- %t {http} CurlDataPassw0rd-e2e > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdio>
#include <curl/curl.h>
#include <string>

static size_t discard(char *, size_t Size, size_t N, void *) { return Size * N; }

static void perform(CURL *c) {
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  std::printf("%s %ld\n", rc == CURLE_OK ? "ok" : curl_easy_strerror(rc), status);
  curl_easy_cleanup(c);
}

static CURL *newRequest(const std::string &url) {
  CURL *c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_PROXY, ""); // never a proxy from the environment
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  return c;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  std::string base = std::string("http://127.0.0.1:") + argv[1];
  std::string data = argv[2]; // no name pattern knows it
  curl_global_init(CURL_GLOBAL_DEFAULT);

  CURL *c = newRequest(base + "/login");
  curl_easy_setopt(c, CURLOPT_USERNAME, "svc-report");
  curl_easy_setopt(c, CURLOPT_PASSWORD, data.c_str());
// CHECK-DAG: ==CREDTAINT: cleartext-transmission: password CURLOPT_PASSWORD of curl_easy_setopt ({{.*}}) reached curl_easy_setopt(CURLOPT_PASSWORD) to 127.0.0.1:{{[0-9]+}} over http at {{.*}}consumer-curl.cpp:[[@LINE-1]]
  perform(c);
  std::fprintf(stderr, "logged in with %s\n", data.c_str());
// CHECK-DAG: ==CREDTAINT: secret-in-log: password CURLOPT_PASSWORD of curl_easy_setopt ({{.*}}) reached fprintf(stderr) at {{.*}}consumer-curl.cpp:[[@LINE-1]]
// CHECK-DAG: #0 source used as CURLOPT_PASSWORD of curl_easy_setopt in main {{.*}}consumer-curl.cpp:[[@LINE-5]]

  // A proxy password written into the source (no proxy is used).
  c = newRequest(base + "/zen");
  curl_easy_setopt(c, CURLOPT_PROXYUSERPWD, "proxy-svc:Pr0xyLiteral-e2e-pass");
// CHECK-DAG: ==CREDTAINT: hardcoded-credential: password CURLOPT_PROXYUSERPWD of curl_easy_setopt ({{.*}}, 21 bytes) reached curl_easy_setopt(CURLOPT_PROXYUSERPWD) at {{.*}}consumer-curl.cpp:[[@LINE-1]]
  perform(c);

  // Clean twins.
  c = newRequest(base + "/zen");
  curl_easy_setopt(c, CURLOPT_USERPWD, "anonymous");
  perform(c);

  curl_global_cleanup();
  return 0;
}
// OUT: ok 200
// OUT-NEXT: ok 200
// OUT-NEXT: ok 200
// JSON-DAG: "rule":"hardcoded-credential"{{.*}}"name":"CURLOPT_PROXYUSERPWD of curl_easy_setopt"{{.*}}"function":"curl_easy_setopt(CURLOPT_PROXYUSERPWD)"
// JSON-DAG: "rule":"cleartext-transmission"{{.*}}"name":"CURLOPT_PASSWORD of curl_easy_setopt"{{.*}}"how":"used as CURLOPT_PASSWORD of curl_easy_setopt"
// JSON-DAG: "rule":"secret-in-log"{{.*}}"name":"CURLOPT_PASSWORD of curl_easy_setopt"
