//===- Documents.h - credentials in documents as they are read --*- C++ -*-===//
//
// Real services get their secrets from files and documents: a JSON or YAML
// config, an .ini, a dotenv file, the headers of an HTTP request, a PEM key.
// The value sits under a key that says what it is ("db_password",
// "aws_secret_access_key", "Authorization"), while the variable the program
// reads it into is called `buf` or `cfg`. This scanner finds those values in
// bytes as they are read, wherever they come from, so the runtime can label
// just the value (never the whole document) and register it for matching.
//
// One table-driven pass, no allocation unless something is found:
//   key/value   JSON "key": "value", YAML key: value, INI/TOML key = value,
//               dotenv KEY=value and export KEY=value, a query string's
//               ?key=value&...: a key the credential-name catalog
//               (credential_names.def) calls a credential, at the start of
//               a line or after {, [, comma, ? or &;
//   headers     Authorization and Proxy-Authorization (the part after the
//               scheme word), Cookie, Set-Cookie, and any header whose name
//               the catalog calls a credential (X-Api-Key, PRIVATE-TOKEN);
//   PEM         a private key block, BEGIN to END.
// A value shorter than MinLen, a placeholder (${VAR}, <...>, ****) or a
// non-string JSON value (a number, true, null) is not a credential.
// Credential files (match/CredentialFiles.h) add formats of their own: the
// whole file a token, netrc's "password WORD", .pgpass's last field, the
// password in a URL's user info (.git-credentials).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SOURCES_DOCUMENTS_H
#define CREDTAINT_RUNTIME_SOURCES_DOCUMENTS_H

#include "credtaint/catalog/catalog.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::rt {

struct DocumentSecret {
  size_t Offset = 0, Length = 0; // the value's bytes in the text
  std::string Key;               // what it was under: "db_password", "Authorization"
  Kind CredKind = Kind::GenericSecret;
};

/// The credential values in Text, a document of any kind, in text order.
std::vector<DocumentSecret> scanDocument(std::string_view Text, size_t MinLen);

/// How a credential file holds its secrets, beyond a document's fields.
enum class SecretLayout {
  Document, // fields, headers and PEM blocks, as scanDocument finds them
  Whole,    // the whole file is one secret (a service-account token)
  Netrc,    // "machine H login U password P" words
  Pgpass,   // host:port:database:user:password lines
  UrlLines, // one URL a line, the password in its user info (.git-credentials)
  Registry, // a document, plus the "auth" and "identitytoken" fields of a
            // container registry's config (~/.docker/config.json)
};

/// The secrets of a credential file with the given layout; Name is the
/// key for a layout without keys (the file's base name).
std::vector<DocumentSecret> scanCredentialFile(SecretLayout Layout,
                                               std::string_view Text,
                                               std::string_view Name,
                                               Kind FileKind, size_t MinLen);

/// Whether a field or header name says it holds a credential, and which
/// kind (the catalog's names, plus Cookie and Set-Cookie).
bool credentialKey(std::string_view Key, Kind &K);

} // namespace credtaint::rt

#endif
