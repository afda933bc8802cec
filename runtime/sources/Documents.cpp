//===- Documents.cpp - credentials in documents as they are read ----------===//

#include "sources/Documents.h"

#include "sources/DocumentBytes.h"
#include "sources/DocumentKeys.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <functional>

namespace credtaint::rt {
namespace {

constexpr size_t kMaxValue = 16384;
constexpr size_t kMaxKey = kMaxDocumentKey;

/// Authorization schemes: the credential is the word after them.
constexpr const char *kSchemes[] = {"bearer", "basic", "token", "digest",
                                    "negotiate", "aws4-hmac-sha256", "apikey",
                                    "sso-key", "key", "otr"};

/// Where an unquoted key may start: at the start of a line (after blanks,
/// "export " or YAML's "- "), inside a flow mapping or a query string.
constexpr char kKeyOpeners[] = "\n\r{[,?&;";

/// Character classes, by table: the scan looks at every byte, and each
/// field at the bytes around its key.
struct CharClasses {
  bool Key[256] = {}, KeyStart[256] = {}, Sep[256] = {}, Opener[256] = {},
       Blank[256] = {};
  constexpr CharClasses() {
    for (int C = 0; C < 256; ++C) {
      bool Letter = (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z');
      Key[C] = bytes::keyChar(static_cast<unsigned char>(C));
      // A key starts with a letter or '_' ("2026-12-05T10:..." is a time).
      KeyStart[C] = Letter || C == '_';
    }
    Sep[int(':')] = Sep[int('=')] = true;
    Blank[int(' ')] = Blank[int('\t')] = true;
    for (const char *O = kKeyOpeners; *O; ++O)
      Opener[static_cast<unsigned char>(*O)] = true;
  }
};
constexpr CharClasses kClass;

bool isKeyChar(unsigned char C) { return kClass.Key[C]; }

bool isBlank(char C) { return kClass.Blank[static_cast<unsigned char>(C)]; }

/// A placeholder or a reference, not a value: ${VAR}, $VAR, <token>,
/// {{ secret }}, %(pw)s, ********.
bool placeholder(std::string_view V) {
  if (V.empty())
    return true;
  if (V[0] == '$' || V[0] == '<' || V.rfind("{{", 0) == 0 ||
      V.rfind("%(", 0) == 0)
    return true;
  return V.find_first_not_of(V[0]) == std::string_view::npos;
}

/// A call in source code ("get_password()"), not a value: a program that
/// reads code is not reading credentials.
bool looksLikeCall(std::string_view V) {
  if (V.size() < 3 || V.back() != ')' ||
      !(std::isalpha(static_cast<unsigned char>(V[0])) || V[0] == '_'))
    return false;
  size_t Paren = V.find('(');
  if (Paren == std::string_view::npos)
    return false;
  for (size_t I = 0; I < Paren; ++I)
    if (!isKeyChar(static_cast<unsigned char>(V[I])) && V[I] != ':')
      return false;
  return true;
}

/// The value after a scheme word ("Bearer xyz" -> "xyz"); V itself when it
/// starts with none.
std::string_view afterScheme(std::string_view V, size_t &Skipped) {
  Skipped = 0;
  size_t Space = V.find(' ');
  if (Space == std::string_view::npos)
    return V;
  for (const char *S : kSchemes)
    if (equalsLower(V.substr(0, Space), S)) {
      size_t B = V.find_first_not_of(' ', Space);
      if (B == std::string_view::npos)
        return {};
      Skipped = B;
      return V.substr(B);
    }
  return V;
}

constexpr std::string_view kPemBegin = "-----BEGIN ", kPemEnd = "-----END ";

/// Text.find(kPemBegin, From), sooner: string_view's find stops (memchr)
/// at every '-', and a config has one in every other value, while "-B",
/// the fifth and sixth bytes of a PEM line, is rare anywhere else.
size_t findPemBegin(std::string_view Text, size_t From) {
  const unsigned char *P = reinterpret_cast<const unsigned char *>(Text.data());
  size_t I = From;
  for (; I + 4 + 65 <= Text.size(); I += 64)
    for (uint64_t M = bytes::pairs64(P + I + 4, '-', 'B'); M; M &= M - 1) {
      size_t At = I + size_t(__builtin_ctzll(M));
      if (Text.compare(At, kPemBegin.size(), kPemBegin) == 0)
        return At;
    }
  for (; I + 4 + 17 <= Text.size(); I += 16)
    for (uint32_t M = bytes::pairs16(P + I + 4, '-', 'B'); M; M &= M - 1) {
      size_t At = I + size_t(__builtin_ctz(M));
      if (Text.compare(At, kPemBegin.size(), kPemBegin) == 0)
        return At;
    }
  return I <= Text.size() ? Text.find(kPemBegin, I) : std::string_view::npos;
}

class Scanner {
public:
  Scanner(std::string_view Text, size_t MinLen, bool RegistryKeys = false)
      : T(Text), MinLen(MinLen), RegistryKeys(RegistryKeys) {}

