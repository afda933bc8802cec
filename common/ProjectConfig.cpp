//===- ProjectConfig.cpp - a project's credtaint.json ---------------------===//

#include "ProjectConfig.h"

#include "credtaint/catalog/names.h"
#include "credtaint/support/Text.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <sys/stat.h>

namespace credtaint {
namespace {

using nlohmann::json;

/// Path + the member Key: ".key" for a plain name, else ["..."] with
/// control characters escaped and a long key cut, so that an error stays
/// one short line whatever the file holds.
std::string member(const std::string &Path, const std::string &Key) {
  bool Plain = !Key.empty() && Key.size() <= 64;
  for (char Ch : Key)
    Plain = Plain && (std::isalnum(static_cast<unsigned char>(Ch)) ||
                      Ch == '_' || Ch == '-' || Ch == '*' || Ch == ':');
  if (Plain)
    return Path + "." + Key;
  std::string Out = Path + "[\"";
  for (size_t I = 0; I < Key.size() && I < 64; ++I) {
    unsigned char Ch = static_cast<unsigned char>(Key[I]);
    if (Ch == '"' || Ch == '\\')
      Out += std::string("\\") + char(Ch);
    else if (Ch < 0x20 || Ch == 0x7f) {
      char Buf[8];
      std::snprintf(Buf, sizeof Buf, "\\u%04x", Ch);
      Out += Buf;
    } else
      Out += char(Ch);
  }
  return Out + (Key.size() > 64 ? "...\"]" : "\"]");
}

/// Collects the problems of one file; each names a JSON path.
class Checker {
public:
  Checker(const std::string &Origin, std::vector<std::string> &Errors)
      : Origin(Origin), Errors(Errors) {}

  void error(const std::string &Path, const std::string &Problem) {
    Errors.push_back(Origin + ": " + Path + ": " + Problem);
  }

  /// Reports the keys of Obj that are not in Known.
  void onlyKeys(const json &Obj, const std::string &Path,
                std::initializer_list<const char *> Known) {
    for (auto It = Obj.begin(); It != Obj.end(); ++It) {
      bool Ok = false;
      for (const char *K : Known)
        Ok = Ok || It.key() == K;
      if (!Ok) {
        std::string List;
        for (const char *K : Known)
          List += std::string(List.empty() ? "" : ", ") + K;
        error(member(Path, It.key()),
              "unknown key (expected one of: " + List + ")");
      }
    }
  }

  bool string(const json &V, const std::string &Path, std::string &Out) {
    if (!V.is_string() || V.get_ref<const std::string &>().empty()) {
      error(Path, "expected a non-empty string");
      return false;
    }
    Out = V.get<std::string>();
    return true;
  }

  bool index(const json &V, const std::string &Path, int &Out) {
    if (!V.is_number_integer() || V.get<long long>() < 0 ||
        V.get<long long>() > 64) {
      error(Path, "expected an argument index from 0 to 64");
      return false;
    }
    Out = int(V.get<long long>());
    return true;
  }

  bool kind(const json &V, const std::string &Path, Kind &Out) {
    std::string K;
    if (!string(V, Path, K))
      return false;
    const KindInfo *Info = findKind(K.c_str());
    if (!Info || Info->kind == Kind::WeakRandom) {
      std::string List;
      for (const KindInfo &I : kKinds)
        if (I.kind != Kind::WeakRandom)
          List += std::string(List.empty() ? "" : ", ") + I.name;
      error(Path, "unknown credential kind (expected one of: " + List + ")");
      return false;
    }
    Out = Info->kind;
    return true;
  }

