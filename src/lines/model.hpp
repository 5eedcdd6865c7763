#pragma once
// The records of lines/: SIM cards and pool numbers (inventory), activations
// in the app (FL-1..FL-3, FL-7), form-channel requests (FL-4, FL-5) and ports
// in (FL-6..FL-9). Values here are already validated. Plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "lines/products.hpp"

namespace abonado::lines {

// Stock states shared by SIM cards and pool numbers.
inline constexpr std::string_view kInStock = "inStock";
inline constexpr std::string_view kReserved = "reserved";
inline constexpr std::string_view kAssigned = "active";
// A number a port in progress brings in: not free, not yet a line's (FL-9).
inline constexpr std::string_view kPortingIn = "portingIn";

// Line (TMF637 product) states.
inline constexpr std::string_view kLineActive = "active";
inline constexpr std::string_view kLineSuspended = "suspended";

// The identity document a line counts against (FL-3) and whose attempts are
// counted (FL-2): "DNI:PE:12345678".
struct HolderDocument {
  std::string type;     // DNI, CE, PASSPORT, RUC...
  std::string country;  // ISO alpha-2
  std::string number;   // canonical
  std::string key() const { return type + ":" + country + ":" + number; }
};

// Activation states. An activation waits for the fingerprint, then is the
// line's open session until closed or timed out (FL-7).
inline constexpr std::string_view kPendingBiometric = "pendingBiometric";
inline constexpr std::string_view kActivated = "active";
inline constexpr std::string_view kRejected = "rejected";    // FL-2: attempts exhausted
inline constexpr std::string_view kCancelled = "cancelled";  // closed before the fingerprint
inline constexpr std::string_view kExpired = "expired";      // no fingerprint in time

struct Activation {
  std::string id;
  std::string party_id;
  std::string holder_doc;  // HolderDocument::key()
  std::string iccid;
  std::string msisdn;   // E.164, reserved for the line
  std::string channel;  // app
  std::string status;
  std::string product_id;  // the line's id, chosen when the SIM is reserved
  std::optional<TimePoint> session_ends_at;
  std::optional<TimePoint> closed_at;
  std::optional<std::string> agent_id;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<TimePoint> activated_at;  // the fingerprint's match (FL-1's target ends there)

  // FL-7: a port may start from it.
  bool session_open(TimePoint now) const {
    return status == kActivated && !closed_at && session_ends_at && now < *session_ends_at;
  }
};

// How long one matched activation took: from the SIM's scan (its start) to the match.
struct ActivationTime {
  std::optional<std::string> agent_id;  // the leader who started it
  std::string agent_name;               // their display name
  TimePoint started_at;
  TimePoint activated_at;
};

// FL-1's figures for a period: how many activations met the pack's target.
struct ActivationReport {
  int target_minutes = 0;
  std::int64_t activated = 0;
  std::int64_t within_target = 0;   // under the target, as FL-1 says: 5:00 exactly is not
  std::int64_t median_seconds = 0;  // 0 when none
  std::int64_t p90_seconds = 0;
  std::int64_t longest_seconds = 0;
  struct Leader {
    std::string agent_id;
    std::string name;
    std::int64_t activated = 0;
    std::int64_t within_target = 0;
    std::int64_t median_seconds = 0;
  };
  std::vector<Leader> leaders;  // by name; activations without a leader are left out
};

// An activation with what the leader needs next.
struct ActivationView {
  Activation activation;
  int attempts_left = 0;  // FL-2: for its document and number
  bool resumed = false;   // start() found this one already waiting (see Activations::start)
};

// The outcome of one fingerprint check.
struct BiometricOutcome {
  bool match = false;
  int attempts_left = 0;
  Activation activation;  // after the check: active, still pending, or rejected
};

// Form-channel request states.
inline constexpr std::string_view kRequestPending = "pending";
inline constexpr std::string_view kRequestCompleted = "completed";
inline constexpr std::string_view kRequestRejected = "rejected";

struct ActivationRequest {
  std::string id;
  std::string party_id;
  std::string holder_doc;
  std::string category;  // foreigner | disability | company | appRejected
  std::string iccid;
  std::string status;
  TimePoint due_at;
  std::optional<std::string> reason;   // rejection
  std::string product_id;              // reserved with the SIM; a line once completed
  std::optional<std::string> msisdn;   // the line's number once completed
  std::vector<std::string> documents;  // attachment ids
  std::optional<std::string> created_by;
  std::optional<std::string> decided_by;
  std::optional<TimePoint> decided_at;
  TimePoint created_at;
  TimePoint updated_at;
  // Not stored; filled when read for the back office: who it is for, and how
  // the completion will reach them ("email" when they have an address, else
  // "sms" on the new line), and a rejection ("email"; "sms" to their own
  // mobile; "none": the agent must tell them).
  std::optional<std::string> party_name;
  std::optional<std::string> completion_notice;
  std::optional<std::string> rejection_notice;
};

// Port-in states.
inline constexpr std::string_view kPortInProgress = "inProgress";
inline constexpr std::string_view kPortCompleted = "completed";
inline constexpr std::string_view kPortFailed = "failed";  // the number was not free for it

struct PortIn {
  std::string id;
  std::string party_id;
  std::string product_id;
  std::string msisdn;            // brought in, E.164
  std::string temporary_msisdn;  // the line's number when the port started
  std::string donor_operator;
  std::optional<std::string> activation_id;
  std::string status;
  TimePoint due_at;
  std::optional<TimePoint> completed_at;
  std::optional<std::string> reason;  // why it failed
  std::optional<std::string> created_by;
  TimePoint created_at;
  TimePoint updated_at;
};

// One row a bulk load refused, and why.
struct Rejected {
  std::size_t index = 0;  // position in the list given (0-based)
  std::string value;      // as given
  std::string code;       // stable: INVALID_ICCID, INVALID_PHONE_NUMBER, DUPLICATE...
  std::string reason;
};

struct LoadResult {
  std::int64_t accepted = 0;
  std::vector<Rejected> rejected;
};

}  // namespace abonado::lines
