// sqlite3_key and sqlite3_rekey as consumers, with the real SQLCipher: a key
// in a variable called `data` becomes a credential where the database takes
// it, so its later leak to stderr is reported with the trace "used as key
// of sqlite3_key"; a literal new key given to sqlite3_rekey is a hardcoded
// credential at run time. The database on disk is encrypted (no SQLite
// header). Clean twin: a database opened without a key is no finding.
// SECRET: SqlCipherDataKey-e2e-01
// SECRET: Literal-Rekey-e2e-0001
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %credtaint-cc -O0 -DSQLITE_HAS_CODEC %s -o %t -lsqlcipher
// RUN: rm -rf %t.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts %t %t.dir SqlCipherDataKey-e2e-01 > %t.out 2> %t.err
// RUN: FileCheck --implicit-check-not="==CREDTAINT:" %s < %t.err
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: not grep -c "SQLite format 3" %t.dir/secret.db
// RUN: grep -c "SQLite format 3" %t.dir/plain.db
// RUN: cat %records | count 2
// RUN: cat %records | FileCheck --check-prefix=JSON %s
// RUN: rm -rf %t.dir
#include <sqlcipher/sqlite3.h>
#include <stdio.h>
#include <string.h>

static int count_rows(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  char path[4096];
  const char *data = argv[2]; // no name pattern knows it
  snprintf(path, sizeof path, "%s/secret.db", argv[1]);
  sqlite3 *db = NULL;
  sqlite3_open(path, &db);
  sqlite3_key(db, data, (int)strlen(data));
  sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);", NULL, NULL, NULL);
  printf("rows %d\n", count_rows(db));
  fprintf(stderr, "opened with %s\n", data);
// CHECK-DAG: ==CREDTAINT: secret-in-log: generic-secret key of sqlite3_key ({{.*}}, 23 bytes) reached fprintf(stderr) at {{.*}}consumer-sqlcipher.c:[[@LINE-1]]
// CHECK-DAG: #0 source used as key of sqlite3_key in main {{.*}}consumer-sqlcipher.c:[[@LINE-5]]

  // A new key written into the source.
  sqlite3_rekey(db, "Literal-Rekey-e2e-0001", 22);
// CHECK-DAG: ==CREDTAINT: hardcoded-credential: generic-secret key of sqlite3_rekey ({{.*}}, 22 bytes) reached sqlite3_rekey(key) at {{.*}}consumer-sqlcipher.c:[[@LINE-1]]
  printf("rows %d\n", count_rows(db));
  sqlite3_close(db);

  // Clean twin: no key.
  snprintf(path, sizeof path, "%s/plain.db", argv[1]);
  sqlite3_open(path, &db);
  sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL);
  printf("rows %d\n", count_rows(db));
  sqlite3_close(db);
  return 0;
}
// OUT: rows 2
// OUT-NEXT: rows 2
// OUT-NEXT: rows 1
// JSON-DAG: "rule":"secret-in-log"{{.*}}"name":"key of sqlite3_key"{{.*}}"how":"used as key of sqlite3_key"
// JSON-DAG: "rule":"hardcoded-credential"{{.*}}"name":"key of sqlite3_rekey"
