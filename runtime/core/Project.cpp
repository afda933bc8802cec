//===- Project.cpp - the project's credtaint.json at run time -------------===//

#include "Project.h"

#include <cstdlib>

// Defined (linkonce) by every module the pass built with a credtaint.json.
extern "C" __attribute__((weak)) const char *const __credtaint_project_config;

namespace credtaint::rt {

std::string projectConfigPath(const Options &O) {
  if (!O.config.empty())
    return O.config;
  if (const char *E = std::getenv("CREDTAINT_CONFIG"); E && *E)
    return E;
  if (&__credtaint_project_config && __credtaint_project_config)
    return __credtaint_project_config;
  return "";
}

ProjectConfig loadRuntimeProjectConfig(const Options &O,
                                       std::vector<std::string> &Errors) {
  ProjectConfig C;
  std::string Path = projectConfigPath(O);
  if (!Path.empty())
    loadProjectConfig(Path, C, Errors);
  return C;
}

void appendProjectScopes(const ProjectConfig &C, std::vector<ScopeRule> &Out) {
  for (const ScopeEntry &E : C.Scopes)
    Out.push_back({E.NamePattern, E.Hosts});
}

} // namespace credtaint::rt
