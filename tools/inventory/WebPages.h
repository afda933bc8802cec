// The server-rendered web pages: the credentials table, one credential with
// its findings and history, and the sign-in form. Every value is
// HTML-escaped; the pages load nothing from elsewhere and run no script.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace credtaint::inventory {

/// `text` with & < > " ' escaped for HTML text and attribute values.
std::string htmlEscape(const std::string &text);

/// The credentials table (kind, name, owner, status, open findings, last seen).
std::string renderCredentialList(const nlohmann::json &credentials, const std::string &signedInAs);

/// One credential (getCredential's JSON) with its findings and history.
std::string renderCredentialDetail(const nlohmann::json &credential, const std::string &signedInAs);

/// The sign-in form; `error` (may be empty) is shown above it.
std::string renderLogin(const std::string &error);

/// A "no such credential" page.
std::string renderNotFound(const std::string &signedInAs);

/// The URL path of a credential's detail page.
std::string credentialPagePath(const std::string &fingerprint);

} // namespace credtaint::inventory
