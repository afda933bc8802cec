//===- ProjectConfig.h - a project's credtaint.json -------------*- C++ -*-===//
//
// What a project tells credtaint about its own code, in one JSON file read
// by the Clang plugin (credential names), the LLVM pass (source, sink and
// declassifier functions, extra secret rules) and the runtime (names of
// environment credentials, scopes):
//
//   {
//     "version": 1,
//     "names": {"include": [{"pattern": "*passphrase*", "kind": "password"}],
//               "exclude": ["*token_bucket*"]},
//     "sources": [{"function": "vault::read", "kind": "token", "result": true}],
//     "sinks": [{"function": "applog_write", "arg": 1, "type": "cstr"},
//               {"function": "write_state_file", "arg": 1, "type": "cstr",
//                "category": "file", "target_arg": 0}],
//     "declassifiers": ["redact", {"function": "hash_for_log"}],
//     "scopes": {"PAYMENTS_*": ["api.payments.example"]},
//     "secret_rules": ["tools/extra-secret-rules.json"],
//     "owners": {"src/payments/**": "@acme/payments"}
//   }
//
// "owners" is read by credtaint-report export only (tools/report/Owners.h);
// the plugin, the pass and the runtime accept it and leave it alone.
//
// The file is CREDTAINT_CONFIG when set, else the first credtaint.json in
// the source file's directory or one of its parents. Every problem is one
// line naming the file, the JSON path and what is wrong; every valid entry
// is kept, so a consumer can report all problems at once.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_COMMON_PROJECTCONFIG_H
#define CREDTAINT_COMMON_PROJECTCONFIG_H

#include "credtaint/catalog/catalog.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint {

/// How a function argument or result carries bytes.
enum class DataType : uint8_t {
  Infer,   // from the function's C++ signature; a C function: CStr
  CStr,    // const char *, NUL-terminated
  String,  // const std::string & (libstdc++)
  Buf,     // pointer + the byte count in `length_arg`
  Format,  // printf-style format; the variadic arguments follow
};

/// What a config sink is: where its bytes go, judged by the rules of the
/// catalog's sinks of the same kind.
enum class SinkUse {
  Log,     // a logging function: secret-in-log
  File,    // writes a file (target_arg: its path): secret-in-file
  Network, // sends a request (target_arg: its URL): the network rules
  Exec,    // runs a command line: credential-in-command-line
};

/// A function named in the config. Name is a qualified C++ name without
/// parameters ("app::log::write") or a C symbol; '*' and '?' are globs.
struct ConfigFunction {
  std::string Name;
  int Arg = -1;        // sinks: the data argument; sources/declassifiers: an
                       // output argument, or -1 for the result
  int LengthArg = -1;  // DataType::Buf
  DataType Type = DataType::Infer;
  SinkUse Use = SinkUse::Log;          // sinks
  int TargetArg = -1;                  // sinks: the path or URL argument
  Kind CredKind = Kind::GenericSecret; // sources
  std::string Scope;                   // sources: hosts, comma-separated

  bool matches(std::string_view ReadableName, std::string_view Symbol) const;
};

struct NamePatternRule {
  std::string Pattern; // glob over the whole identifier, case ignored
  Kind CredKind = Kind::GenericSecret;
};

struct ScopeEntry {
  std::string NamePattern; // glob over the credential's name
  std::string Hosts;       // comma-separated host patterns
};

struct OwnerEntry {
  std::string Glob;  // a CODEOWNERS-style path pattern, relative to the source root
  std::string Owner; // a team or person, as the project names them
};

struct ProjectConfig {
  std::string Path; // the file it came from; "" when there is none
  std::vector<NamePatternRule> ExtraNames;
  std::vector<std::string> ExcludedNames;
  std::vector<ConfigFunction> Sources, Sinks, Declassifiers;
  std::vector<ScopeEntry> Scopes;
  std::vector<std::string> SecretRuleFiles; // absolute, or relative to cwd
  std::vector<OwnerEntry> Owners;           // in file order

  /// The kind a declaration or environment variable name says, after the
  /// project's exclusions and extra patterns, then the catalog's patterns.
  std::optional<Kind> classifyName(std::string_view Name) const;

  const ConfigFunction *findSource(std::string_view Readable,
                                   std::string_view Symbol) const;
  const ConfigFunction *findSink(std::string_view Readable,
                                 std::string_view Symbol) const;
  const ConfigFunction *findDeclassifier(std::string_view Readable,
                                         std::string_view Symbol) const;
};

/// The config file for a source file in StartDir: $CREDTAINT_CONFIG when set
/// (even if missing: the loader then says so), else the nearest
/// credtaint.json upward from StartDir, else "".
std::string findProjectConfig(const std::string &StartDir);

/// Parses Json (from file Origin) into Out. Errors get one line per problem:
/// "<Origin>: <JSON path>: <problem>". Returns true when there was none.
bool parseProjectConfig(std::string_view Json, const std::string &Origin,
                        ProjectConfig &Out, std::vector<std::string> &Errors);

/// Reads and parses Path (Out.Path is set to it).
bool loadProjectConfig(const std::string &Path, ProjectConfig &Out,
                       std::vector<std::string> &Errors);

} // namespace credtaint

#endif