  std::vector<DocumentSecret> run() {
    pemBlocks();
    size_t Pem = Out.size();
    // 64 bytes at a time, then 16, as a mask of the separators among them.
    size_t I = 0, N = T.size();
    for (; I + 64 <= N; I += 64)
      for (uint64_t M = bytes::separators64(P + I); M; M &= M - 1) {
        size_t K = I + size_t(__builtin_ctzll(M));
        if (!insidePem(K, Pem))
          field(K);
      }
    for (; I + 16 <= N; I += 16)
      for (uint32_t M = bytes::separators16(P + I); M; M &= M - 1) {
        size_t K = I + size_t(__builtin_ctz(M));
        if (!insidePem(K, Pem))
          field(K);
      }
    for (; I < N; ++I)
      if (kClass.Sep[P[I]] && !insidePem(I, Pem))
        field(I);
    // Fields are found in text order; only PEM blocks, found first, are
    // out of it.
    if (Pem)
      std::sort(Out.begin(), Out.end(),
                [](const DocumentSecret &A, const DocumentSecret &B) {
                  return A.Offset < B.Offset;
                });
    return std::move(Out);
  }

private:
  std::string_view T;
  const unsigned char *P = reinterpret_cast<const unsigned char *>(T.data());
  size_t MinLen;
  bool RegistryKeys; // docker's "auth" and "identitytoken" count too
  std::vector<DocumentSecret> Out;

  void add(size_t Offset, size_t Length, std::string_view Key, Kind K) {
    std::string_view V = T.substr(Offset, Length);
    if (Length < MinLen || Length > kMaxValue || placeholder(V) ||
        looksLikeCall(V))
      return;
    Out.push_back({Offset, Length, std::string(Key), K});
  }

  bool insidePem(size_t I, size_t NPem) const {
    for (size_t K = 0; K < NPem; ++K)
      if (I >= Out[K].Offset && I < Out[K].Offset + Out[K].Length)
        return true;
    return false;
  }

  /// "-----BEGIN ... PRIVATE KEY-----" to the end of its END line.
  void pemBlocks() {
    for (size_t At = findPemBegin(T, 0); At != std::string_view::npos;
         At = findPemBegin(T, At + 1)) {
      size_t Eol = T.find('\n', At);
      std::string_view Head = T.substr(At, Eol == std::string_view::npos
                                               ? std::string_view::npos
                                               : Eol - At);
      if (Head.find("PRIVATE KEY-----") == std::string_view::npos)
        continue;
      size_t E = T.find(kPemEnd, At);
      if (E == std::string_view::npos)
        return; // the END line comes in a later read
      size_t Close = T.find("-----", E + kPemEnd.size());
      if (Close == std::string_view::npos)
        return;
      add(At, Close + 5 - At, "private key", Kind::PrivateKey);
      At = Close;
    }
  }

