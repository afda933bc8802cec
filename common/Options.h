//===- Options.h - CREDTAINT_OPTIONS ----------------------------*- C++ -*-===//
#ifndef CREDTAINT_RUNTIME_OPTIONS_H
#define CREDTAINT_RUNTIME_OPTIONS_H

#include <string>

namespace credtaint::rt {

struct Options {
#define CREDTAINT_OPTION_bool bool
#define CREDTAINT_OPTION_int long
#define CREDTAINT_OPTION_string std::string
#define CREDTAINT_OPTION(Type, Name, Default, Description)                     \
  CREDTAINT_OPTION_##Type Name = Default;
#include "options.inc"
#undef CREDTAINT_OPTION_bool
#undef CREDTAINT_OPTION_int
#undef CREDTAINT_OPTION_string
};

/// Parses "k=v:k=v" (also ',' or whitespace between pairs) into Out. On the
/// first unknown key or bad value returns false with a one-line Error naming
/// it; Out keeps every pair before it.
bool parseOptions(const char *Text, Options &Out, std::string &Error);

/// The option table as help text, one option a line.
std::string optionsHelp();

} // namespace credtaint::rt

#endif
