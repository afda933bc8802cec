// Hands database connections to request threads: one connection serves one
// request at a time, idle ones are kept for the next, broken ones dropped.
#pragma once

#include "Database.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace credtaint::inventory {

class ConnectionPool {
public:
  explicit ConnectionPool(std::string url) : url_(std::move(url)) {}

  /// A connection on loan; returned to the pool when the lease ends.
  class Lease {
  public:
    Lease(ConnectionPool &pool, std::unique_ptr<Database> db)
        : pool_(pool), db_(std::move(db)) {}
    ~Lease() {
      if (db_ && db_->healthy())
        pool_.giveBack(std::move(db_));
    }
    Lease(Lease &&) = default;
    Database &operator*() { return *db_; }
    Database *operator->() { return db_.get(); }

  private:
    ConnectionPool &pool_;
    std::unique_ptr<Database> db_;
  };

  /// An idle connection, or a new one. Throws DatabaseError.
  Lease take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        auto db = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(db));
      }
    }
    return Lease(*this, openDatabase(url_));
  }

private:
  void giveBack(std::unique_ptr<Database> db) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(db));
  }

  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Database>> idle_;
};

} // namespace credtaint::inventory
