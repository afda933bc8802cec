//===- Owners.h - who owns a credential: CODEOWNERS, then credtaint.json -*- C++ -*-===//
//
// `export` suggests an owner for every credential from the file where it
// is defined or first sourced, relative to the source root:
//
//   1. the repository's CODEOWNERS (.github/CODEOWNERS, CODEOWNERS,
//      docs/CODEOWNERS, the first that exists, as GitHub looks), in GitHub
//      and GitLab syntax: "<pattern> <owner>...", '#' comments, gitignore
//      patterns ('*', '?', '**', a leading '/' anchors, a trailing '/' is a
//      directory and everything under it, a pattern without an inner '/'
//      matches at any depth), the last matching line wins, several owners
//      are joined with a space; GitLab's [Section] headers are ignored. A
//      line that matches with no owners leaves the file without a CODEOWNERS
//      owner. A malformed line (an owner that is no @user, @org/team or
//      e-mail address, '!' negation, '[...]' ranges) is skipped with one
//      warning naming file and line;
//   2. else credtaint.json's "owners" {"<glob>": "<owner>"} with the same
//      patterns: the most specific matching glob wins (the most characters
//      that are not wildcards), between equally specific ones the later in
//      the file;
//   3. else none.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_OWNERS_H
#define CREDTAINT_REPORT_OWNERS_H

#include "ProjectConfig.h" // common: OwnerEntry

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::report {

/// Whether a CODEOWNERS (gitignore-style) Pattern matches Path, a file
/// relative to the repository root with '/' separators. Case matters.
bool ownerPatternMatches(std::string_view Pattern, std::string_view Path);

/// Why Pattern cannot be matched as CODEOWNERS means it ("" when it can).
std::string ownerPatternProblem(std::string_view Pattern);

struct OwnerRule {
  std::string Pattern;
  std::vector<std::string> Owners; // empty: matching files have no owner
  unsigned Line = 0;
};

class CodeOwners {
public:
  /// Parses Text, read from Name (".github/CODEOWNERS": named in warnings
  /// and reasons). Each malformed line adds "<Name> line <N>: skipped:
  /// <why>" to Warnings; the other lines are kept.
  void parse(const std::string &Name, std::string_view Text,
             std::vector<std::string> &Warnings);
  /// The last rule whose pattern matches Path, or null.
  const OwnerRule *match(const std::string &Path) const;
  const std::string &name() const { return Name; }
  const std::vector<OwnerRule> &rules() const { return Rules; }

private:
  std::string Name;
  std::vector<OwnerRule> Rules;
};

/// Parses the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS
/// under Root into Out; false when there is none (or it cannot be read,
/// which is a warning).
bool loadCodeOwners(const std::string &Root, CodeOwners &Out,
                    std::vector<std::string> &Warnings);

struct OwnerSuggestion {
  std::string Owner;  // "@acme/db-team", "@a @b", "payments"
  std::string Reason; // "CODEOWNERS line 12: /src/db/ @acme/db-team"
};

class OwnerResolver {
public:
  OwnerResolver() = default;
  /// ConfigName names the config file in reasons ("credtaint.json").
  OwnerResolver(CodeOwners Codeowners, std::vector<OwnerEntry> ConfigOwners,
                std::string ConfigName)
      : Codeowners(std::move(Codeowners)), Config(std::move(ConfigOwners)),
        ConfigName(std::move(ConfigName)) {}
  /// The suggested owner of Path (relative to the source root), if any.
  std::optional<OwnerSuggestion> resolve(std::string Path) const;

private:
  CodeOwners Codeowners;
  std::vector<OwnerEntry> Config;
  std::string ConfigName = "credtaint.json";
};

} // namespace credtaint::report

#endif
