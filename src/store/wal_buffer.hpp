#pragma once
// A SQLite VFS over the default one in which a WAL file gathers the frames of
// a commit in memory and writes them in a few large writes at the commit's
// sync, instead of two pwrites per page (a frame's header, then its page).
// A group commit of 64 top-ups writes some 350 pages: 700 system calls become
// a dozen (the default VFS takes at most 128 KiB a call), and on a VM a system
// call costs more than copying a page (bench/README.md).
//
// Nobody reads a frame still in the buffer: SQLite publishes a commit to
// other connections (in the wal-index) after a memory barrier on the database
// file, and that barrier writes the buffer first; under synchronous=FULL the
// WAL's sync at the commit has written it already (and a failed write fails
// the commit there, before it is published). The buffer is also written
// before any read, size query, truncation or file control of the WAL, when a
// write is not the next byte, before it would pass kMaxBuffered bytes, and on
// close. A write that fails leaves the WAL failing every later write and sync.
//
// Each WAL file of ours also has a WalSync: its own descriptor of the file, so
// that a thread other than the one writing can make the WAL durable. A
// connection whose WAL commit syncs are deferred (defer_wal_syncs) has its
// commits write their frames at the sync and stop there; the store's group
// commit then syncs on a thread of its own while the writer goes on with the
// next batch (store/sqlite.cpp).

#include <cstdint>
#include <memory>
#include <optional>

struct sqlite3;

namespace abonado::store {

class WalSync {
 public:
  struct State;
  explicit WalSync(std::shared_ptr<State> state) : state_(std::move(state)) {}

  // fdatasync of the WAL: every byte written to it before the call is
  // durable when it returns 0. Returns errno otherwise. Any thread.
  int sync() const;
  // Bytes this connection wrote to the WAL after the start of its last
  // successful sync (by SQLite or by sync()).
  std::int64_t unsynced_bytes() const;
  // Bytes this connection wrote to the WAL since it opened it.
  std::int64_t written_bytes() const;
  // A write to the file failed: nothing written to it is sure any more.
  bool broken() const;
  bool same_file(const WalSync& other) const { return state_ == other.state_; }

 private:
  std::shared_ptr<State> state_;  // keeps the descriptor open while held
};

// From now on the WAL syncs of `db`'s commits write the frames but make them
// durable only when WalSync::sync() is called; a sync after the WAL's header
// was written (a new or restarted WAL) is still made at once. False when
// `db` was not opened through this VFS (nothing changes then).
bool defer_wal_syncs(sqlite3* db);

// The WalSync of `db`'s WAL, when it is open through this VFS.
std::optional<WalSync> wal_sync_of(sqlite3* db);

// Registers the VFS with SQLite once (thread-safe) and returns its name, for
// sqlite3_open_v2.
const char* wal_buffer_vfs();

}  // namespace abonado::store
