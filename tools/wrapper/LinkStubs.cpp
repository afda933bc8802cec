//===- LinkStubs.cpp - link past uninstrumented functions -----------------===//

#include "LinkStubs.h"
#include "Command.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <unistd.h>

namespace credtaint::wrapper {

std::set<std::string> undefinedDfsanSymbols(const std::string &Out) {
  // GNU ld/gold: undefined reference to `NAME.dfsan'
  // lld:         undefined symbol: NAME.dfsan
  static const std::regex Re(
      R"((?:undefined reference to [`']|undefined symbol: )([A-Za-z0-9_.$@]+)\.dfsan)");
  std::set<std::string> Names;
  for (auto It = std::sregex_iterator(Out.begin(), Out.end(), Re);
       It != std::sregex_iterator(); ++It)
    Names.insert((*It)[1].str());
  return Names;
}

std::string stubAssembly(const std::set<std::string> &Names) {
  // The DFSan runtime's thread-local return label and origin slots: the
  // caller reads them after the call, as if the callee were instrumented.
  // Only %r11 is touched: %rax's low byte carries the vector-register count
  // of a variadic call, and every argument register must reach NAME intact.
  std::string S = "\t.text\n";
  for (const std::string &N : Names) {
    std::string Stub = "\"" + N + ".dfsan\"";
    S += "\t.globl " + Stub + "\n\t.type " + Stub + ",@function\n\t.p2align 4\n" +
         Stub + ":\n"
         "\tmovq __dfsan_retval_tls@GOTTPOFF(%rip), %r11\n"
         "\tmovq $0, %fs:(%r11)\n"
         "\tmovq $0, %fs:8(%r11)\n"
         "\tmovq __dfsan_retval_origin_tls@GOTTPOFF(%rip), %r11\n"
         "\tmovl $0, %fs:(%r11)\n"
         "\tjmp \"" + N + "\"@PLT\n"
         "\t.size " + Stub + ", .-" + Stub + "\n";
  }
  S += "\t.section .note.GNU-stack,\"\",@progbits\n";
  return S;
}

int linkWithStubs(std::vector<std::string> LdCmd, size_t StubAt,
                  const std::string &Clang, bool Verbose) {
  LdCmd.push_back("--no-demangle"); // the messages must name NAME.dfsan
  if (Verbose)
    printCommand(LdCmd);
  CommandResult First = runCapture(LdCmd);
  std::set<std::string> Missing;
  if (First.Status != 0)
    Missing = undefinedDfsanSymbols(First.Stderr);
  if (First.Status == 0 || Missing.empty()) {
    std::fputs(First.Stdout.c_str(), stdout);
    std::fputs(First.Stderr.c_str(), stderr);
    return First.Status;
  }

  char Dir[] = "/tmp/credtaint-stubs-XXXXXX";
  if (!mkdtemp(Dir)) {
    std::fputs(First.Stderr.c_str(), stderr);
    return First.Status;
  }
  std::string Asm = std::string(Dir) + "/stubs.s";
  std::string Obj = std::string(Dir) + "/stubs.o";
  { std::ofstream(Asm) << stubAssembly(Missing); }
  int Rc = runCommand({Clang, "-c", "-x", "assembler", Asm, "-o", Obj}, Verbose);
  if (Rc == 0) {
    if (Verbose) {
      std::string Names;
      for (const std::string &N : Missing)
        Names += " " + N;
      std::fprintf(stderr, "credtaint: %zu discard stubs for uninstrumented "
                           "functions:%s\n", Missing.size(), Names.c_str());
    }
    LdCmd.insert(LdCmd.begin() + std::min(StubAt, LdCmd.size()), Obj);
    Rc = runCommand(LdCmd, Verbose);
  }
  unlink(Asm.c_str());
  unlink(Obj.c_str());
  rmdir(Dir);
  return Rc;
}

} // namespace credtaint::wrapper
