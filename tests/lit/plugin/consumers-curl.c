// libcurl's credential options at compile time: curl_easy_setopt has one
// consumers.def row per option, and a literal is judged by the row of the
// option the call names (CURLOPT_PASSWORD, and the password part of
// CURLOPT_PROXYUSERPWD, after the first ':'). Clean twins: a URL, a user
// name, and a CURLOPT_USERPWD with no ':' (no password in it).
// SECRET: Pr0xyStatic-pass1
// SECRET: Static-curl-pass2
// RUN: %clang -c %s -o %t.o -fplugin=%plugin 2> %t.err
// RUN: FileCheck --implicit-check-not=warning: %s < %t.err
// RUN: not grep -F -e Pr0xyStatic-pass1 -e Static-curl-pass2 %t.err %t.o.credtaint.json
#include <curl/curl.h>

void configure(CURL *c) {
  curl_easy_setopt(c, CURLOPT_URL, "https://api.example.test/v1");
  curl_easy_setopt(c, CURLOPT_USERNAME, "svc-report");
  curl_easy_setopt(c, CURLOPT_USERPWD, "anonymous");
  curl_easy_setopt(c, CURLOPT_PROXYUSERPWD, "proxy-svc:Pr0xyStatic-pass1");
// CHECK: consumers-curl.c:[[@LINE-1]]:{{[0-9]+}}: warning: hardcoded credential: literal passed as CURLOPT_PROXYUSERPWD of curl_easy_setopt (password ****{{.*}}, 17 bytes) [credtaint: consumer-literal]
  curl_easy_setopt(c, CURLOPT_PASSWORD, "Static-curl-pass2");
// CHECK: consumers-curl.c:[[@LINE-1]]:{{[0-9]+}}: warning: hardcoded credential: literal passed as CURLOPT_PASSWORD of curl_easy_setopt (password ****{{.*}}, 17 bytes) [credtaint: consumer-literal]
}