  /// Where the bare key that ends at End begins: after the last byte
  /// before End that cannot be in a key, looked for 16 bytes at a time.
  /// Only a key of at most kMaxKey bytes is a key, so the search stops
  /// past that: what it returns then is merely too far back.
  size_t bareKeyBegin(size_t End) const {
    size_t B = End;
    for (; B >= 16 && End - B <= kMaxKey; B -= 16)
      if (uint32_t NonKey = bytes::nonKey16(P + B - 16))
        return B + 16 - size_t(__builtin_clz(NonKey));
    while (B > 0 && End - B <= kMaxKey && isKeyChar(P[B - 1]))
      --B;
    return B;
  }

  /// One past the last Quote or newline before End, looked for 16 bytes at
  /// a time; 0 if there is none. Only a key of at most kMaxKey bytes is a
  /// key, so the search stops past that: what it returns then is merely
  /// too far back.
  size_t quoteOrNewlineBefore(size_t End, char Quote) const {
    size_t B = End;
    for (; B >= 16 && End - B <= kMaxKey; B -= 16)
      if (uint32_t Hit = bytes::quoteOrNewline16(P + B - 16, Quote))
        return B + 16 - size_t(__builtin_clz(Hit));
    while (B > 0 && End - B <= kMaxKey && T[B - 1] != Quote && T[B - 1] != '\n')
      --B;
    return B;
  }

  /// Where the run of blanks that ends at End begins. Mostly there is
  /// none, or one: one byte tells.
  size_t blanksBefore(size_t End) const {
    if (End >= 2) {
      bool One = isBlank(T[End - 1]), Two = isBlank(T[End - 2]);
      if (!(One & Two))
        return End - One;
    }
    if (End >= 16)
      if (uint32_t NonBlank = bytes::nonBlank16(P + End - 16))
        return End + 16 - size_t(__builtin_clz(NonBlank));
    while (End > 0 && isBlank(T[End - 1]))
      --End;
    return End;
  }

  /// The first byte from Begin on that is no blank (T.size(): none).
  size_t afterBlanks(size_t Begin) const {
    if (Begin + 2 <= T.size()) {
      bool One = isBlank(T[Begin]), Two = isBlank(T[Begin + 1]);
      if (!(One & Two))
        return Begin + One;
    }
    if (Begin + 16 <= T.size())
      if (uint32_t NonBlank = bytes::nonBlank16(P + Begin))
        return Begin + size_t(__builtin_ctz(NonBlank));
    while (Begin < T.size() && isBlank(T[Begin]))
      ++Begin;
    return Begin;
  }

  /// The first byte from From on that is one of A to E (T.size(): none).
  size_t findAny(size_t From, char A, char B, char C, char D, char E) const {
    for (; From + 16 <= T.size(); From += 16)
      if (uint32_t Hit = bytes::anyOf16(P + From, A, B, C, D, E))
        return From + size_t(__builtin_ctz(Hit));
    for (; From < T.size(); ++From) {
      char X = T[From];
      if (X == A || X == B || X == C || X == D || X == E)
        break;
    }
    return From;
  }

