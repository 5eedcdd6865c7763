#pragma once
// A customer's timeline: interactions, notes, audited changes (and, once
// plugged in, messages) merged newest first. Each kind of item comes from a
// TimelineSource; the timeline fetches from each only what the requested
// page can need and merges. Immutable once built: any thread may call.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/model.hpp"
#include "care/service.hpp"
#include "party/service.hpp"
#include "store/tx.hpp"

namespace abonado::care {

// The kinds of timeline items (the `kind` filter).
inline constexpr std::array<std::string_view, 4> kTimelineKinds = {"interaction", "note", "change",
                                                                   "message"};
inline constexpr std::int64_t kMaxTimelineLimit = 100;
// Deeper pages would make every source read too much; narrow by kind instead.
inline constexpr std::int64_t kMaxTimelineDepth = 10000;

// What a timeline is about: a customer, its party and its billing accounts.
struct TimelineSubject {
  std::string party_id;
  std::string party_type;  // Individual | Organization
  std::string customer_id;
  std::vector<std::string> account_ids;
};

// Items of one source, newest first (by `at`, then `key`), and how many the
// source has about the subject in all.
struct TimelineSlice {
  std::vector<TimelineItem> items;
  std::int64_t total = 0;
};

// One source of timeline items of a single kind. `fetch` runs inside the
// timeline's read job and returns at most `max` of the subject's newest
// items. Messages plug in here, e.g. from notify/:
//   {"message", [&notify](store::Tx& tx, const TimelineSubject& s, std::int64_t max) {...}}
struct TimelineSource {
  std::string kind;  // one of kTimelineKinds
  std::function<TimelineSlice(store::Tx&, const TimelineSubject&, std::int64_t max)> fetch;
};

struct TimelineQuery {
  std::optional<std::string> kind;  // one of kTimelineKinds; none: all
  std::int64_t offset = 0;
  std::int64_t limit = 20;  // 1..kMaxTimelineLimit
};

class Timeline {
 public:
  // Built-in sources: `interactions` and `notes` of the party, and audit
  // records about the party, the customer and its accounts. `extra` adds
  // more (messages). Every reference must outlive this object.
  Timeline(const party::PartyService& parties, const Interactions& interactions, const Notes& notes,
           std::vector<TimelineSource> extra = {});

  // One page of the customer's timeline and the total count. Throws
  // Error(kNotFound, "id") for an unknown customer, Error(kInvalidParameter)
  // for a bad kind, limit or depth.
  TimelineSlice page(store::Tx& tx, const std::string& customer_id, const TimelineQuery& q) const;

 private:
  const party::PartyService& parties_;
  std::vector<TimelineSource> sources_;
};

}  // namespace abonado::care
