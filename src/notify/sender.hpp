#pragma once
// The outbox sender: a scheduler job (app/ runs run_due every second) that claims due
// messages, sends each through its transport on a thread pool (never on an io thread), and
// records each outcome in its own write job, submitted right after the send; the next send
// does not wait for it (the records of a batch commit together), the end of a batch does.
//
// Delivery is at least once, never silently lost and never repeated without a record:
//   - a message is sent only under a claim: inProgress, attempts + 1 and a lease of
//     kClaimLease, committed before the send starts; a send takes at most kSendTimeout and
//     none starts later than 10 s into a run (the rest is given back for the next run), so
//     every send ends inside its lease and no other claim can take a message meanwhile;
//   - the outcome is recorded right after the send. Only a crash (or a failed database write)
//     between a send and its record lets the lease run out with the message inProgress and
//     attempts counting that send; the next claim then sends it again. That window is the one
//     way a customer gets a message twice, and the record shows it.
//
// Sends go out in waves of up to kWave at once (a gateway's round trip, not the sender, sets
// the pace), never two messages to one recipient in a wave, so that a customer's messages
// arrive in the order they were written. A gateway that fails (transiently) in a wave is not
// tried again in that run: the other messages for it wait for the next run without using an
// attempt, so a gateway that is down or hangs holds a run up for at most one send timeout.
//
// Runs on any executor; one run_due at a time per Sender is enough (the scheduler serialises
// runs), but concurrent runs, on this node or others, never send a message twice: claims are
// write jobs (row locks with SKIP LOCKED on PostgreSQL). Everything given to the constructor
// must outlive the Sender.

#include <utility>  // before Asio's awaitable.hpp with GCC 12
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/clock.hpp"
#include "notify/service.hpp"
#include "notify/transport.hpp"
#include "store/database.hpp"

namespace abonado::notify {

class Sender {
 public:
  // `pool` runs the blocking sends; give the sender a pool of its own (kWave threads) so that a
  // slow gateway does not hold up other work offloaded there.
  Sender(store::Database& db, const Outbox& outbox, const Clock& clock, SmsTransport& sms,
         MailTransport& mail, boost::asio::thread_pool& pool)
      : db_(db), outbox_(outbox), clock_(clock), sms_(sms), mail_(mail), pool_(pool) {}
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Sends the messages due at `now`, in batches of kClaimBatch (at most kMaxBatches, and no
  // send started after 10 s, a run; the next run continues). Throws only what the database
  // throws.
  boost::asio::awaitable<void> run_due(TimePoint now);

  static constexpr int kMaxBatches = 20;
  static constexpr int kWave = 4;  // sends at once

 private:
  // Sends every claim of `wave` at once on the pool; resumes when all have answered.
  boost::asio::awaitable<std::vector<SendResult>> send_wave(const std::vector<const Claim*>& wave);
  // On a pool thread. Never throws: a transport's exception is a transient failure.
  SendResult send(const Claim& c);

  store::Database& db_;
  const Outbox& outbox_;
  const Clock& clock_;
  SmsTransport& sms_;
  MailTransport& mail_;
  boost::asio::thread_pool& pool_;
};

}  // namespace abonado::notify
