#include "store/wal_buffer.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

#include "store/sqlite_library.hpp"

namespace abonado::store {

// One WAL file's own descriptor (opened beside SQLite's, same file), kept
// open while anybody holds the WalSync, and the byte counts that say what a
// sync covered.
struct WalSync::State {
  int fd = -1;
  std::atomic<std::int64_t> written{0};  // bytes written to the file so far
  std::atomic<std::int64_t> synced{0};   // `written` when the last sync began
  std::atomic<bool> broken{false};       // a write to the file failed: nothing is sure
  ~State() {
    if (fd >= 0) ::close(fd);
  }
  void synced_up_to(std::int64_t mark) {
    auto seen = synced.load();
    while (seen < mark && !synced.compare_exchange_weak(seen, mark)) {
    }
  }
};

int WalSync::sync() const {
  auto mark = state_->written.load();
  if (state_->broken) return EIO;
  if (::fdatasync(state_->fd) != 0) return errno;
  state_->synced_up_to(mark);
  return 0;
}

std::int64_t WalSync::unsynced_bytes() const {
  return state_->written.load() - state_->synced.load();
}

std::int64_t WalSync::written_bytes() const { return state_->written.load(); }

bool WalSync::broken() const { return state_->broken.load(); }

namespace {

// Past this, a WAL file writes what it gathered without waiting for the sync.
constexpr std::size_t kMaxBuffered = 8 << 20;

// Our file; the default VFS's file follows it in the same allocation.
struct File {
  sqlite3_file base;  // first: SQLite sees this
  sqlite3_file* real;
  std::vector<char>* buffered;  // WAL files only; nullptr otherwise
  sqlite3_int64 start;          // file offset of buffered->front()
  File* wal;                    // a database file: its WAL file while open
  File* db;                     // a WAL file: its database file
  std::shared_ptr<WalSync::State>* sync;  // WAL files only; nullptr otherwise
  int failed;         // a WAL file: the first write that failed (sticky), else SQLITE_OK
  bool header_dirty;  // a WAL file: its header was written since its last real sync
  bool defer_syncs;   // a database file: its WAL's commit syncs are made elsewhere
  bool checkpointing;  // a database file: its connection holds the checkpoint lock
};

// wal.c's lock on the wal-index that a checkpoint holds (WAL_CKPT_LOCK): part
// of the shared-memory format every SQLite process agrees on.
constexpr int kCheckpointLock = 1;
constexpr std::size_t kRealOffset = (sizeof(File) + 15) / 16 * 16;

sqlite3_vfs* real_vfs = nullptr;

File* file_of(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
sqlite3_file* real_of(sqlite3_file* f) { return file_of(f)->real; }

// The unix VFS writes at most 128 KiB - 1 bytes a call (it masks the length).
constexpr std::size_t kMaxWrite = 124 << 10;

// A WAL write that failed leaves the file unknown: every later write, sync
// and WalSync::sync() of it fails too (SQLite then fails its commits).
int wal_write_failed(File* f, int rc) {
  if (f->failed == SQLITE_OK) f->failed = rc;
  if (f->sync) (*f->sync)->broken = true;
  return f->failed;
}

// One write to the real file; a WAL's counts what it wrote, or breaks on failure.
int write_through(File* f, const void* data, int amount, sqlite3_int64 offset) {
  int rc = f->real->pMethods->xWrite(f->real, data, amount, offset);
  if (rc != SQLITE_OK) return f->sync ? wal_write_failed(f, rc) : rc;
  if (f->sync) (*f->sync)->written += amount;
  return SQLITE_OK;
}

int flush(File* f) {
  if (f->failed != SQLITE_OK) return f->failed;
  if (!f->buffered || f->buffered->empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  const auto& b = *f->buffered;
  for (std::size_t done = 0; done < b.size() && rc == SQLITE_OK; done += kMaxWrite) {
    auto n = std::min(kMaxWrite, b.size() - done);
    rc = write_through(f, b.data() + done, static_cast<int>(n),
                       f->start + static_cast<sqlite3_int64>(done));
  }
  f->buffered->clear();
  return rc;
}

// ---- the file's methods: gather writes, write them before anything that needs them ----

int file_close(sqlite3_file* file) {
  File* f = file_of(file);
  if (f->db && f->db->wal == f) f->db->wal = nullptr;
  if (f->wal && f->wal->db == f) f->wal->db = nullptr;
  int rc = flush(f);
  delete f->buffered;
  f->buffered = nullptr;
  delete f->sync;
  f->sync = nullptr;
  int closed = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
  return rc != SQLITE_OK ? rc : closed;
}

int file_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  if (int rc = flush(file_of(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xRead(real_of(file), out, amount, offset);
}

int file_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File* f = file_of(file);
  if (f->failed != SQLITE_OK) return f->failed;
  if (f->db && offset == 0) f->header_dirty = true;  // a WAL's header: its next sync is real
  if (!f->buffered) return write_through(f, data, amount, offset);
  auto& buffered = *f->buffered;
  if (!buffered.empty() && offset != f->start + static_cast<sqlite3_int64>(buffered.size())) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  if (buffered.size() + static_cast<std::size_t>(amount) > kMaxBuffered) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  if (buffered.empty()) f->start = offset;
  try {
    if (buffered.capacity() == 0) buffered.reserve(kMaxBuffered);
    const char* bytes = static_cast<const char*>(data);
    buffered.insert(buffered.end(), bytes, bytes + amount);
  } catch (const std::bad_alloc&) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return write_through(f, data, amount, offset);
  }
  return SQLITE_OK;
}

int file_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (int rc = flush(file_of(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xTruncate(real_of(file), size);
}

// A WAL's sync writes what it gathered (an error here fails SQLite's commit
// before it publishes it). Beside a database file whose commit syncs are
// deferred (defer_wal_syncs), it stops there: WalSync::sync() makes the
// frames durable on another thread. Two syncs are always made here: one
// after the WAL's header was written (a new or restarted WAL), as SQLite
// needs it before any frame after the header
// (https://sqlite.org/src/info/ff5be73dee), and a checkpoint's, which must
// reach the disk before the checkpoint copies frames into the database.
int file_sync(sqlite3_file* file, int flags) {
  File* f = file_of(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  if (f->db && f->db->defer_syncs && !f->db->checkpointing && !f->header_dirty) return SQLITE_OK;
  auto mark = f->sync ? (*f->sync)->written.load() : 0;
  int rc = f->real->pMethods->xSync(f->real, flags);
  if (rc != SQLITE_OK) return f->sync ? wal_write_failed(f, rc) : rc;
  f->header_dirty = false;
  if (f->sync) (*f->sync)->synced_up_to(mark);
  return rc;
}

int file_size(sqlite3_file* file, sqlite3_int64* size) {
  if (int rc = flush(file_of(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFileSize(real_of(file), size);
}

int file_lock(sqlite3_file* file, int level) {
  return real_of(file)->pMethods->xLock(real_of(file), level);
}

int file_unlock(sqlite3_file* file, int level) {
  return real_of(file)->pMethods->xUnlock(real_of(file), level);
}

int file_check_reserved(sqlite3_file* file, int* out) {
  return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}

int file_control(sqlite3_file* file, int op, void* arg) {
  if (int rc = flush(file_of(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFileControl(real_of(file), op, arg);
}

int file_sector_size(sqlite3_file* file) {
  return real_of(file)->pMethods->xSectorSize(real_of(file));
}

int file_device(sqlite3_file* file) {
  return real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
}

int file_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real_of(file)->pMethods->xShmMap(real_of(file), region, size, extend, out);
}

int file_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  int rc = real_of(file)->pMethods->xShmLock(real_of(file), offset, n, flags);
  if (rc == SQLITE_OK && offset <= kCheckpointLock && kCheckpointLock < offset + n) {
    file_of(file)->checkpointing = (flags & SQLITE_SHM_LOCK) && (flags & SQLITE_SHM_EXCLUSIVE);
  }
  return rc;
}

// SQLite publishes a commit in the wal-index right after this barrier on the
// database file (walIndexWriteHdr). Under synchronous=FULL the WAL's sync has
// written the frames already; this covers commits without that sync
// (synchronous=NORMAL) and the part of a frame written after it (padding to a
// sector boundary on a device without powersafe overwrite). A write that fails
// here cannot stop the commit: it breaks the WAL (wal_write_failed), so that
// WalSync::sync() and every later commit fail.
void file_shm_barrier(sqlite3_file* file) {
  if (File* wal = file_of(file)->wal) flush(wal);
  real_of(file)->pMethods->xShmBarrier(real_of(file));
}

int file_shm_unmap(sqlite3_file* file, int delete_flag) {
  return real_of(file)->pMethods->xShmUnmap(real_of(file), delete_flag);
}

int file_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  return real_of(file)->pMethods->xFetch(real_of(file), offset, amount, out);
}

int file_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return real_of(file)->pMethods->xUnfetch(real_of(file), offset, page);
}

// By the default VFS's file version (1 to 3): SQLite only calls what the version has.
const sqlite3_io_methods kMethods[3] = {
    {1, file_close, file_read, file_write, file_truncate, file_sync, file_size, file_lock,
     file_unlock, file_check_reserved, file_control, file_sector_size, file_device, nullptr,
     nullptr, nullptr, nullptr, nullptr, nullptr},
    {2, file_close, file_read, file_write, file_truncate, file_sync, file_size, file_lock,
     file_unlock, file_check_reserved, file_control, file_sector_size, file_device, file_shm_map,
     file_shm_lock, file_shm_barrier, file_shm_unmap, nullptr, nullptr},
    {3, file_close, file_read, file_write, file_truncate, file_sync, file_size, file_lock,
     file_unlock, file_check_reserved, file_control, file_sector_size, file_device, file_shm_map,
     file_shm_lock, file_shm_barrier, file_shm_unmap, file_fetch, file_unfetch},
};

// ---- the VFS: the default one's, with files wrapped ----

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  File* f = file_of(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  f->real->pMethods = nullptr;
  f->buffered = nullptr;
  f->start = 0;
  f->wal = nullptr;
  f->db = nullptr;
  f->sync = nullptr;
  f->failed = SQLITE_OK;
  f->header_dirty = false;
  f->defer_syncs = false;
  f->checkpointing = false;
  int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  if (!f->real->pMethods) return rc;  // nothing to close
  if (rc != SQLITE_OK) {              // SQLite calls no method of a file that failed to open
    f->real->pMethods->xClose(f->real);
    return rc;
  }
  if (flags & SQLITE_OPEN_WAL) {
    // Buffered only beside a database file of ours, whose barrier writes it.
    sqlite3_file* db = sqlite3_database_file_object(name);
    if (db && db->pMethods && db->pMethods->xClose == file_close) {
      // A descriptor of its own, so that another thread can sync the file
      // while SQLite goes on writing it (store/sqlite.cpp's sync thread).
      int fd = ::open(name, O_RDONLY | O_CLOEXEC);
      try {
        if (fd < 0) throw std::runtime_error("cannot open the WAL a second time");
        auto state = std::make_shared<WalSync::State>();
        state->fd = fd;
        fd = -1;
        f->sync = new std::shared_ptr<WalSync::State>(std::move(state));
      } catch (...) {
        if (fd >= 0) ::close(fd);
        f->real->pMethods->xClose(f->real);
        return SQLITE_CANTOPEN;
      }
      f->buffered = new (std::nothrow) std::vector<char>();
      f->db = file_of(db);
      f->db->wal = f;
    }
  }
  int version = std::clamp(f->real->pMethods->iVersion, 1, 3);
  f->base.pMethods = &kMethods[version - 1];
  return rc;
}

int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}

int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}

int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}

void* vfs_dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }

void vfs_dl_error(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }

void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}

void vfs_dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }

int vfs_randomness(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xRandomness(real_vfs, size, out);
}

int vfs_sleep(sqlite3_vfs*, int microseconds) { return real_vfs->xSleep(real_vfs, microseconds); }

int vfs_current_time(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }

int vfs_last_error(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, size, out) : 0;
}

int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  if (real_vfs->iVersion >= 2 && real_vfs->xCurrentTimeInt64) {
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
  }
  double days = 0;
  int rc = real_vfs->xCurrentTime(real_vfs, &days);
  *out = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}

sqlite3_vfs vfs{};

}  // namespace

