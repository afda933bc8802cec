// Value matching across writes: a program built with plain clang, run under
// credtaint-run, writes its token in pieces: in two write(2) calls cut inside
// it (a logger's buffer boundary), in two iovecs of one writev, and a
// character at a time into a .log file. Each is one secret-in-log finding at
// the write that completes the token, with the token's whole length. A token
// cut in two on two different descriptors is no finding.
// SECRET: tok_SplitWrites0123456789abcdef
// RUN: %clangxx -O1 %s -o %t
// RUN: rm -rf %t.logs %t.dir && mkdir %t.dir
// RUN: env CREDTAINT_OPTIONS=%ctopts DEPLOY_TOKEN=tok_SplitWrites0123456789abcdef credtaint-run -- %t %t.dir > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: cat %records | count 3
// RUN: cat %records | FileCheck --check-prefix=JSON %s
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/uio.h>
#include <unistd.h>

static void writeAll(int Fd, const std::string &S) {
  (void)!write(Fd, S.data(), S.size());
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  std::string Token = std::getenv("DEPLOY_TOKEN");
  std::string Line = "deploying with " + Token + "\n";
  size_t Cut = Line.find(Token) + 12;

  // Two writes, cut inside the token.
  writeAll(2, Line.substr(0, Cut));
  writeAll(2, Line.substr(Cut));
// CHECK: ==CREDTAINT: secret-in-log: token DEPLOY_TOKEN ({{.*}}, 31 bytes) reached write(stderr) at

  // One writev, the token across its two iovecs.
  std::string A = Line.substr(0, Cut + 5), B = Line.substr(Cut + 5);
  iovec V[2] = {{&A[0], A.size()}, {&B[0], B.size()}};
  (void)!writev(2, V, 2);
// CHECK: ==CREDTAINT: secret-in-log: token DEPLOY_TOKEN ({{.*}}, 31 bytes) reached writev(stderr) at

  // A character at a time, into a log file.
  std::string Log = std::string(argv[1]) + "/deploy.log";
  int Fd = open(Log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  for (char C : Line)
    (void)!write(Fd, &C, 1);
  close(Fd);
// CHECK: ==CREDTAINT: secret-in-log: token DEPLOY_TOKEN ({{.*}}, 31 bytes) reached write({{.*}}deploy.log) at

  // Half on one descriptor, half on another: nothing joins them.
  int Other = open((std::string(argv[1]) + "/other.txt").c_str(),
                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  writeAll(Other, Line.substr(0, Cut));
  close(Other);
  int Third = open((std::string(argv[1]) + "/third.txt").c_str(),
                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  writeAll(Third, Line.substr(Cut));
  close(Third);
  return 0;
}
// JSON-DAG: "rule":"secret-in-log",{{.*}}"detector":"match",{{.*}}"sink":{"category":"log","function":"write(stderr)","stream":"stderr"
// JSON-DAG: "rule":"secret-in-log",{{.*}}"detector":"match",{{.*}}"sink":{"category":"log","function":"writev(stderr)","stream":"stderr"
// JSON-DAG: "rule":"secret-in-log",{{.*}}"detector":"match",{{.*}}"sink":{"category":"log","function":"write({{.*}}deploy.log)"