  /// The field whose separator (':' or '=') is at Sep, if its key says
  /// credential.
  void field(size_t Sep) {
    char SepC = T[Sep];
    // Not "::", "==" or "scheme://" (bitwise: ':' and '=' alternate in a
    // config, a branch on which one this is would be a coin).
    char Next = Sep + 1 < T.size() ? T[Sep + 1] : '\0';
    if ((Next == SepC) | ((SepC == ':') & (Next == '/')))
      return;
    // The key, quoted or bare, just before the separator.
    size_t J = blanksBefore(Sep);
    if (J == 0)
      return;
    size_t KeyBegin, KeyEnd, Before;
    char Quote = T[J - 1];
    bool QuotedKey = Quote == '"' || Quote == '\'';
    if (QuotedKey) {
      // The opening quote, on the same line and at most kMaxKey bytes back
      // (a longer key is no key): the walk is bounded whatever the text.
      KeyEnd = J - 1;
      size_t Open = quoteOrNewlineBefore(KeyEnd, Quote);
      if (Open == 0 || T[Open - 1] != Quote)
        return;
      KeyBegin = Open;
      Before = Open - 1;
    } else {
      KeyEnd = J;
      KeyBegin = bareKeyBegin(J);
      Before = KeyBegin;
    }
    if (KeyEnd <= KeyBegin || KeyEnd - KeyBegin > kMaxKey ||
        !kClass.KeyStart[static_cast<unsigned char>(T[KeyBegin])])
      return;
    // What stands before the key on its line.
    size_t B = blanksBefore(Before);
    if (B >= 6 && T[B - 1] == 't' && T.compare(B - 6, 6, "export") == 0 &&
        (B == 6 || T[B - 7] == '\n'))
      B -= 6;
    while (B > 0 && (isBlank(T[B - 1]) || T[B - 1] == '-'))
      --B; // YAML's "- key: value"
    char Opener = B == 0 ? '\n' : T[B - 1];
    // npm's "//registry.example/:_authToken=..." scopes a key with a URL.
    bool ScopedKey = Opener == ':' && SepC == '=';
    if (!kClass.Opener[static_cast<unsigned char>(Opener)] && !ScopedKey)
      return;
    std::string_view Key(T.data() + KeyBegin, KeyEnd - KeyBegin);
    KeyVerdict Says = classifyDocumentKey(Key);
    const HeaderRule *Header = SepC == ':' ? Says.Header : nullptr;
    Kind K = Kind::GenericSecret;
    if (Header)
      K = Header->CredKind;
    else if (RegistryKeys && (Key == "auth" || Key == "identitytoken"))
      K = Kind::Token;
    else if (Says.Catalog)
      K = Says.CatalogKind;
    else
      return;
    value(Sep + 1, Key, K, QuotedKey && Quote == '"', Opener,
          Header ? Header->SkipScheme : equalsLower(Key, "authorization"));
  }

