#pragma once
// A SQLite VFS over the default one in which a WAL file gathers the frames of
// a commit in memory and writes them in a few large writes when SQLite syncs
// the WAL, instead of two pwrites per page (a frame's header, then its page).
// A group commit of 64 top-ups writes some 350 pages: 700 system calls become
// a dozen (the default VFS takes at most 128 KiB a call), and on a VM a system
// call costs more than copying a page (bench/README.md).
//
// Nobody reads a frame still in the buffer: SQLite publishes a commit to
// other connections (in the wal-index) after a memory barrier on the database
// file, and that barrier writes the buffer first; with synchronous=FULL, as
// the store sets, the WAL's sync at the commit has written it already. The
// buffer is also written before any read, size query, truncation or file
// control of the WAL, when a write is not the next byte, before it would pass
// kMaxBuffered bytes, and on close. A crash loses only what was never synced,
// as without it.

namespace abonado::store {

// Registers the VFS with SQLite once (thread-safe) and returns its name, for
// sqlite3_open_v2.
const char* wal_buffer_vfs();

}  // namespace abonado::store
