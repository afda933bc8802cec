//===- Encodings.cpp - the forms a credential takes on the wire -----------===//

#include "match/Encodings.h"

#include <algorithm>

namespace credtaint::rt::match {
namespace {

const char kStd[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char kUrl[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool isUnreserved(unsigned char C) {
  return (C >= 'A' && C <= 'Z') || (C >= 'a' && C <= 'z') ||
         (C >= '0' && C <= '9') || C == '-' || C == '.' || C == '_' || C == '~';
}

} // namespace

std::string base64(std::string_view In, bool UrlSafe, bool Padded) {
  const char *A = UrlSafe ? kUrl : kStd;
  std::string Out;
  Out.reserve((In.size() + 2) / 3 * 4);
  size_t I = 0;
  for (; I + 3 <= In.size(); I += 3) {
    unsigned V = unsigned((unsigned char)In[I]) << 16 |
                 unsigned((unsigned char)In[I + 1]) << 8 |
                 unsigned((unsigned char)In[I + 2]);
    Out += A[V >> 18];
    Out += A[(V >> 12) & 63];
    Out += A[(V >> 6) & 63];
    Out += A[V & 63];
  }
  size_t Rest = In.size() - I;
  if (Rest) {
    unsigned V = unsigned((unsigned char)In[I]) << 16;
    if (Rest == 2)
      V |= unsigned((unsigned char)In[I + 1]) << 8;
    Out += A[V >> 18];
    Out += A[(V >> 12) & 63];
    if (Rest == 2)
      Out += A[(V >> 6) & 63];
    if (Padded)
      Out.append(3 - Rest, '=');
  }
  return Out;
}

std::string base64Aligned(std::string_view In, unsigned Shift, bool UrlSafe) {
  Shift %= 3;
  std::string Shifted(Shift, '\0');
  Shifted.append(In.data(), In.size());
  std::string Enc = base64(Shifted, UrlSafe, /*Padded=*/false);
  // Character K carries bits [6K, 6K+6); the secret's bits are
  // [8*Shift, 8*(Shift+N)). Keep the characters wholly inside them.
  size_t First = (8 * Shift + 5) / 6;
  size_t End = 8 * (Shift + In.size()) / 6;
  if (End <= First)
    return "";
  return Enc.substr(First, End - First);
}

std::string hex(std::string_view In, bool Upper) {
  const char *D = Upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string Out;
  Out.reserve(In.size() * 2);
  for (unsigned char C : In) {
    Out += D[C >> 4];
    Out += D[C & 15];
  }
  return Out;
}

std::string percentEncoded(std::string_view In, bool Upper) {
  const char *D = Upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string Out;
  for (unsigned char C : In) {
    if (isUnreserved(C)) {
      Out += char(C);
    } else {
      Out += '%';
      Out += D[C >> 4];
      Out += D[C & 15];
    }
  }
  return Out;
}

std::vector<EncodedForm> encodedForms(std::string_view Value) {
  std::vector<EncodedForm> Forms;
  auto Add = [&](const char *Name, std::string Bytes) {
    if (Bytes.empty())
      return;
    for (const EncodedForm &F : Forms)
      if (F.Bytes == Bytes)
        return;
    Forms.push_back({Name, std::move(Bytes)});
  };
  Add("raw", std::string(Value));
  for (bool Url : {false, true}) {
    const char *Name = Url ? "base64url" : "base64";
    Add(Name, base64(Value, Url, /*Padded=*/true));
    Add(Name, base64(Value, Url, /*Padded=*/false));
    for (unsigned Shift = 0; Shift < 3; ++Shift)
      Add(Name, base64Aligned(Value, Shift, Url));
  }
  Add("hex", hex(Value, false));
  Add("HEX", hex(Value, true));
  Add("percent", percentEncoded(Value, true));
  Add("percent", percentEncoded(Value, false));
  // A form that contains another is found whenever that one is: matching
  // only the minimal forms finds the same leaks with fewer patterns.
  std::vector<bool> Redundant(Forms.size(), false);
  for (size_t I = 0; I < Forms.size(); ++I)
    for (size_t J = 0; J < Forms.size() && !Redundant[I]; ++J)
      Redundant[I] = J != I && Forms[I].Bytes.size() > Forms[J].Bytes.size() &&
                     Forms[I].Bytes.find(Forms[J].Bytes) != std::string::npos;
  std::vector<EncodedForm> Minimal;
  for (size_t I = 0; I < Forms.size(); ++I)
    if (!Redundant[I])
      Minimal.push_back(std::move(Forms[I]));
  return Minimal;
}

} // namespace credtaint::rt::match
