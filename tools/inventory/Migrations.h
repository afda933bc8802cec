// Versioned schema migrations of the inventory database.
#pragma once

#include "Database.h"

#include <vector>

namespace credtaint::inventory {

/// One schema change: its version, what it does, and its statements
/// (written once for both dialects, see Migrations.cpp).
struct Migration {
  int version;
  const char *description;
  std::vector<const char *> statements;
};

/// Applies every migration of this build that schema_migrations does not
/// record, oldest first, each in its own transaction, serialized across
/// servers sharing the database. Versions may have gaps, and a database may
/// already hold a newer one than a version it lacks (branches number their
/// migrations apart: lifecycle 3, webhooks 10): each version is applied
/// unless it is recorded itself. Returns the newest version now in place.
/// Throws DatabaseError.
int migrate(Database &db);

/// migrate() with another list of migrations (the tests' gap check).
int migrate(Database &db, const std::vector<Migration> &migrations);

/// The newest schema version this build knows.
int latestSchemaVersion();

/// Every schema version this build knows, ascending (not necessarily
/// consecutive).
std::vector<int> schemaVersions();
/// How many migrations this build knows (rows schema_migrations will hold).
size_t schemaMigrationCount();

} // namespace credtaint::inventory
