//===- Libcrypto.h - OpenSSL's introspection calls, when it is loaded -*- C++ -*-===//
//
// The crypto sinks name the algorithm a program uses by asking OpenSSL
// (EVP_CIPHER_get0_name and the like). Calling those functions directly
// made every instrumented program link and load libcrypto, about 1.5 MB of
// resident pages, though only programs that use OpenSSL ever reach these
// sinks. Each call here is looked up in the process on first use instead:
// a program whose sinks receive an EVP object has libcrypto loaded, and
// one that does not never calls them. Absent, a call returns Fallback.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SINKS_LIBCRYPTO_H
#define CREDTAINT_RUNTIME_SINKS_LIBCRYPTO_H

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <dlfcn.h>

namespace credtaint::rt::libcrypto {

// Declares libcrypto::Name(args...), forwarding to the process's ::Name.
#define CREDTAINT_LIBCRYPTO_CALL(Name, Fallback)                               \
  template <typename... Args> auto Name(Args... A) {                           \
    static auto *const Fn = reinterpret_cast<decltype(&::Name)>(               \
        dlsym(RTLD_DEFAULT, #Name));                                           \
    return Fn ? Fn(A...) : Fallback;                                           \
  }

CREDTAINT_LIBCRYPTO_CALL(EVP_CIPHER_CTX_get0_cipher, nullptr)
CREDTAINT_LIBCRYPTO_CALL(EVP_CIPHER_get0_name, nullptr)
CREDTAINT_LIBCRYPTO_CALL(EVP_CIPHER_get_mode, 0)
CREDTAINT_LIBCRYPTO_CALL(EVP_CIPHER_get_key_length, 0)
CREDTAINT_LIBCRYPTO_CALL(EVP_MD_CTX_get0_md, nullptr)
CREDTAINT_LIBCRYPTO_CALL(EVP_MD_get0_name, nullptr)
CREDTAINT_LIBCRYPTO_CALL(EVP_KDF_CTX_kdf, nullptr)
CREDTAINT_LIBCRYPTO_CALL(EVP_KDF_get0_name, nullptr)
CREDTAINT_LIBCRYPTO_CALL(OSSL_PARAM_locate_const, nullptr)
CREDTAINT_LIBCRYPTO_CALL(OSSL_PARAM_get_uint64, 0)
CREDTAINT_LIBCRYPTO_CALL(OSSL_PARAM_get_utf8_string_ptr, 0)
CREDTAINT_LIBCRYPTO_CALL(OPENSSL_init_crypto, 0)

#undef CREDTAINT_LIBCRYPTO_CALL

} // namespace credtaint::rt::libcrypto

#endif
