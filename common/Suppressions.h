//===- Suppressions.h - sanitizer-style suppression files -------*- C++ -*-===//
//
// One "type:pattern" a line, '#' comments, blank lines ignored, as in the
// sanitizers' suppression files. A pattern matches anywhere in the text
// unless anchored with '^' or '$'; '*' matches any run of characters.
//   rule:secret-in-log            the rule id
//   src:*/third_party/*           the file of the sink or of any trace frame
//   fun:legacy_dump               the function of the sink or of any frame
//   sink:syslog                   the sink, as reported ("syslog(syslog)")
//   credential:TEST_*             the credential's name
// A malformed line is reported with its file and line number and skipped;
// every valid line is kept.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SUPPRESSIONS_H
#define CREDTAINT_RUNTIME_SUPPRESSIONS_H

#include <cstddef>
#include <string>
#include <vector>

namespace credtaint::rt {

struct SuppressionTarget {
  std::string Rule, Sink, Credential;
  std::vector<std::string> Files, Functions;
};

struct Suppression {
  std::string Type, Pattern;
  unsigned Line = 0;
  size_t Hits = 0;
};

class Suppressions {
public:
  /// Parses Text (the contents of File). Each malformed line adds one
  /// message to Errors ("<file>:<line>: ...").
  void parse(const std::string &File, const std::string &Text,
             std::vector<std::string> &Errors);
  /// The first suppression matching T (its hit count incremented), or null.
  Suppression *match(const SuppressionTarget &T);
  const std::vector<Suppression> &all() const { return List; }
  bool empty() const { return List.empty(); }

  /// Sanitizer template match: '*' wildcard, '^'/'$' anchors, else substring.
  static bool templateMatch(const std::string &Pattern, const std::string &Text);

private:
  std::vector<Suppression> List;
};

} // namespace credtaint::rt

#endif
