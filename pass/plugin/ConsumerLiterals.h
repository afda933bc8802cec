//===- ConsumerLiterals.h - literals handed to an API that takes a secret -===//
//
// The static half of consumers.def (the run-time half is
// runtime/sources/Consumers.cpp). A string literal (narrow or wide) or a
// constant byte array whose bytes reach a parameter that takes a secret
// (mysql_real_connect's passwd, HMAC's key, pam_set_item's PAM_AUTHTOK) is a
// hardcoded credential whatever its entropy and whatever the variable on the
// way is called. The bytes reach the parameter
//   - directly: the argument is the literal (through casts, parentheses, a
//     std::string temporary, .c_str()/.data()), or names a variable whose
//     initializer is one (a global `const char kPass[] = "..."`, a constant
//     `static const unsigned char kKey[] = {...}`), or is a C compound
//     literal;
//   - through a local variable of the same function: the literal is stored
//     into it (initialised, assigned, strcpy/strncpy/wcscpy/memcpy'd,
//     std::string constructed, assigned or assign()ed, one pointer copied
//     into another) before the call whose argument names it, and nothing
//     was appended to it or written into part of it since (strcat, +=,
//     snprintf, memcpy(buf + 4, ...)): the call would get more than the
//     literal, as a salted or prefixed value does.
// A literal stored in one function and consumed in another is left to the
// run time, which sees it wherever it goes. Paths are not told apart: a
// literal stored before the call on any path counts (a default password
// that an environment variable may replace is still hardcoded).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PLUGIN_CONSUMERLITERALS_H
#define CREDTAINT_PLUGIN_CONSUMERLITERALS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credtaint {
struct ConsumerInfo;
}

namespace credtaint::plugin {

/// A literal that reaches a consuming parameter.
struct ConsumerUse {
  unsigned Row = 0; ///< index into kConsumers
  /// How many bytes of it the API is given, when a constant says so (a Buf
  /// row's length argument, strncpy's or memcpy's count on the way).
  std::optional<uint64_t> Limit;
};

class ConsumerLiterals {
public:
  explicit ConsumerLiterals(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// Records the stores into local variables and the consumer calls under
  /// D. Every declaration of the unit is collected before any is judged, so
  /// a global initializer is known wherever it is used.
  void collect(clang::Decl *D);

  /// Binds the consumer calls collected so far to the literals that reach
  /// them. Cheap to call again: each call is bound once.
  void resolve();

  /// The first consumer a StringLiteral or a (semantic) InitListExpr
  /// reaches, if any.
  const ConsumerUse *find(const clang::Expr *Value) const;

  /// The form of Value the uses are keyed by: an initializer list's
  /// semantic form (clang keeps a syntactic one beside it).
  static const clang::Expr *canonical(const clang::Expr *Value);

  /// The bytes the API receives from Value: a narrow literal up to its first
  /// NUL for a C-string row, a wide one as its code units in memory, a
  /// constant array as its elements; cut to the use's Limit.
  std::string bytes(const clang::Expr *Value, const ConsumerUse &U) const;

private:
  friend class ConsumerCollector;

  /// A value stored into a local variable: a literal, a constant array, or
  /// another variable (its own stores then count).
  struct Store {
    const clang::Expr *Value;
    clang::SourceLocation At;
    std::optional<uint64_t> Limit;
  };

  void recordStore(const clang::VarDecl *V, const clang::Expr *Value,
                   clang::SourceLocation At, std::optional<uint64_t> Limit);
  void recordCall(const clang::CallExpr *Call);
  const ConsumerInfo *rowFor(const clang::CallExpr *Call, unsigned &Index) const;
  void bind(const clang::Expr *Value, unsigned Row, clang::SourceLocation Call,
            std::optional<uint64_t> Limit, int Depth);

  /// The literal, constant array or variable an expression's bytes come
  /// from, or null.
  const clang::Expr *valueSource(const clang::Expr *E) const;

  clang::ASTContext &Ctx;
  std::map<const clang::VarDecl *, std::vector<Store>> Stores;
  std::map<const clang::Expr *, ConsumerUse> Uses;
  std::vector<const clang::CallExpr *> Calls;
};

} // namespace credtaint::plugin

#endif