bool defer_wal_syncs(sqlite3* db) {
  sqlite3_file* main = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &main) != SQLITE_OK || !main ||
      !main->pMethods || main->pMethods->xClose != file_close) {
    return false;
  }
  file_of(main)->defer_syncs = true;
  return true;
}

std::optional<WalSync> wal_sync_of(sqlite3* db) {
  sqlite3_file* wal = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK || !wal ||
      !wal->pMethods || wal->pMethods->xClose != file_close || !file_of(wal)->sync) {
    return std::nullopt;
  }
  return WalSync(*file_of(wal)->sync);
}

const char* wal_buffer_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    configure_sqlite();  // before sqlite3_vfs_find initialises SQLite
    real_vfs = sqlite3_vfs_find(nullptr);
    if (!real_vfs) throw std::runtime_error("SQLite has no default VFS");
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(kRealOffset) + real_vfs->szOsFile;
    vfs.mxPathname = real_vfs->mxPathname;
    vfs.zName = "abonado-wal-buffer";
    vfs.xOpen = vfs_open;
    vfs.xDelete = vfs_delete;
    vfs.xAccess = vfs_access;
    vfs.xFullPathname = vfs_full_pathname;
    vfs.xDlOpen = vfs_dl_open;
    vfs.xDlError = vfs_dl_error;
    vfs.xDlSym = vfs_dl_sym;
    vfs.xDlClose = vfs_dl_close;
    vfs.xRandomness = vfs_randomness;
    vfs.xSleep = vfs_sleep;
    vfs.xCurrentTime = vfs_current_time;
    vfs.xGetLastError = vfs_last_error;
    vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) {
      throw std::runtime_error("cannot register the WAL-buffering SQLite VFS");
    }
  });
  return vfs.zName;
}

}  // namespace abonado::store
