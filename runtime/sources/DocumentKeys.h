//===- DocumentKeys.h - which document keys name a credential --*- C++ -*-===//
//
// The document scanner (Documents.h) asks, for every field it meets, whether
// the key names a credential: "db_password" does, "host" does not. The
// answer comes from the credential-name catalog (credential_names.def, by
// classifyCredentialName) and from a few HTTP headers the catalog has no
// pattern for (Cookie, Set-Cookie). A dense config meets a key every ~20
// bytes, and classifying a name (splitting it into words, trying every
// pattern) costs a microsecond, while a document repeats its keys: so the
// answers are cached per thread, in a table that costs one hash of the key
// and one comparison per field and allocates nothing after its first use.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SOURCES_DOCUMENTKEYS_H
#define CREDTAINT_RUNTIME_SOURCES_DOCUMENTKEYS_H

#include "credtaint/catalog/catalog.h"

#include <cstddef>
#include <string_view>

namespace credtaint::rt {

/// A header whose value is a credential though the name catalog has no
/// pattern for it; SkipScheme: the value starts with a scheme word.
struct HeaderRule {
  const char *Name; // lower case
  Kind CredKind;
  bool SkipScheme;
};

/// What a key says, as a field's key or as a header's name.
struct KeyVerdict {
  const HeaderRule *Header = nullptr; // the rule for Key as a header name
  bool Catalog = false;               // the name catalog calls Key a credential
  Kind CatalogKind = Kind::GenericSecret; // and of this kind
};

/// Keys longer than this are not keys (the scanner never asks about them).
constexpr size_t kMaxDocumentKey = 80;

/// Classifies Key (as written, any case), answering from the per-thread
/// cache when this thread has met Key before.
KeyVerdict classifyDocumentKey(std::string_view Key);

/// Whether Key, compared without case, is Lower (a lower-case word).
bool equalsLower(std::string_view Key, std::string_view Lower);

} // namespace credtaint::rt

#endif
