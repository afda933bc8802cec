// Versioned schema migrations of the inventory database.
#pragma once

#include "Database.h"

namespace credtaint::inventory {

/// Applies every migration newer than the schema_migrations table records,
/// each in its own transaction, serialized across servers sharing the
/// database. Returns the schema version now in place. Throws DatabaseError.
int migrate(Database &db);

/// The newest schema version this build knows.
int latestSchemaVersion();

} // namespace credtaint::inventory
