// Versioned schema migrations of the inventory database.
#pragma once

#include "Database.h"

#include <vector>

namespace credtaint::inventory {

/// Applies every migration the schema_migrations table does not record (a
/// version below the newest applied one too: versions may have gaps that a
/// later build fills), in ascending order, each in its own transaction,
/// serialized across servers sharing the database. Returns the newest
/// schema version now in place. Throws DatabaseError.
int migrate(Database &db);

/// The newest schema version this build knows.
int latestSchemaVersion();

/// Every schema version this build knows, ascending (not necessarily
/// consecutive).
std::vector<int> schemaVersions();

} // namespace credtaint::inventory
