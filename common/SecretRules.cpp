//===- SecretRules.cpp - is a literal a hardcoded credential? -------------===//

#include "SecretRules.h"
#include "credtaint/support/Text.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace credtaint {

struct SecretRules::Impl {
  struct Rule {
    std::string Id, Description, Kind;
    std::unique_ptr<RE2> Regex;
    std::vector<std::string> Keywords; // lower case
    double Entropy = 0;
    bool Bound = false;
  };
  std::vector<Rule> Rules;
  std::vector<std::unique_ptr<RE2>> Allow;
  std::vector<std::string> Stopwords; // lower case

  bool allowed(const std::string &Secret) const {
    std::string Lower = toLower(Secret);
    for (const std::string &W : Stopwords)
      if (Lower.find(W) != std::string::npos)
        return true;
    for (const auto &R : Allow)
      if (RE2::PartialMatch(Secret, *R))
        return true;
    return false;
  }
};

SecretRules::SecretRules() : P(std::make_unique<Impl>()) {}
SecretRules::~SecretRules() = default;
SecretRules::SecretRules(SecretRules &&) = default;

size_t SecretRules::size() const { return P->Rules.size(); }

double SecretRules::shannonEntropy(const std::string &S) {
  if (S.empty())
    return 0;
  size_t Count[256] = {0};
  for (unsigned char C : S)
    ++Count[C];
  double H = 0;
  for (size_t N : Count)
    if (N) {
      double Pr = double(N) / double(S.size());
      H -= Pr * std::log2(Pr);
    }
  return H;
}

std::string SecretRules::defaultRulesPath(const std::string &OwnLibrary) {
  std::string Dir = OwnLibrary.substr(0, OwnLibrary.rfind('/')); // lib/credtaint
  Dir = Dir.substr(0, Dir.rfind('/'));                           // lib
  Dir = Dir.substr(0, Dir.rfind('/'));                           // prefix
  return Dir + "/share/credtaint/secret-rules.json";
}

bool SecretRules::load(const std::string &Json, const std::string &Origin,
                       std::string &Error) {
  nlohmann::json J = nlohmann::json::parse(Json, nullptr, false);
  if (J.is_discarded() || !J.is_object()) {
    Error = Origin + ": not a JSON object";
    return false;
  }
  auto Fail = [&](const std::string &Path, const std::string &What) {
    Error = Origin + ": " + Path + ": " + What;
    return false;
  };
  if (J.contains("rules")) {
    if (!J["rules"].is_array())
      return Fail("$.rules", "expected an array");
    for (size_t I = 0; I < J["rules"].size(); ++I) {
      const nlohmann::json &R = J["rules"][I];
      std::string Path = "$.rules[" + std::to_string(I) + "]";
      if (!R.is_object() || !R.contains("id") || !R["id"].is_string() ||
          !R.contains("regex") || !R["regex"].is_string())
        return Fail(Path, "a rule needs string fields \"id\" and \"regex\"");
      Impl::Rule Rule;
      Rule.Id = R["id"];
      Rule.Description = R.value("description", Rule.Id);
      Rule.Kind = R.value("kind", "generic-secret");
      Rule.Regex = std::make_unique<RE2>(R["regex"].get<std::string>(), RE2::Quiet);
      if (!Rule.Regex->ok())
        return Fail(Path + ".regex", "invalid RE2 pattern: " + Rule.Regex->error());
      if (R.contains("keywords")) {
        if (!R["keywords"].is_array())
          return Fail(Path + ".keywords", "expected an array of strings");
        for (const auto &K : R["keywords"]) {
          if (!K.is_string())
            return Fail(Path + ".keywords", "expected an array of strings");
          Rule.Keywords.push_back(toLower(K.get<std::string>()));
        }
      }
      if (R.contains("entropy") && !R["entropy"].is_number())
        return Fail(Path + ".entropy", "expected a number");
      Rule.Entropy = R.value("entropy", 0.0);
      Rule.Bound = R.value("bound", false);
      P->Rules.push_back(std::move(Rule));
    }
  }
  if (J.contains("allowlist")) {
    const nlohmann::json &A = J["allowlist"];
    for (const char *Field : {"regexes", "stopwords"}) {
      if (!A.contains(Field))
        continue;
      std::string Path = std::string("$.allowlist.") + Field;
      if (!A[Field].is_array())
        return Fail(Path, "expected an array of strings");
      for (size_t I = 0; I < A[Field].size(); ++I) {
        if (!A[Field][I].is_string())
          return Fail(Path + "[" + std::to_string(I) + "]", "expected a string");
        std::string V = A[Field][I];
        if (std::string(Field) == "stopwords") {
          P->Stopwords.push_back(toLower(V));
          continue;
        }
        auto Re = std::make_unique<RE2>(V, RE2::Quiet);
        if (!Re->ok())
          return Fail(Path + "[" + std::to_string(I) + "]",
                      "invalid RE2 pattern: " + Re->error());
        P->Allow.push_back(std::move(Re));
      }
    }
  }
  return true;
}

std::optional<SecretMatch> SecretRules::match(const std::string &Literal,
                                              const std::string &BoundKind) const {
  std::string Lower = toLower(Literal);
  for (const Impl::Rule &R : P->Rules) {
    if (R.Bound && BoundKind.empty())
      continue;
    if (!R.Keywords.empty() &&
        std::none_of(R.Keywords.begin(), R.Keywords.end(), [&](const std::string &K) {
          return Lower.find(K) != std::string::npos;
        }))
      continue;
    std::string Secret;
    if (R.Regex->NumberOfCapturingGroups() > 0) {
      if (!RE2::PartialMatch(Literal, *R.Regex, &Secret))
        continue;
    } else {
      re2::StringPiece Whole;
      if (!RE2::PartialMatch(Literal, *R.Regex))
        continue;
      Secret = Literal;
    }
    if (shannonEntropy(Secret) < R.Entropy || P->allowed(Secret))
      continue;
    std::string Kind = R.Kind == "from-name" ? BoundKind : R.Kind;
    return SecretMatch{R.Id, R.Description, Kind, Secret};
  }
  return std::nullopt;
}

} // namespace credtaint
