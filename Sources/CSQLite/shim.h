#ifndef EHBRIDGE_CSQLITE_SHIM_H
#define EHBRIDGE_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro over a cast of -1, which Swift cannot import.
static const sqlite3_destructor_type ehb_sqlite_transient = SQLITE_TRANSIENT;
static const sqlite3_destructor_type ehb_sqlite_static = SQLITE_STATIC;
#endif
