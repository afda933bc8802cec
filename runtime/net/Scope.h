//===- Scope.h - the hosts a credential is for ------------------*- C++ -*-===//
//
// A credential's scope is a comma-separated list of host patterns
// ("api.github.com,*.githubusercontent.com"). It comes, first match wins,
// from the `scopes` option (by credential name), the credential's
// declaration (CREDTAINT_SECRET, credtaint_mark), or the default scopes of
// well-known credentials (catalog/scopes.def: by value prefix, then by name).
// Pure code: no DFSan, no runtime state.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SCOPE_H
#define CREDTAINT_RUNTIME_SCOPE_H

#include <cstddef>
#include <string>
#include <vector>

namespace credtaint::rt {

/// "NAME=host|host" from the `scopes` option: credentials whose name matches
/// NamePattern ('*' wildcards) are for Hosts (comma-separated).
struct ScopeRule {
  std::string NamePattern, Hosts;
};

/// Parses the `scopes` option: rules separated by ';', each
/// "<name pattern>=<host>|<host>...". On a malformed rule returns false with
/// a one-line Error naming it.
bool parseScopeRules(const std::string &Text, std::vector<ScopeRule> &Out,
                     std::string &Error);

/// The scope of a credential named Name whose value is [Value, Value+N).
std::string resolveScope(const std::string &Declared, const std::string &Name,
                         const char *Value, size_t N,
                         const std::vector<ScopeRule> &Configured);

/// The default scope from catalog/scopes.def, or "".
std::string defaultScope(const std::string &Name, const char *Value, size_t N);

/// Host lower-case, without a trailing dot or the brackets of an IPv6
/// literal.
std::string canonicalHost(const std::string &Host);

/// Host patterns of a scope, lower-case, without empty entries.
std::vector<std::string> scopeHosts(const std::string &Scope);

/// Whether Host matches Pattern: equal ignoring case and a trailing dot, or
/// "*.domain" and Host is a subdomain of domain, or "*".
bool hostMatches(const std::string &Pattern, const std::string &Host);
bool hostInScope(const std::string &Scope, const std::string &Host);

/// localhost, *.localhost, 127.0.0.0/8, ::1 and IPv4-mapped 127.x.
bool isLoopbackHost(const std::string &Host);

} // namespace credtaint::rt

#endif
