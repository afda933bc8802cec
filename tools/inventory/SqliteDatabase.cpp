// SQLite back end: one database file in WAL mode. Durability: every write
// is a transaction committed before the server replies, with
// synchronous=FULL, so an acknowledged batch survives `kill -9` (the WAL
// frames are in the OS) and a power loss (they were fsynced at commit).
#include "Database.h"

#include <sqlite3.h>

#include <string>

namespace credtaint::inventory {
namespace {

// How long a writer waits for another connection's write lock before the
// request fails with a retryable error.
constexpr int BusyTimeoutMs = 15000;

class SqliteDatabase final : public Database {
public:
  explicit SqliteDatabase(const std::string &path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                 SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw DatabaseError("cannot open SQLite database '" + path + "': " + msg, false);
    }
    sqlite3_busy_timeout(db_, BusyTimeoutMs);
    run("PRAGMA journal_mode=WAL");
    run("PRAGMA synchronous=FULL");
    run("PRAGMA foreign_keys=ON");
  }
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::SQLite; }

  std::vector<Row> query(const std::string &sql,
                         const std::vector<Value> &params) override {
    std::vector<Row> rows;
    step(sql, params, &rows);
    return rows;
  }

  long execute(const std::string &sql, const std::vector<Value> &params) override {
    step(sql, params, nullptr);
    return sqlite3_changes(db_);
  }

  void begin() override { run("BEGIN IMMEDIATE"); }
  void commit() override { run("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_))
      run("ROLLBACK");
  }
  void lockForMigration() override {}
  bool healthy() const override { return db_ != nullptr; }

private:
  void run(const char *sql) {
    char *err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      throw DatabaseError(std::string("SQLite: ") + msg, isRetryable(rc));
    }
  }

  static bool isRetryable(int rc) {
    int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  }

  void fail(int rc) {
    throw DatabaseError(std::string("SQLite: ") + sqlite3_errmsg(db_), isRetryable(rc));
  }

  void step(const std::string &sql, const std::vector<Value> &params,
            std::vector<Row> *rows) {
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
      fail(rc);
    struct Finalize {
      sqlite3_stmt *s;
      ~Finalize() { sqlite3_finalize(s); }
    } finalize{stmt};

    // Parameters are written $1..$n in both dialects; SQLite treats "$1" as
    // a name, so bind by name (a statement need not use every parameter).
    for (size_t i = 0; i < params.size(); ++i) {
      std::string name = "$" + std::to_string(i + 1);
      int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index == 0)
        continue;
      rc = params[i] ? sqlite3_bind_text(stmt, index, params[i]->data(),
                                         static_cast<int>(params[i]->size()),
                                         SQLITE_TRANSIENT)
                     : sqlite3_bind_null(stmt, index);
      if (rc != SQLITE_OK)
        fail(rc);
    }
    int columns = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!rows)
        continue;
      Row row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, c));
          row.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
        }
      }
      rows->push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
      fail(rc);
  }

  sqlite3 *db_ = nullptr;
};

} // namespace

std::unique_ptr<Database> openSqliteDatabase(const std::string &path) {
  return std::make_unique<SqliteDatabase>(path);
}

} // namespace credtaint::inventory
