//===- TempDir.h - a scratch directory for one test -------------*- C++ -*-===//
#ifndef CREDTAINT_UNIT_TEMPDIR_H
#define CREDTAINT_UNIT_TEMPDIR_H

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace credtaint::unit {

/// A fresh directory under the system temp directory, removed with its
/// contents when the object goes away.
class TempDir {
public:
  TempDir() {
    std::string Tmpl =
        std::filesystem::temp_directory_path() / "credtaint-unit-XXXXXX";
    if (!mkdtemp(Tmpl.data()))
      throw std::runtime_error("mkdtemp failed");
    Path = Tmpl;
  }
  ~TempDir() {
    std::error_code EC;
    std::filesystem::remove_all(Path, EC);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::filesystem::path &path() const { return Path; }

  /// Writes Text to Name (parent directories created); returns its path.
  std::string write(const std::string &Name, const std::string &Text) const {
    std::filesystem::path P = Path / Name;
    std::filesystem::create_directories(P.parent_path());
    std::ofstream(P, std::ios::binary) << Text;
    return P;
  }

  static std::string read(const std::filesystem::path &P) {
    std::ifstream In(P, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(In), {});
  }

private:
  std::filesystem::path Path;
};

} // namespace credtaint::unit

#endif
