//===- RunInfo.h - which repository, commit and build a report is for -*- C++ -*-===//
//
// Every report says what it was made from: repository, branch, commit and
// CI build. CI systems say it in their environment (GitHub Actions, GitLab
// CI); elsewhere git in the source root does. URLs are redacted before use:
// a remote such as https://user:token@host/repo carries a credential, and no
// report may carry one.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_RUNINFO_H
#define CREDTAINT_REPORT_RUNINFO_H

#include "credtaint/support/Time.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace credtaint::report {

struct RunInfo {
  std::string Provider; // "github", "gitlab", "git" or empty
  std::string Repository, RepositoryUri, Branch, Commit, BuildId, BuildUrl;
};

using EnvLookup = std::function<std::optional<std::string>(const char *)>;

/// From CI variables (GITHUB_REPOSITORY/GITHUB_REF_NAME/GITHUB_SHA/
/// GITHUB_RUN_ID, CI_PROJECT_PATH/CI_COMMIT_REF_NAME/CI_COMMIT_SHA/
/// CI_PIPELINE_ID), then git in SourceRoot (or the current directory) for
/// what they left unknown. Git is not asked when UseGit is false.
RunInfo detectRunInfo(const std::string &SourceRoot, const EnvLookup &Env,
                      bool UseGit = true);
/// detectRunInfo with the process environment.
RunInfo detectRunInfo(const std::string &SourceRoot);

/// The URL without user information, query or fragment; an scp-style
/// "user@host:path" becomes "ssh://host/path", a local path a file: URI.
std::string redactUrl(const std::string &Url);

/// "<https repository URL>@<40-hex commit>" (credtaint:vcs), or "" when
/// either is unknown. An ssh:// URL (a redacted scp-style remote) is read
/// as its https:// form and a trailing ".git" is dropped, so the inventory
/// can link a finding to its source line.
std::string vcsOf(const RunInfo &Run);

/// The fields that are known, under the names every report uses
/// (provider, repository, repository_uri, branch, commit, build_id,
/// build_url).
nlohmann::ordered_json runInfoJson(const RunInfo &Run);

} // namespace credtaint::report

#endif
