// SQLite back end: one database file in WAL mode. Durability: every write
// is a transaction committed before the server replies, with
// synchronous=FULL, so an acknowledged batch survives `kill -9` (the WAL
// frames are in the OS) and a power loss (they were fsynced at commit).
#include "Database.h"

#include <sqlite3.h>

#include <cctype>
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

  // One prepared statement, bound and stepped once per row: with SQLite in
  // the process there is no round trip to save, and preparing a multi-row
  // statement of thousands of parameters costs more than it saves.
  long eachRow(const std::string &sql, const std::vector<Value> &shared,
               const std::vector<std::vector<Value>> &rows, std::vector<Row> *returned) override {
    std::vector<int> order;
    Statement stmt = prepare(sql, order);
    std::vector<const Value *> values(shared.size() + (rows.empty() ? 0 : rows[0].size()));
    for (size_t i = 0; i < shared.size(); ++i)
      values[i] = &shared[i];
    long changed = 0;
    for (const auto &row : rows) {
      if (shared.size() + row.size() != values.size())
        throw DatabaseError("SQLite: rows of different widths", false);
      for (size_t i = 0; i < row.size(); ++i)
        values[shared.size() + i] = &row[i];
      bind(stmt.s, order, values);
      collect(stmt.s, returned);
      changed += sqlite3_changes(db_);
      sqlite3_reset(stmt.s);
      sqlite3_clear_bindings(stmt.s);
    }
    return changed;
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

  // Parameters are written $1..$n in both dialects. SQLite reads "$1" as a
  // parameter *name*, and both named and numbered ("?1") parameters cost a
  // linear search each when the statement is prepared: a multi-row INSERT
  // of thousands of parameters took 50 ms to prepare. So each "$n" becomes
  // a plain "?", and `order` says which parameter each "?" binds (a
  // parameter may appear twice, or not at all).
  static std::string positionalParameters(const std::string &sql, std::vector<int> &order) {
    std::string out;
    out.reserve(sql.size());
    char quote = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
      char c = sql[i];
      if (quote) {
        if (c == quote)
          quote = 0; // a doubled quote closes and reopens: same result
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '$' && i + 1 < sql.size() &&
                 std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        int n = 0;
        while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])))
          n = n * 10 + (sql[++i] - '0');
        order.push_back(n);
        out += '?';
        continue;
      }
      out += c;
    }
    return out;
  }

  struct Statement {
    sqlite3_stmt *s = nullptr;
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement(Statement &&other) noexcept : s(other.s) { other.s = nullptr; }
    ~Statement() { sqlite3_finalize(s); }
  };

  Statement prepare(const std::string &sql, std::vector<int> &order) {
    Statement stmt;
    std::string positional = positionalParameters(sql, order);
    int rc = sqlite3_prepare_v2(db_, positional.c_str(), static_cast<int>(positional.size()),
                                &stmt.s, nullptr);
    if (rc != SQLITE_OK)
      fail(rc);
    return stmt;
  }

  // Binds each "?" to the parameter `order` names. The values outlive the
  // statement's run: no copy (SQLITE_STATIC).
  void bind(sqlite3_stmt *stmt, const std::vector<int> &order,
            const std::vector<const Value *> &values) {
    for (size_t i = 0; i < order.size(); ++i) {
      size_t n = static_cast<size_t>(order[i]);
      if (n == 0 || n > values.size())
        throw DatabaseError("SQLite: parameter $" + std::to_string(n) + " has no value", false);
      const Value &v = *values[n - 1];
      int index = static_cast<int>(i) + 1;
      int rc = v ? sqlite3_bind_text(stmt, index, v->data(), static_cast<int>(v->size()),
                                     SQLITE_STATIC)
                 : sqlite3_bind_null(stmt, index);
      if (rc != SQLITE_OK)
        fail(rc);
    }
  }

  // Steps `stmt` to the end, appending its rows to `rows` when given.
  void collect(sqlite3_stmt *stmt, std::vector<Row> *rows) {
    int rc;
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

  void step(const std::string &sql, const std::vector<Value> &params,
            std::vector<Row> *rows) {
    std::vector<int> order;
    Statement stmt = prepare(sql, order);
    std::vector<const Value *> values;
    values.reserve(params.size());
    for (const Value &v : params)
      values.push_back(&v);
    bind(stmt.s, order, values);
    collect(stmt.s, rows);
  }

  sqlite3 *db_ = nullptr;
};

} // namespace

std::unique_ptr<Database> openSqliteDatabase(const std::string &path) {
  return std::make_unique<SqliteDatabase>(path);
}

} // namespace credtaint::inventory
