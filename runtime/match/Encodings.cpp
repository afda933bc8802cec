//===- Encodings.cpp - the forms a credential takes on the wire -----------===//

#include "match/Encodings.h"

#include <algorithm>
#include <cstdint>

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

/// The code points of UTF-8 text; false at the first malformed sequence
/// (overlong forms, surrogates and values past U+10FFFF included).
bool decodeUtf8(std::string_view In, std::u32string &Out) {
  for (size_t I = 0; I < In.size();) {
    unsigned char B = (unsigned char)In[I];
    // Sequence length and the smallest value it may encode, by lead byte.
    size_t Len = B < 0x80 ? 1 : (B >> 5) == 6 ? 2 : (B >> 4) == 14 ? 3
               : (B >> 3) == 30 ? 4 : 0;
    static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (!Len || I + Len > In.size())
      return false;
    char32_t C = Len == 1 ? B : B & (0x7F >> Len);
    for (size_t K = 1; K < Len; ++K) {
      unsigned char T = (unsigned char)In[I + K];
      if ((T >> 6) != 2)
        return false;
      C = C << 6 | (T & 0x3F);
    }
    if (C < kMin[Len] || C > 0x10FFFF || (C >= 0xD800 && C <= 0xDFFF))
      return false;
    Out += C;
    I += Len;
  }
  return true;
}

void appendUtf8(std::string &Out, char32_t C) {
  if (C > 0x10FFFF || (C >= 0xD800 && C <= 0xDFFF))
    C = 0xFFFD;
  if (C < 0x80) {
    Out += char(C);
  } else if (C < 0x800) {
    Out += char(0xC0 | C >> 6);
    Out += char(0x80 | (C & 0x3F));
  } else if (C < 0x10000) {
    Out += char(0xE0 | C >> 12);
    Out += char(0x80 | (C >> 6 & 0x3F));
    Out += char(0x80 | (C & 0x3F));
  } else {
    Out += char(0xF0 | C >> 18);
    Out += char(0x80 | (C >> 12 & 0x3F));
    Out += char(0x80 | (C >> 6 & 0x3F));
    Out += char(0x80 | (C & 0x3F));
  }
}

void appendLe(std::string &Out, uint32_t V, unsigned Bytes) {
  for (unsigned K = 0; K < Bytes; ++K)
    Out += char(V >> (8 * K) & 0xFF);
}

} // namespace

std::string utf8OfWide(const wchar_t *P, size_t N) {
  std::string Out;
  Out.reserve(N);
  for (size_t I = 0; P && I < N; ++I)
    appendUtf8(Out, char32_t(uint32_t(P[I])));
  return Out;
}

std::string utf16le(std::string_view Utf8) {
  std::u32string Cs;
  if (!decodeUtf8(Utf8, Cs))
    return "";
  std::string Out;
  for (char32_t C : Cs) {
    if (C < 0x10000) {
      appendLe(Out, C, 2);
    } else { // a surrogate pair
      appendLe(Out, 0xD800 + ((C - 0x10000) >> 10), 2);
      appendLe(Out, 0xDC00 + ((C - 0x10000) & 0x3FF), 2);
    }
  }
  return Out;
}

std::string utf32le(std::string_view Utf8) {
  std::u32string Cs;
  if (!decodeUtf8(Utf8, Cs))
    return "";
  std::string Out;
  for (char32_t C : Cs)
    appendLe(Out, C, 4);
  return Out;
}

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
  Add("utf16le", utf16le(Value));
  Add("utf32le", utf32le(Value));
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
