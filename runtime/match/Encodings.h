//===- Encodings.h - the forms a credential takes on the wire ---*- C++ -*-===//
//
// A credential leaves a process raw, or encoded on the way: base64 in a
// Basic auth header or a JSON blob, hex in a debug dump, percent-encoding in
// a query string. Value matching looks for every form. Base64 of a secret
// that sits inside a longer encoded string ("user:secret" in Basic auth)
// does not start on a 3-byte boundary, so the base64 forms include the
// characters that depend only on the secret for each of the three
// alignments. A credential held or written as wide text (wchar_t,
// std::wstring, a UTF-16 protocol field) leaves as UTF-32LE or UTF-16LE:
// those are forms too. Pure code: no runtime state.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_ENCODINGS_H
#define CREDTAINT_RUNTIME_MATCH_ENCODINGS_H

#include <string>
#include <string_view>
#include <vector>

namespace credtaint::rt::match {

/// Standard (RFC 4648 §4) or URL-safe (§5) base64, padded with '=' or not.
std::string base64(std::string_view In, bool UrlSafe, bool Padded);

/// The base64 characters that encode only bytes of In when In starts
/// Shift (0..2) bytes after a 3-byte group boundary of a longer text.
std::string base64Aligned(std::string_view In, unsigned Shift, bool UrlSafe);

/// Two hex digits a byte.
std::string hex(std::string_view In, bool Upper);

/// Percent-encoding of every byte outside RFC 3986's unreserved set, with
/// upper-case (Upper) or lower-case hex digits.
std::string percentEncoded(std::string_view In, bool Upper);

/// UTF-8 of N wchar_t (UTF-32 on Linux); a value that is no Unicode scalar
/// becomes U+FFFD.
std::string utf8OfWide(const wchar_t *P, size_t N);

/// The UTF-16LE and UTF-32LE bytes of UTF-8 text; "" when In is not valid
/// UTF-8 (binary key material has no wide form).
std::string utf16le(std::string_view Utf8);
std::string utf32le(std::string_view Utf8);

struct EncodedForm {
  const char *Name; // "raw", "base64", "base64url", "hex", "HEX", "percent",
                    // "utf16le", "utf32le"
  std::string Bytes;
};

/// Every distinct form of Value that value matching looks for: raw, base64
/// (standard and URL-safe; padded, unpadded and at each alignment), hex in
/// both cases, percent-encoding (when it differs from raw), and UTF-16LE
/// and UTF-32LE (when Value is UTF-8 text). Forms equal to
/// an earlier one, and forms that contain another (the padded base64 holds
/// its aligned form), are left out: finding the rest finds every form.
std::vector<EncodedForm> encodedForms(std::string_view Value);

} // namespace credtaint::rt::match

#endif
