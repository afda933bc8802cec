// Hashing and encryption with OpenSSL: SHA-256 of records and AES-256-GCM of
// payloads, keyed by a random key (a credential from its first use as a
// key, but no literal and never leaked: no finding expected).
#include <cstdio>
#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <vector>

int main(int argc, char **argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 4000;
  std::vector<unsigned char> data(16384);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = (unsigned char)(i * 31);
  unsigned char aes_key[32], iv[12] = {0}, md[EVP_MAX_MD_SIZE];
  RAND_bytes(aes_key, sizeof aes_key);
  std::vector<unsigned char> out(data.size() + 32);
  unsigned mdlen = 0, acc = 0;
  EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
  for (int r = 0; r < rounds; ++r) {
    data[0] = (unsigned char)r;
    EVP_Digest(data.data(), data.size(), md, &mdlen, EVP_sha256(), nullptr);
    int outl = 0;
    EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), nullptr, aes_key, iv);
    EVP_EncryptUpdate(c, out.data(), &outl, data.data(), int(data.size()));
    acc += md[0] + out[0];
  }
  EVP_CIPHER_CTX_free(c);
  std::printf("%u\n", acc);
}
