#include <cstdio>
#include <string>
extern "C" int prebuilt_checksum(const char *s);
void log_login(const std::string &user, const std::string &password) {
  std::printf("login %s checksum %d\n", user.c_str(), prebuilt_checksum(password.c_str()));
  std::fprintf(stderr, "debug: password=%s\n", password.c_str()); // sink line 6
}
