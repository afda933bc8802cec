//===- names.h - does a name say "credential"? ------------------*- C++ -*-===//
//
// Classifies identifiers and environment variable names with the patterns of
// credential_names.def. Shared by the plugin, the pass and the runtime, so a
// name means the same thing at compile time and at run time.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_CATALOG_NAMES_H
#define CREDTAINT_CATALOG_NAMES_H

#include "credtaint/catalog/catalog.h"

#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint {

/// Splits an identifier into lower-case words: "AWS_SECRET_ACCESS_KEY" ->
/// {aws, secret, access, key}; "apiKeyValue" -> {api, key, value};
/// "HTTPToken" -> {http, token}. Digits end a word.
inline std::vector<std::string> splitNameWords(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty())
      words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalpha(c)) {
      flush();
      continue;
    }
    if (std::isupper(c) && !cur.empty()) {
      unsigned char prev = static_cast<unsigned char>(name[i - 1]);
      bool nextLower = i + 1 < name.size() &&
                       std::islower(static_cast<unsigned char>(name[i + 1]));
      // lower->Upper ("apiKey") or the last capital of an acronym ("HTTPToken").
      if (std::islower(prev) || (std::isupper(prev) && nextLower))
        flush();
    }
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return words;
}

struct NamePattern {
  Kind kind;
  const char *words;
};

inline constexpr NamePattern kNamePatterns[] = {
#define CREDTAINT_NAME(K, Words) {Kind::K, Words},
#include "credtaint/catalog/credential_names.def"
};
inline constexpr const char *kNameDescriptors[] = {
#define CREDTAINT_NAME_DESCRIPTOR(W) W,
#include "credtaint/catalog/credential_names.def"
};
inline constexpr const char *kNameQualifiers[] = {
#define CREDTAINT_NAME_QUALIFIER(W) W,
#include "credtaint/catalog/credential_names.def"
};

namespace detail {
template <size_t N>
inline bool inList(const char *const (&list)[N], const std::string &w) {
  for (const char *x : list)
    if (w == x)
      return true;
  return false;
}

/// Does `pattern` match at words[i...]? Returns how many words it spans.
inline size_t matchAt(const std::vector<std::string> &words, size_t i,
                      const std::vector<std::string> &pattern,
                      const std::string &glued) {
  const std::string &w = words[i];
  if (w == glued ||
      (glued.size() >= 5 && w.size() > glued.size() &&
       w.compare(w.size() - glued.size(), glued.size(), glued) == 0))
    return 1;
  if (pattern.size() < 2 || i + pattern.size() > words.size())
    return 0;
  for (size_t k = 0; k < pattern.size(); ++k)
    if (words[i + k] != pattern[k])
      return 0;
  return pattern.size();
}
} // namespace detail

/// The credential kind a name says, or nothing when the name is not a
/// credential or only describes one (token_count, key_path, is_secret).
inline std::optional<Kind> classifyCredentialName(std::string_view name) {
  std::vector<std::string> words = splitNameWords(name);
  if (words.empty())
    return std::nullopt;
  for (const NamePattern &p : kNamePatterns) {
    std::vector<std::string> pw = splitNameWords(p.words);
    std::string glued;
    for (const std::string &w : pw)
      glued += w;
    for (size_t i = 0; i < words.size(); ++i) {
      size_t span = detail::matchAt(words, i, pw, glued);
      if (!span)
        continue;
      for (size_t k = 0; k < i; ++k)
        if (detail::inList(kNameQualifiers, words[k]))
          return std::nullopt;
      for (size_t k = i + span; k < words.size(); ++k)
        if (detail::inList(kNameDescriptors, words[k]))
          return std::nullopt;
      return p.kind;
    }
  }
  return std::nullopt;
}

/// DATABASE_URL and friends are credentials only when they hold one: a
/// password in the URL's user info or a password=/pwd= key.
inline bool connectionStringHasSecret(const char *v) {
  if (const char *scheme = std::strstr(v, "://")) {
    const char *at = std::strchr(scheme + 3, '@');
    const char *colon = std::strchr(scheme + 3, ':');
    if (at && colon && colon < at)
      return true;
  }
  return std::strstr(v, "password=") || std::strstr(v, "Password=") ||
         std::strstr(v, "pwd=");
}

} // namespace credtaint

#endif
