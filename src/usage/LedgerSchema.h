#pragma once

#include <QSqlDatabase>
#include <QString>

namespace gatehouse {

// The ledger's schema and its ordered migrations. The version is SQLite's PRAGMA user_version:
// 0 is an empty file; each migration moves one version up inside one transaction, so a file is
// always at a version it fully has.
//   1: the requests table and its indexes
//   2: the hourly rollup (sums per hour, provider, model, route, instance), backfilled from rows
//   3: the daily rollup (per local day), backfilled from the hourly one; a (route, id) index
class LedgerSchema
{
public:
    static constexpr int kCurrent = 3;

    // The file's version (PRAGMA user_version), -1 when it cannot be read.
    static int version(QSqlDatabase &db);
    // Migrates from the file's version up to `target` (default: current). False with *error when
    // a step fails (the file stays at the last version completed) or the file is newer than
    // this build knows.
    static bool migrate(QSqlDatabase &db, QString *error, int target = kCurrent);
    // Sets WAL, synchronous=NORMAL and a busy timeout on a fresh connection.
    static bool configure(QSqlDatabase &db, QString *error);
};

} // namespace gatehouse
