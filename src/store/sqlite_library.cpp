#include "store/sqlite_library.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <new>
#include <vector>

namespace abonado::store {
namespace {

sqlite3_pcache_methods2 inner{};  // SQLite's default page cache

struct Cache {
  sqlite3_pcache* inner = nullptr;
  unsigned max_fetched = 0;  // no page fetched into the cache has a higher number
  // Numbers given to pages by a move above max_fetched, still possibly held.
  std::vector<unsigned> moved_high;
};

Cache* cache_of(sqlite3_pcache* p) { return reinterpret_cast<Cache*>(p); }

int init(void*) { return inner.xInit(inner.pArg); }

void shutdown(void*) {
  if (inner.xShutdown) inner.xShutdown(inner.pArg);
}

sqlite3_pcache* create(int page_size, int extra_size, int purgeable) {
  auto* c = new (std::nothrow) Cache();
  if (!c) return nullptr;
  c->inner = inner.xCreate(page_size, extra_size, purgeable);
  if (!c->inner) {
    delete c;
    return nullptr;
  }
  return reinterpret_cast<sqlite3_pcache*>(c);
}

void cache_size(sqlite3_pcache* p, int pages) { inner.xCachesize(cache_of(p)->inner, pages); }

int page_count(sqlite3_pcache* p) { return inner.xPagecount(cache_of(p)->inner); }

sqlite3_pcache_page* fetch(sqlite3_pcache* p, unsigned key, int create_flag) {
  Cache* c = cache_of(p);
  sqlite3_pcache_page* page = inner.xFetch(c->inner, key, create_flag);
  if (page && key > c->max_fetched) c->max_fetched = key;
  return page;
}

void unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) {
  inner.xUnpin(cache_of(p)->inner, page, discard);
}

void rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
  Cache* c = cache_of(p);
  inner.xRekey(c->inner, page, old_key, new_key);
  std::erase(c->moved_high, old_key);
  if (new_key > c->max_fetched) {
    try {
      c->moved_high.push_back(new_key);
    } catch (const std::bad_alloc&) {
      c->max_fetched = new_key;  // still an upper bound; truncations just walk more
    }
  }
}

void truncate(sqlite3_pcache* p, unsigned limit) {
  Cache* c = cache_of(p);
  bool may_hold = c->max_fetched >= limit ||
                  std::any_of(c->moved_high.begin(), c->moved_high.end(),
                              [limit](unsigned key) { return key >= limit; });
  if (!may_hold) return;  // nothing at or past `limit` to drop
  inner.xTruncate(c->inner, limit);
  c->max_fetched = std::min(c->max_fetched, limit > 0 ? limit - 1 : 0);
  std::erase_if(c->moved_high, [limit](unsigned key) { return key >= limit; });
}

void destroy(sqlite3_pcache* p) {
  Cache* c = cache_of(p);
  inner.xDestroy(c->inner);
  delete c;
}

void shrink(sqlite3_pcache* p) {
  if (inner.xShrink) inner.xShrink(cache_of(p)->inner);
}

bool install_page_cache() {
  if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &inner) != SQLITE_OK || !inner.xFetch) return false;
  static const sqlite3_pcache_methods2 kWrapper = {
      1,     nullptr, init,  shutdown, create, cache_size, page_count,
      fetch, unpin,   rekey, truncate, destroy, shrink};
  return sqlite3_config(SQLITE_CONFIG_PCACHE2, &kWrapper) == SQLITE_OK;
}

}  // namespace

bool configure_sqlite() {
  static const bool in_force = [] {
    bool memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    return install_page_cache() && memstatus_off;
  }();
  return in_force;
}

}  // namespace abonado::store
