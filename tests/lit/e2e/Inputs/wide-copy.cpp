// Copies wide strings (wmemcpy, wcscpy): functions credtaint's own ABI list
// makes custom. The DFSan-alone baseline must link and run without them.
#include <cstdio>
#include <cwchar>
#include <string>
int main() {
  std::wstring a = L"wide text copied by wmemcpy";
  std::wstring b = a;
  wchar_t c[64];
  std::wcscpy(c, b.c_str());
  std::printf("wide copy %zu\n", std::wcslen(c));
}