  /// A host list: "a.example, *.b.example" or ["a.example", ...].
  bool hosts(const json &V, const std::string &Path, std::string &Out) {
    if (V.is_string())
      return string(V, Path, Out);
    if (!V.is_array() || V.empty()) {
      error(Path, "expected a host or a non-empty array of hosts");
      return false;
    }
    Out.clear();
    for (size_t I = 0; I < V.size(); ++I) {
      std::string H;
      if (!string(V[I], Path + "[" + std::to_string(I) + "]", H))
        return false;
      Out += (Out.empty() ? "" : ",") + H;
    }
    return true;
  }

private:
  const std::string &Origin;
  std::vector<std::string> &Errors;
};

enum class FunctionRole { Source, Sink, Declassifier };

/// The value a config word names in Table, if any.
template <class T, size_t N>
bool byName(const std::pair<const char *, T> (&Table)[N], const std::string &S,
            T &Out) {
  for (auto &[Name, Value] : Table)
    if (S == Name) {
      Out = Value;
      return true;
    }
  return false;
}

bool parseDataType(const std::string &S, DataType &T) {
  static const std::pair<const char *, DataType> Names[] = {
      {"cstr", DataType::CStr},
      {"string", DataType::String},
      {"buf", DataType::Buf},
      {"format", DataType::Format}};
  return byName(Names, S, T);
}

bool parseSinkUse(const std::string &S, SinkUse &U) {
  static const std::pair<const char *, SinkUse> Names[] = {
      {"log", SinkUse::Log},
      {"file", SinkUse::File},
      {"network", SinkUse::Network},
      {"exec", SinkUse::Exec}};
  return byName(Names, S, U);
}

std::optional<ConfigFunction> parseFunction(Checker &C, const json &V,
                                            const std::string &Path,
                                            FunctionRole Role) {
  ConfigFunction F;
  if (V.is_string()) {
    if (!C.string(V, Path, F.Name))
      return std::nullopt;
    if (Role == FunctionRole::Sink) {
      C.error(Path, "a sink needs an object with \"arg\", the index of the "
                    "argument that carries the data");
      return std::nullopt;
    }
    return F;
  }
  if (!V.is_object()) {
    C.error(Path, "expected a function name or an object");
    return std::nullopt;
  }
  switch (Role) {
  case FunctionRole::Source:
    C.onlyKeys(V, Path, {"function", "arg", "result", "type", "length_arg",
                         "kind", "scope"});
    break;
  case FunctionRole::Sink:
    C.onlyKeys(V, Path, {"function", "arg", "type", "length_arg", "category",
                         "target_arg"});
    break;
  case FunctionRole::Declassifier:
    C.onlyKeys(V, Path, {"function", "arg", "result", "type", "length_arg"});
    break;
  }
  bool Ok = V.contains("function") ? C.string(V["function"], Path + ".function", F.Name)
                                   : (C.error(Path, "missing \"function\""), false);
  if (V.contains("arg"))
    Ok = C.index(V["arg"], Path + ".arg", F.Arg) && Ok;
  else if (Role == FunctionRole::Sink)
    Ok = (C.error(Path, "missing \"arg\": the index (from 0) of the argument "
                        "that carries the data"), false);
  if (V.contains("result")) {
    if (!V["result"].is_boolean()) {
      C.error(Path + ".result", "expected true or false");
      Ok = false;
    } else if (V["result"].get<bool>() == V.contains("arg")) {
      C.error(Path, "give either \"arg\" (an output argument) or "
                    "\"result\": true, not both");
      Ok = false;
    }
  }
  if (V.contains("type")) {
    std::string T;
    if (C.string(V["type"], Path + ".type", T) && !parseDataType(T, F.Type)) {
      C.error(Path + ".type", "unknown type (expected one of: cstr, string, "
                              "buf, format)");
      Ok = false;
    }
    if (F.Type == DataType::Format && Role != FunctionRole::Sink) {
      C.error(Path + ".type", "\"format\" is for sinks only");
      Ok = false;
    }
  }
  if (V.contains("length_arg"))
    Ok = C.index(V["length_arg"], Path + ".length_arg", F.LengthArg) && Ok;
  bool CategoryKnown = true;
  if (V.contains("category")) {
    std::string Cat;
    CategoryKnown = C.string(V["category"], Path + ".category", Cat);
    if (CategoryKnown && !parseSinkUse(Cat, F.Use)) {
      C.error(Path + ".category",
              "unknown category (expected one of: log, file, network, exec)");
      CategoryKnown = false;
    }
    Ok = CategoryKnown && Ok;
  }
  if (V.contains("target_arg")) {
    Ok = C.index(V["target_arg"], Path + ".target_arg", F.TargetArg) && Ok;
    if (CategoryKnown && F.Use != SinkUse::File && F.Use != SinkUse::Network) {
      C.error(Path + ".target_arg", "\"target_arg\" (a path or a URL) is for "
                                    "sinks of category file or network");
      Ok = false;
    }
  }
  if (F.Type == DataType::Buf && F.Use == SinkUse::Exec) {
    C.error(Path + ".type", "a command line is a \"cstr\" or a \"string\"");
    Ok = false;
  }
  if (F.Type == DataType::Format && F.Use != SinkUse::Log) {
    C.error(Path + ".type", "\"format\" is for sinks of category log only");
    Ok = false;
  }
  if (F.Type == DataType::Buf && F.LengthArg < 0) {
    C.error(Path, "type \"buf\" needs \"length_arg\"");
    Ok = false;
  }
  if (V.contains("kind"))
    Ok = C.kind(V["kind"], Path + ".kind", F.CredKind) && Ok;
  if (V.contains("scope"))
    Ok = C.hosts(V["scope"], Path + ".scope", F.Scope) && Ok;
  return Ok ? std::optional<ConfigFunction>(F) : std::nullopt;
}

void parseFunctions(Checker &C, const json &Root, const char *Key,
                    FunctionRole Role, std::vector<ConfigFunction> &Out) {
  if (!Root.contains(Key))
    return;
  std::string Path = std::string("$.") + Key;
  const json &A = Root[Key];
  if (!A.is_array()) {
    C.error(Path, "expected an array");
    return;
  }
  for (size_t I = 0; I < A.size(); ++I)
    if (auto F = parseFunction(C, A[I], Path + "[" + std::to_string(I) + "]", Role))
      Out.push_back(std::move(*F));
}

void parseNames(Checker &C, const json &Root, ProjectConfig &Out) {
  if (!Root.contains("names"))
    return;
  const json &N = Root["names"];
  if (!N.is_object()) {
    C.error("$.names", "expected an object with \"include\" and \"exclude\"");
    return;
  }
  C.onlyKeys(N, "$.names", {"include", "exclude"});
  for (const char *Key : {"include", "exclude"}) {
    if (!N.contains(Key))
      continue;
    std::string Path = std::string("$.names.") + Key;
    if (!N[Key].is_array()) {
      C.error(Path, "expected an array");
      continue;
    }
    bool Include = Key[0] == 'i';
    for (size_t I = 0; I < N[Key].size(); ++I) {
      const json &E = N[Key][I];
      std::string EPath = Path + "[" + std::to_string(I) + "]";
      NamePatternRule R;
      if (E.is_object() && Include) {
        C.onlyKeys(E, EPath, {"pattern", "kind"});
        bool Ok = E.contains("pattern")
                      ? C.string(E["pattern"], EPath + ".pattern", R.Pattern)
                      : (C.error(EPath, "missing \"pattern\""), false);
        if (E.contains("kind"))
          Ok = C.kind(E["kind"], EPath + ".kind", R.CredKind) && Ok;
        if (Ok)
          Out.ExtraNames.push_back(R);
      } else if (C.string(E, EPath, R.Pattern)) {
        if (Include)
          Out.ExtraNames.push_back(R);
        else
          Out.ExcludedNames.push_back(R.Pattern);
      }
    }
  }
}

void parseScopes(Checker &C, const json &Root, ProjectConfig &Out) {
  if (!Root.contains("scopes"))
    return;
  const json &S = Root["scopes"];
  if (!S.is_object()) {
    C.error("$.scopes", "expected an object of credential name -> hosts");
    return;
  }
  for (auto It = S.begin(); It != S.end(); ++It) {
    ScopeEntry E{It.key(), ""};
    if (C.hosts(It.value(), member("$.scopes", It.key()), E.Hosts))
      Out.Scopes.push_back(std::move(E));
  }
}

std::string directoryOf(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "." : Slash == 0 ? "/" : Path.substr(0, Slash);
}

void parseSecretRules(Checker &C, const json &Root, const std::string &Origin,
                      ProjectConfig &Out) {
  if (!Root.contains("secret_rules"))
    return;
  const json &A = Root["secret_rules"];
  if (!A.is_array()) {
    C.error("$.secret_rules", "expected an array of rule file paths");
    return;
  }
  for (size_t I = 0; I < A.size(); ++I) {
    std::string P;
    if (!C.string(A[I], "$.secret_rules[" + std::to_string(I) + "]", P))
      continue;
    Out.SecretRuleFiles.push_back(P[0] == '/' ? P : directoryOf(Origin) + "/" + P);
  }
}

/// "owners": {"<path glob>": "<owner>"}, kept in file order (the report
/// tool breaks ties between equally specific globs by it).
void parseOwners(Checker &C, const json &Root, std::string_view Text,
                 ProjectConfig &Out) {
  if (!Root.contains("owners"))
    return;
  if (!Root["owners"].is_object()) {
    C.error("$.owners", "expected an object of path glob -> owner");
    return;
  }
  // The text parsed again, keeping the order of the keys.
  nlohmann::ordered_json Ordered =
      nlohmann::ordered_json::parse(Text.begin(), Text.end())["owners"];
  for (auto It = Ordered.begin(); It != Ordered.end(); ++It) {
    std::string Path = member("$.owners", It.key());
    const std::string &Glob = It.key();
    if (Glob.empty() || Glob.find_first_not_of('/') == std::string::npos) {
      C.error(Path, "expected a path glob (\"src/db/**\", \"*.cpp\")");
      continue;
    }
    if (Glob[0] == '!' || Glob.find_first_of("[] \t") != std::string::npos) {
      C.error(Path, "unsupported path glob: '*', '?' and '**' only, no "
                    "'!', '[...]' or spaces");
      continue;
    }
    OwnerEntry E{Glob, ""};
    json Value = It.value();
    if (C.string(Value, Path, E.Owner))
      Out.Owners.push_back(std::move(E));
  }
}

/// "line L, column C" of byte offset Byte (nlohmann counts from 1, past the
/// offending character).
std::string positionOf(std::string_view Text, size_t Byte) {
  size_t Line = 1, Col = 1;
  for (size_t I = 0; I + 1 < Byte && I < Text.size(); ++I)
    Text[I] == '\n' ? (++Line, Col = 1) : ++Col;
  return "line " + std::to_string(Line) + ", column " + std::to_string(Col);
}

bool fileExists(const std::string &P) {
  struct stat St;
  return stat(P.c_str(), &St) == 0 && S_ISREG(St.st_mode);
}

} // namespace

bool ConfigFunction::matches(std::string_view Readable,
                             std::string_view Symbol) const {
  return globMatches(Name, Readable, /*IgnoreCase=*/false) ||
         (!Symbol.empty() && globMatches(Name, Symbol, false));
}

std::optional<Kind> ProjectConfig::classifyName(std::string_view Name) const {
  for (const std::string &P : ExcludedNames)
    if (globMatches(P, Name))
      return std::nullopt;
  for (const NamePatternRule &R : ExtraNames)
    if (globMatches(R.Pattern, Name))
      return R.CredKind;
  return classifyCredentialName(Name);
}

namespace {
const ConfigFunction *findIn(const std::vector<ConfigFunction> &List,
                             std::string_view Readable, std::string_view Symbol) {
  for (const ConfigFunction &F : List)
    if (F.matches(Readable, Symbol))
      return &F;
  return nullptr;
}
} // namespace

const ConfigFunction *ProjectConfig::findSource(std::string_view R,
                                                std::string_view S) const {
  return findIn(Sources, R, S);
}
const ConfigFunction *ProjectConfig::findSink(std::string_view R,
                                              std::string_view S) const {
  return findIn(Sinks, R, S);
}
const ConfigFunction *ProjectConfig::findDeclassifier(std::string_view R,
                                                      std::string_view S) const {
  return findIn(Declassifiers, R, S);
}

std::string findProjectConfig(const std::string &StartDir) {
  if (const char *E = std::getenv("CREDTAINT_CONFIG"); E && *E)
    return E;
  std::string Dir = StartDir.empty() ? "." : StartDir;
  for (int Depth = 0; Depth < 64; ++Depth) {
    std::string Candidate = (Dir == "/" ? "" : Dir) + "/credtaint.json";
    if (fileExists(Candidate))
      return Candidate;
    if (Dir == "/" || Dir == ".")
      break;
    Dir = directoryOf(Dir);
  }
  return "";
}

bool parseProjectConfig(std::string_view Text, const std::string &Origin,
                        ProjectConfig &Out, std::vector<std::string> &Errors) {
  size_t Before = Errors.size();
  Checker C(Origin, Errors);
  json Root;
  try {
    Root = json::parse(Text.begin(), Text.end());
  } catch (const json::parse_error &E) {
    // Only the position: the parser's own message quotes the input.
    C.error("$", "not valid JSON (" + positionOf(Text, E.byte) + ")");
    return false;
  } catch (const json::exception &) {
    // A number no double holds (1e999999) is out_of_range, not a
    // parse_error: uncaught, it took clang (the plugin, the pass) down.
    C.error("$", "not valid JSON (a number out of range)");
    return false;
  }
  if (!Root.is_object()) {
    C.error("$", "expected a JSON object");
    return false;
  }
  C.onlyKeys(Root, "$", {"version", "names", "sources", "sinks",
                         "declassifiers", "scopes", "secret_rules", "owners"});
  if (Root.contains("version") &&
      !(Root["version"].is_number_integer() && Root["version"].get<long long>() == 1))
    C.error("$.version", "unsupported version (this credtaint reads version 1)");
  parseNames(C, Root, Out);
  parseFunctions(C, Root, "sources", FunctionRole::Source, Out.Sources);
  parseFunctions(C, Root, "sinks", FunctionRole::Sink, Out.Sinks);
  parseFunctions(C, Root, "declassifiers", FunctionRole::Declassifier,
                 Out.Declassifiers);
  parseScopes(C, Root, Out);
  parseSecretRules(C, Root, Origin, Out);
  parseOwners(C, Root, Text, Out);
  return Errors.size() == Before;
}

bool loadProjectConfig(const std::string &Path, ProjectConfig &Out,
                       std::vector<std::string> &Errors) {
  Out.Path = Path;
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    Errors.push_back(Path + ": cannot read the credtaint config file");
    return false;
  }
  std::stringstream SS;
  SS << In.rdbuf();
  return parseProjectConfig(SS.str(), Path, Out, Errors);
}

} // namespace credtaint
