// Hardcoded credentials: provider formats anywhere, high-entropy literals
// bound to a credential (variable, field, aggregate member, parameter,
// assignment, return value, crypto key argument); placeholders, format
// strings, UUIDs and hex digests are not findings. A key passed to an API
// parameter that takes a secret is named after that parameter (more in
// consumers.cpp). The sidecar holds previews and fingerprints, never the
// literal.
// SECRET: ghp_Zq8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2m
// SECRET: AKIAZ3KX7QW2MNB4PLT6
// SECRET: glpat-Hx3Lm9Qr2Wt7Yv4Zp8Kc
// SECRET: xoxb-2493817266-5938271623-Ab3dE9fGh2JkL7mN
// SECRET: sk_live_4fT9xQ2mL8vR3wZ7kP1nY6cB
// SECRET: AIzaSyD3kL9mQ2xR7vT4wZ8pN1cB6fH0jG5sK2e
// SECRET: Vq7#mK2!xP9wL4zR
// SECRET: T9w!kQ2#vL7xM4pZ
// SECRET: R8#mW2qL!x7KpZ4v
// SECRET: s3Cr3t-Kx9Lq2Wm8Zp4R
// SECRET: K8x2Lq9Wm3Zp7Rt4Vy6Bn1Cd5Fg0Hj2Q
// SECRET: Pg4!rT8wQz2Lk6Xn
// SECRET: n7Q!w2Lr9#Xk4Zp1
// SECRET: Wq7#mK2!xP9wL4zR
// SECRET: ghp_Wz8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2m
// RUN: %clangxx -std=c++17 -c %s -o %t.o -fplugin=%plugin 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: FileCheck --check-prefix=SIDECAR %s < %t.o.credtaint.json
// RUN: not %clangxx -std=c++17 -c %s -o %t.werror.o -fplugin=%plugin -Werror 2>&1 | FileCheck --check-prefix=WERROR %s
#include <openssl/evp.h>
#include <string>

struct Db { std::string host; std::string password; };
void login(const std::string &user, const std::string &password);

const char *v1 = "ghp_Zq8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2m";
// CHECK: hardcoded.cpp:[[@LINE-1]]:18: warning: hardcoded credential: GitHub {{.*}} (token ghp_****{{.*}}, 40 bytes) [credtaint: github-token]
const char *v2 = "AKIAZ3KX7QW2MNB4PLT6";
// CHECK: hardcoded.cpp:[[@LINE-1]]:18: warning: hardcoded credential: AWS access key id (cloud-credential AKIA****{{.*}}, 20 bytes) [credtaint: aws-access-key-id]
const char *v3 = "gitlab token glpat-Hx3Lm9Qr2Wt7Yv4Zp8Kc in a sentence";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [credtaint: gitlab-pat]
const char *v4 = "xoxb-2493817266-5938271623-Ab3dE9fGh2JkL7mN";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [credtaint: slack-token]
const char *v5 = "sk_live_4fT9xQ2mL8vR3wZ7kP1nY6cB";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [credtaint: stripe-live-key]
const char *v6 = "AIzaSyD3kL9mQ2xR7vT4wZ8pN1cB6fH0jG5sK2e";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [credtaint: google-api-key]
const char *v7 = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [credtaint: private-key-pem]
const char *v8 = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtYmFja3VwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [credtaint: jwt]
const char *v9 = "postgres://svc:Pg4!rT8wQz2Lk6Xn@db.internal:5432/app";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (connection-string ****{{.*}}, 16 bytes) [credtaint: connection-string-password]

std::string db_password = "Vq7#mK2!xP9wL4zR";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: hardcoded credential: High-entropy literal bound {{.*}} (password ****{{.*}}, 16 bytes) [credtaint: credential-bound-literal]
Db cfg{"db.internal", "T9w!kQ2#vL7xM4pZ"};
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password {{.*}}) [credtaint: credential-bound-literal]
struct Client { std::string api_key = "n7Q!w2Lr9#Xk4Zp1"; };
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (api-key {{.*}}) [credtaint: credential-bound-literal]

std::string session_secret() { return "s3Cr3t-Kx9Lq2Wm8Zp4R"; }
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (generic-secret {{.*}}) [credtaint: credential-bound-literal]

void f() {
  login("svc", "R8#mW2qL!x7KpZ4v");
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password {{.*}}) [credtaint: credential-bound-literal]
  std::string client_secret;
  client_secret = "s3Cr3t-Kx9Lq2Wm8Zp4R";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (generic-secret {{.*}}) [credtaint: credential-bound-literal]
  // Wide literals are judged as their UTF-8 text.
  wchar_t wide_password[] = L"Wq7#mK2!xP9wL4zR";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} (password ****{{.*}}, 16 bytes) [credtaint: credential-bound-literal]
  const char16_t *utf16_token = u"ghp_Wz8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2m";
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: hardcoded credential: GitHub {{.*}} (token ghp_****{{.*}}, 40 bytes) [credtaint: github-token]
  (void)wide_password, (void)utf16_token;
  unsigned char iv[16] = {0};
  EVP_EncryptInit_ex(nullptr, EVP_aes_256_gcm(), nullptr,
                     (const unsigned char *)"K8x2Lq9Wm3Zp7Rt4Vy6Bn1Cd5Fg0Hj2Q", iv);
// CHECK: hardcoded.cpp:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} passed as key of EVP_EncryptInit_ex (generic-secret {{.*}}, 32 bytes) [credtaint: consumer-literal]

  // Not findings.
  std::string api_token = "changeme";
  std::string db_pass = "${DB_PASSWORD}";
  std::string api_key = "<your-api-key>";
  std::string secret = "xxxxxxxxxxxxxxxx";
  const char *fmt = "user=%s token=%s expires=%d";
  std::string password_hint = "T9w!kQ2#vL7xM4pZ";   // a name that only describes
  std::string request_id = "123e4567-e89b-12d3-a456-426614174000";
  std::string token = "123e4567-e89b-12d3-a456-426614174000";
  std::string secret_key = "5d41402abc4b2a76b9719d911017c592";
  const char *aws_docs = "AKIAIOSFODNN7EXAMPLE";
  std::string nonce_seed = "Zx8!kQ2#vL7xM4pW";      // random, but not a credential name
  const char *url = "https://api.example.test/v1/items?page=2";
  (void)fmt, (void)url, (void)aws_docs;
  // credtaint: ignore[github-token]
  std::string known = "ghp_Ab8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2m";
  std::string also_known = "ghp_Cd8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2m"; // credtaint: ignore[hardcoded-credential]
  // credtaint: ignore[weak-hash]
  int unrelated = 0;
// CHECK: hardcoded.cpp:[[@LINE-2]]:{{[0-9]+}}: warning: credtaint: this suppression matches nothing
  (void)unrelated;
}
// SIDECAR: "findings": [
// SIDECAR: "rule": "hardcoded-credential",
// SIDECAR-NEXT: "cwe": 798,
// SIDECAR: "detector": "static",
// SIDECAR: "secret_rule": "github-token",
// SIDECAR-NEXT: "credential": {
// SIDECAR-NEXT: "kind": "token",
// SIDECAR-NEXT: "name": "v1",
// SIDECAR-NEXT: "fingerprint": "hmac-sha256:
// SIDECAR-NEXT: "preview": "ghp_****
// SIDECAR-NOT: ghp_Zq8s
// WERROR: error: hardcoded credential
