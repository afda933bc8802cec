// A read-heavy workload: a service that rereads its configs and scans its
// logs. Reads every file of a directory, ROUNDS times, three ways: line by
// line with fgets, in 4 KiB chunks with read(2), and whole through an
// std::ifstream. Prints a checksum so nothing is optimized away.
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  std::string dir = argv[1];
  int rounds = std::atoi(argv[2]);
  std::vector<std::string> files;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d))
      if (e->d_name[0] != '.')
        files.push_back(dir + "/" + e->d_name);
    closedir(d);
  }
  unsigned long sum = 0;
  char line[4096];
  for (int r = 0; r < rounds; ++r)
    for (const std::string &path : files) {
      if (FILE *f = std::fopen(path.c_str(), "r")) {
        while (std::fgets(line, sizeof line, f))
          sum += static_cast<unsigned char>(line[0]);
        std::fclose(f);
      }
      int fd = open(path.c_str(), O_RDONLY);
      ssize_t n;
      while ((n = read(fd, line, sizeof line)) > 0)
        sum += static_cast<unsigned long>(n);
      close(fd);
      std::ifstream in(path);
      std::stringstream all;
      all << in.rdbuf();
      sum += all.str().size();
    }
  std::printf("%lu\n", sum);
  return 0;
}
