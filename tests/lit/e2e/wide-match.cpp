// Value matching of wide forms: a token from the environment, widened with
// swprintf (uninstrumented: its labels are lost) and written with fwrite as
// wchar_t text (UTF-32LE), then as UTF-16LE with write(2), each into a
// file: secret-in-file from the match detector, in an instrumented build
// and under credtaint-run alike. Wide text that is no credential, written
// the same ways, is no finding.
// SECRET: tok_WideMatchE2e0123456789abcdefABC
// RUN: %credtaint-cxx -O0 %s -o %t
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_WideMatchE2e0123456789abcdefABC %t %t.dir > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// The same program built with plain clang, under credtaint-run.
// RUN: %clangxx -O1 %s -o %t.plain
// RUN: rm -rf %t.logs %t.dir && mkdir -p %t.dir
// RUN: env CREDTAINT_OPTIONS=%ctopts API_TOKEN=tok_WideMatchE2e0123456789abcdefABC credtaint-run -- %t.plain %t.dir > %t.out 2> %t.err2
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err2
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// What the program wrote holds its credential (the leak under test): gone.
// RUN: rm -rf %t.dir
#include <cstdio>
#include <cstdlib>
#include <cwchar>
#include <fcntl.h>
#include <string>
#include <unistd.h>

// Writes Text as UTF-32LE (wchar_t) into Dir/Name32 and as UTF-16LE into
// Dir/Name16.
static void writeWide(const std::string &Dir, const char *Name32,
                      const char *Name16, const char *Text) {
  wchar_t Wide[256];
  int N = std::swprintf(Wide, 256, L"%s", Text);
  FILE *F = std::fopen((Dir + "/" + Name32).c_str(), "wb");
  std::fwrite(Wide, sizeof(wchar_t), size_t(N), F);
  std::fclose(F);
  std::u16string Utf16(Wide, Wide + N);
  int Fd = open((Dir + "/" + Name16).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  (void)!write(Fd, Utf16.data(), Utf16.size() * sizeof(char16_t));
  close(Fd);
}

int main(int, char **argv) {
  std::string dir = argv[1];
  writeWide(dir, "token32.bin", "token16.bin", std::getenv("API_TOKEN"));
// CHECK-DAG: ==CREDTAINT: secret-in-file: token API_TOKEN ({{.*}}) reached fwrite to {{.*}}token32.bin (mode {{0[0-7]+}}
// CHECK-DAG: ==CREDTAINT: secret-in-file: token API_TOKEN ({{.*}}) reached write to {{.*}}token16.bin (mode 0600
  writeWide(dir, "motd32.bin", "motd16.bin", "welcome to the plain wide world");
  return 0;
}
// JSON-DAG: "rule":"secret-in-file"{{.*}}"detector":"match"{{.*}}"name":"API_TOKEN"{{.*}}"function":"fwrite"{{.*}}token32.bin
// JSON-DAG: "rule":"secret-in-file"{{.*}}"detector":"match"{{.*}}"name":"API_TOKEN"{{.*}}"function":"write"{{.*}}token16.bin