  /// The value that starts after the separator.
  void value(size_t V, std::string_view Key, Kind K, bool Json, char Opener,
             bool SkipScheme) {
    V = afterBlanks(V);
    if (V >= T.size() || T[V] == '\n' || T[V] == '\r')
      return; // a nested mapping, or the value comes in a later read
    size_t Begin = V, End;
    if (T[V] == '"' || T[V] == '\'') {
      // To the closing quote; in double quotes, '\\' escapes a byte.
      char Q = T[V];
      char Escape = Q == '"' ? '\\' : Q;
      End = findAny(V + 1, Q, '\n', Escape, Q, Q);
      while (End < T.size() && T[End] != Q && T[End] != '\n')
        End = findAny(End + 2, Q, '\n', Escape, Q, Q);
      if (End >= T.size() || T[End] != Q)
        return;
      Begin = V + 1;
    } else {
      if (Json)
        return; // a number, true, null, an object: no secret string
      bool Flow = Opener == '{' || Opener == ',' || Opener == '[';
      bool Query = Opener == '?' || Opener == '&';
      // To the end of the line, of the query parameter or of the flow
      // item; " # comment" ends an INI, YAML or dotenv value (a query's
      // '#' ends it anyway).
      if (Query)
        End = findAny(V, '\n', '\r', '&', ' ', '#');
      else
        for (End = findAny(V, '\n', '\r', Flow ? ',' : '\n', Flow ? '}' : '\n', '#');
             End < T.size() && T[End] == '#';
             End = findAny(End + 1, '\n', '\r', Flow ? ',' : '\n', Flow ? '}' : '\n', '#'))
          if (End > Begin && isBlank(T[End - 1])) {
            --End;
            break;
          }
      while (End > Begin && (isBlank(T[End - 1]) || T[End - 1] == ';'))
        --End;
    }
    size_t Skipped = 0;
    if (SkipScheme)
      afterScheme(T.substr(Begin, End - Begin), Skipped);
    add(Begin + Skipped, End - Begin - Skipped, Key, K);
  }
};

void lines(std::string_view Text,
           const std::function<void(size_t Offset, std::string_view Line)> &Each) {
  for (size_t Pos = 0; Pos < Text.size();) {
    size_t Eol = Text.find('\n', Pos);
    size_t End = Eol == std::string_view::npos ? Text.size() : Eol;
    size_t E = End;
    while (E > Pos && Text[E - 1] == '\r')
      --E;
    Each(Pos, Text.substr(Pos, E - Pos));
    Pos = End + 1;
  }
}

} // namespace

bool credentialKey(std::string_view Key, Kind &K) {
  KeyVerdict Says = classifyDocumentKey(Key);
  if (Says.Header)
    K = Says.Header->CredKind;
  else if (Says.Catalog)
    K = Says.CatalogKind;
  return Says.Header || Says.Catalog;
}

std::vector<DocumentSecret> scanDocument(std::string_view Text, size_t MinLen) {
  return Scanner(Text, MinLen).run();
}

std::vector<DocumentSecret> scanCredentialFile(SecretLayout Layout,
                                               std::string_view Text,
                                               std::string_view Name,
                                               Kind FileKind, size_t MinLen) {
  std::vector<DocumentSecret> Out;
  auto Add = [&](size_t Offset, size_t Length, std::string_view Key, Kind K) {
    if (Length >= MinLen && Length <= kMaxValue &&
        !placeholder(Text.substr(Offset, Length)))
      Out.push_back({Offset, Length, std::string(Key), K});
  };
  switch (Layout) {
  case SecretLayout::Document:
    return scanDocument(Text, MinLen);
  case SecretLayout::Registry:
    return Scanner(Text, MinLen, true).run();
  case SecretLayout::Whole: {
    size_t B = Text.find_first_not_of(" \t\r\n");
    size_t E = Text.find_last_not_of(" \t\r\n");
    if (B != std::string_view::npos)
      Add(B, E + 1 - B, Name, FileKind);
    break;
  }
  case SecretLayout::Netrc: {
    // Words, any number a line; the one after "password" is the secret.
    bool Next = false;
    for (size_t W = 0; W < Text.size();) {
      size_t B = Text.find_first_not_of(" \t\r\n", W);
      if (B == std::string_view::npos)
        break;
      size_t E = Text.find_first_of(" \t\r\n", B);
      if (E == std::string_view::npos)
        E = Text.size();
      std::string_view Word = Text.substr(B, E - B);
      if (Next)
        Add(B, E - B, "password", Kind::Password);
      Next = Word == "password" || Word == "passwd";
      W = E;
    }
    break;
  }
  case SecretLayout::Pgpass:
    lines(Text, [&](size_t Offset, std::string_view Line) {
      if (Line.empty() || Line[0] == '#')
        return;
      size_t Field = 0, I = 0;
      for (; I < Line.size() && Field < 4; ++I) {
        if (Line[I] == '\\')
          ++I; // an escaped ':' or '\'
        else if (Line[I] == ':')
          ++Field;
      }
      if (Field == 4)
        Add(Offset + I, Line.size() - I, "password", Kind::Password);
    });
    break;
  case SecretLayout::UrlLines:
    lines(Text, [&](size_t Offset, std::string_view Line) {
      size_t Scheme = Line.find("://");
      size_t At = Line.find('@', Scheme == std::string_view::npos ? 0 : Scheme);
      if (Scheme == std::string_view::npos || At == std::string_view::npos)
        return;
      size_t Colon = Line.find(':', Scheme + 3);
      if (Colon != std::string_view::npos && Colon < At)
        Add(Offset + Colon + 1, At - Colon - 1, "password", FileKind);
    });
    break;
  }
  return Out;
}

} // namespace credtaint::rt
