//===- RunInfo.cpp - which repository, commit and build a report is for ---===//

#include "RunInfo.h"
#include "credtaint/support/Time.h"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace credtaint::report {
namespace {

std::string trimNewline(std::string S) {
  while (!S.empty() && (S.back() == '\n' || S.back() == '\r'))
    S.pop_back();
  return S;
}

/// stdout of `git -C Dir Args...`, or empty when git fails or is absent.
std::string git(const std::string &Dir, std::vector<std::string> Args) {
  Args.insert(Args.begin(), {"git", "-C", Dir.empty() ? "." : Dir});
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  int Pipe[2];
  if (pipe2(Pipe, O_CLOEXEC) != 0)
    return "";
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_adddup2(&Actions, Pipe[1], 1);
  posix_spawn_file_actions_addopen(&Actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  pid_t Pid;
  int Err = posix_spawnp(&Pid, "git", &Actions, nullptr, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  close(Pipe[1]);
  std::string Out;
  if (Err == 0) {
    char Buf[4096];
    ssize_t N;
    while ((N = read(Pipe[0], Buf, sizeof Buf)) > 0 || (N < 0 && errno == EINTR))
      if (N > 0 && Out.size() < (1u << 16))
        Out.append(Buf, size_t(N));
  }
  close(Pipe[0]);
  if (Err != 0)
    return "";
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    return "";
  return trimNewline(Out);
}

/// "owner/name" from a redacted repository URL.
std::string repositoryName(const std::string &Uri) {
  size_t Scheme = Uri.find("://");
  size_t PathStart =
      Scheme == std::string::npos ? 0 : Uri.find('/', Scheme + 3);
  if (PathStart == std::string::npos)
    return "";
  std::string Path = Uri.substr(PathStart);
  while (!Path.empty() && Path.front() == '/')
    Path.erase(0, 1);
  while (!Path.empty() && Path.back() == '/')
    Path.pop_back();
  if (Path.size() > 4 && Path.compare(Path.size() - 4, 4, ".git") == 0)
    Path.resize(Path.size() - 4);
  return Path;
}

} // namespace

std::string redactUrl(const std::string &Url) {
  if (Url.empty())
    return "";
  size_t Scheme = Url.find("://");
  if (Scheme == std::string::npos) {
    if (Url.front() == '/' || Url.front() == '.')
      return "file://" + Url.substr(0, Url.find_first_of("?#"));
    // scp-like user@host:path
    size_t Colon = Url.find(':');
    if (Colon == std::string::npos)
      return "";
    std::string Host = Url.substr(0, Colon);
    size_t At = Host.rfind('@');
    if (At != std::string::npos)
      Host = Host.substr(At + 1);
    std::string Path = Url.substr(Colon + 1);
    if (!Path.empty() && Path.front() == '/')
      Path.erase(0, 1);
    return "ssh://" + Host + "/" + Path.substr(0, Path.find_first_of("?#"));
  }
  std::string Rest = Url.substr(Scheme + 3);
  Rest = Rest.substr(0, Rest.find_first_of("?#"));
  size_t Slash = Rest.find('/');
  std::string Authority = Rest.substr(0, Slash);
  size_t At = Authority.rfind('@');
  if (At != std::string::npos)
    Authority = Authority.substr(At + 1);
  return Url.substr(0, Scheme + 3) + Authority +
         (Slash == std::string::npos ? "" : Rest.substr(Slash));
}

RunInfo detectRunInfo(const std::string &SourceRoot, const EnvLookup &Env,
                      bool UseGit) {
  auto Get = [&](const char *Name) {
    std::optional<std::string> V = Env(Name);
    return V ? *V : std::string();
  };
  RunInfo R;
  if (!Get("GITHUB_REPOSITORY").empty()) {
    R.Provider = "github";
    R.Repository = Get("GITHUB_REPOSITORY");
    std::string Server = Get("GITHUB_SERVER_URL");
    if (Server.empty())
      Server = "https://github.com";
    R.RepositoryUri = redactUrl(Server + "/" + R.Repository);
    R.Branch = Get("GITHUB_HEAD_REF");
    if (R.Branch.empty())
      R.Branch = Get("GITHUB_REF_NAME");
    R.Commit = Get("GITHUB_SHA");
    R.BuildId = Get("GITHUB_RUN_ID");
    if (!R.BuildId.empty())
      R.BuildUrl = R.RepositoryUri + "/actions/runs/" + R.BuildId;
  } else if (!Get("CI_PROJECT_PATH").empty()) {
    R.Provider = "gitlab";
    R.Repository = Get("CI_PROJECT_PATH");
    R.RepositoryUri = redactUrl(Get("CI_PROJECT_URL"));
    if (R.RepositoryUri.empty() && !Get("CI_SERVER_URL").empty())
      R.RepositoryUri = redactUrl(Get("CI_SERVER_URL") + "/" + R.Repository);
    R.Branch = Get("CI_COMMIT_REF_NAME");
    R.Commit = Get("CI_COMMIT_SHA");
    R.BuildId = Get("CI_PIPELINE_ID");
    R.BuildUrl = redactUrl(Get("CI_PIPELINE_URL"));
  }
  if (!UseGit)
    return R;
  bool Asked = false;
  auto Fill = [&](std::string &Field, std::vector<std::string> Args) {
    if (!Field.empty())
      return;
    Field = git(SourceRoot, std::move(Args));
    Asked = true;
  };
  Fill(R.Commit, {"rev-parse", "--verify", "-q", "HEAD"});
  if (Asked && R.Commit.empty())
    return R; // not a git work tree: no point in asking more
  Fill(R.Branch, {"rev-parse", "--abbrev-ref", "HEAD"});
  if (R.Branch == "HEAD") // detached
    R.Branch.clear();
  if (R.RepositoryUri.empty()) {
    R.RepositoryUri = redactUrl(git(SourceRoot, {"config", "--get",
                                                 "remote.origin.url"}));
    if (R.Repository.empty())
      R.Repository = repositoryName(R.RepositoryUri);
  }
  if (R.Provider.empty() && !R.Commit.empty())
    R.Provider = "git";
  return R;
}

RunInfo detectRunInfo(const std::string &SourceRoot) {
  return detectRunInfo(SourceRoot, [](const char *Name) {
    const char *V = std::getenv(Name);
    return V ? std::optional<std::string>(V) : std::nullopt;
  });
}

std::string vcsOf(const RunInfo &Run) {
  std::string C = Run.Commit;
  if (C.size() != 40 || C.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    return "";
  for (char &Ch : C)
    Ch = char(std::tolower(static_cast<unsigned char>(Ch)));
  std::string Url = Run.RepositoryUri;
  if (Url.compare(0, 6, "ssh://") == 0) {
    // The web server is not on the ssh port.
    std::string Rest = Url.substr(6);
    size_t Slash = Rest.find('/');
    std::string Host = Rest.substr(0, Slash);
    Host = Host.substr(0, Host.find(':'));
    Url = "https://" + Host + (Slash == std::string::npos ? "" : Rest.substr(Slash));
  } else if (Url.compare(0, 8, "https://") != 0)
    return "";
  while (!Url.empty() && Url.back() == '/')
    Url.pop_back();
  if (Url.size() > 4 && Url.compare(Url.size() - 4, 4, ".git") == 0)
    Url.resize(Url.size() - 4);
  // "https://" and a host at least; '@' would make the value ambiguous.
  if (Url.size() <= 8 || Url.find('@') != std::string::npos)
    return "";
  return Url + "@" + C;
}

nlohmann::ordered_json runInfoJson(const RunInfo &Run) {
  nlohmann::ordered_json J = nlohmann::ordered_json::object();
  auto Put = [&](const char *Key, const std::string &V) {
    if (!V.empty())
      J[Key] = V;
  };
  Put("provider", Run.Provider);
  Put("repository", Run.Repository);
  Put("repository_uri", Run.RepositoryUri);
  Put("branch", Run.Branch);
  Put("commit", Run.Commit);
  Put("build_id", Run.BuildId);
  Put("build_url", Run.BuildUrl);
  return J;
}

} // namespace credtaint::report
