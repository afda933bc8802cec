//===- Preload.h - credentials of a program that was not rebuilt -*- C++ -*-===//
//
// Preload mode (credtaint-run): without instrumentation there are no
// declarations and no labels, so credentials are registered by value where
// they enter the process: the environment (names the catalog calls
// credentials, and those named by --secret-env), and credential files the
// program opens. Value matching (match/) then finds them where they leave.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_PRELOAD_PRELOAD_H
#define CREDTAINT_RUNTIME_PRELOAD_PRELOAD_H

#include "credtaint/catalog/catalog.h"

#include <atomic>
#include <string>

namespace credtaint::rt::preload {

/// Set once start-up (the runtime, the environment) is done: files opened
/// before are the runtime's own (options, key, suppressions).
extern std::atomic<bool> Started;

/// Registers one credential value found at How (never the value in a
/// message).
void registerValue(const char *P, size_t N, Kind K, const std::string &Name,
                   const std::string &File, const std::string &How);

/// The environment's credentials: credential-like names, and the names in
/// CREDTAINT_SECRET_ENV (comma-separated, set by credtaint-run).
void registerEnvironment(char **Env);

/// Registers the secrets of the credential file open on Fd (read with
/// pread: the program's offset is left alone), if Path names one.
void noteOpenedFile(int Fd, const char *Path);

} // namespace credtaint::rt::preload

#endif
