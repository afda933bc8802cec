//===- Project.h - the project's credtaint.json at run time -----*- C++ -*-===//
//
// The runtime reads the same credtaint.json as the plugin and the pass: its
// credential names (for getenv of a computed name) and its scopes. The file
// is the `config` option, else $CREDTAINT_CONFIG, else the one the compiler
// read (the pass records its path in __credtaint_project_config), so a test
// binary judges with the configuration it was built with.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_PROJECT_H
#define CREDTAINT_RUNTIME_PROJECT_H

#include "Options.h"
#include "ProjectConfig.h"
#include "net/Scope.h"

#include <string>
#include <vector>

namespace credtaint::rt {

/// Which config file applies ("" for none).
std::string projectConfigPath(const Options &O);

/// Loads it. Each problem is one line in Errors; what is valid is kept.
ProjectConfig loadRuntimeProjectConfig(const Options &O,
                                       std::vector<std::string> &Errors);

/// The config's scopes as scope rules, appended after the `scopes` option's
/// (the first rule that matches a name wins, so the option overrides).
void appendProjectScopes(const ProjectConfig &C, std::vector<ScopeRule> &Out);

} // namespace credtaint::rt

#endif
