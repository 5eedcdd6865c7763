// The Sender with fake transports on a real database: outcomes, backoff, leases, concurrency,
// delivery reports.

#include "notify/sender.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>

#include "auth/audit.hpp"
#include "fixture.hpp"

namespace abonado::notify::testing {
namespace {

namespace asio = boost::asio;
using std::chrono::seconds;

constexpr store::Sql kSecretText{"test.notify_secret_text",
                                 "SELECT secret_text FROM notify_messages WHERE id = $1"};

class SenderTest : public NotifyTest {
 protected:
  void SetUp() override {
    NotifyTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    sender_ = std::make_unique<Sender>(*db_, *outbox_, clock_, sms_, mail_, pool_);
  }
  void TearDown() override {
    pool_.join();
    NotifyTest::TearDown();
  }

  void run_due() {
    run_coro(io_, [&]() -> asio::awaitable<void> { co_await sender_->run_due(clock_.now()); });
  }
  std::vector<std::string> audit_actions(const std::string& id) {
    std::vector<std::string> out;
    db_->read_sync([&](store::Tx& tx) {
      auth::AuditFilter f;
      f.entity_id = id;
      f.limit = 1000;
      for (const auto& r : auth::list_audit(tx, f).first) out.push_back(r.action);
    });
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  }
  std::optional<std::string> secret_text(const std::string& id) {
    std::optional<std::string> out;
    db_->read_sync([&](store::Tx& tx) { out = tx.query_one(kSecretText, {id})->opt_str(0); });
    return out;
  }
  bool report(const std::string& id, const std::string& token, int status) {
    bool known = false;
    db_->write_sync([&](store::Tx& tx) {
      known = outbox_->delivery_report(tx, Actor::system("kannel"), id, token, status, std::nullopt,
                                       clock_.now());
    });
    return known;
  }

  asio::io_context io_;
  asio::thread_pool pool_{2};
  FakeTransport sms_;
  FakeTransport mail_;
  std::unique_ptr<Sender> sender_;
};

TEST_P(SenderTest, SendsDueMessagesThroughTheirTransportAndCompletesThem) {
  std::string s = enqueue(sms("Tu nuevo celular +51987654321 ya funciona."));
  std::string e = enqueue(email("Bienvenido", "Hola María"));
  auto start = clock_.now();
  run_due();

  auto sent_sms = sms_.sent();
  ASSERT_EQ(sent_sms.size(), 1u);
  EXPECT_EQ(sent_sms[0].id, s);
  EXPECT_EQ(sent_sms[0].to, "+51987654321");
  EXPECT_EQ(sent_sms[0].text, "Tu nuevo celular +51987654321 ya funciona.");
  EXPECT_GE(sent_sms[0].report_token.size(), 20u);
  auto sent_mail = mail_.sent();
  ASSERT_EQ(sent_mail.size(), 1u);
  EXPECT_EQ(sent_mail[0].subject, "Bienvenido");
  EXPECT_EQ(sent_mail[0].to, "maria@example.com");

  for (const auto& id : {s, e}) {
    Message m = message(id);
    EXPECT_EQ(m.state, MessageState::kCompleted);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.sent_at, start);
    EXPECT_FALSE(m.next_attempt_at.has_value());
    EXPECT_EQ(audit_actions(id),
              (std::vector<std::string>{"communicationMessage.create", "communicationMessage.claim",
                                        "communicationMessage.complete"}));
  }
  run_due();  // nothing is due any more
  EXPECT_EQ(sms_.sent().size(), 1u);
  EXPECT_EQ(mail_.sent().size(), 1u);
}

// The next send does not wait for the previous message's record to commit
// (one commit per message held the sender to ~80 SMS/s under load,
// bench/README.md): with the writer held from the first send until the
// second starts, the second must start. On SQLite, whose one writer the hold
// takes, a sender that awaited each record would wait out the hold's 10 s.
TEST_P(SenderTest, TheNextSendDoesNotWaitForTheLastRecordToCommit) {
  std::string first = enqueue(sms("Recargaste S/ 3.00."));
  std::string second = enqueue(sms("Recargaste S/ 5.00."));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<bool> held_out;
  std::atomic<int> sends{0};
  sms_.on_send([&](const Outgoing&) {
    if (sends++ == 0) {
      db_->submit_write(
          [released, &held_out](store::Tx&) {
            held_out.set_value(released.wait_for(seconds(10)) == std::future_status::timeout);
          },
          [](std::exception_ptr) {});
    } else {
      release.set_value();
    }
  });
  run_due();
  EXPECT_FALSE(held_out.get_future().get()) << "the second send waited for the first record";
  for (const auto& id : {first, second}) EXPECT_EQ(message(id).state, MessageState::kCompleted);
}

// Sends to different customers go out together (each a gateway round trip), a customer's own
// messages one after another in the order written: with A1, A2, B1 due, A1 waits for B1 to
// start (they share a wave) and A2 goes after A1.
TEST_P(SenderTest, DifferentRecipientsAtOnceOneRecipientInOrder) {
  std::string a1 = enqueue(sms("A1", "+51987654321"));
  clock_.advance(Millis(1));
  std::string a2 = enqueue(sms("A2", "+51987654321"));
  clock_.advance(Millis(1));
  std::string b1 = enqueue(sms("B1", "+51987654322"));
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::string> started;
  int alone = 0;
  sms_.on_send([&](const Outgoing& m) {
    std::unique_lock lock(mu);
    started.insert(m.text);
    cv.notify_all();
    if (m.text == "A1" && !cv.wait_for(lock, seconds(10), [&] { return started.count("B1"); })) {
      ++alone;  // B1 did not start while A1 was in flight: one send at a time
    }
  });
  run_due();
  EXPECT_EQ(alone, 0) << "sends to different recipients went one after another";
  std::vector<std::string> to_a;
  for (const auto& m : sms_.sent()) {
    if (m.to == "+51987654321") to_a.push_back(m.text);
  }
  EXPECT_EQ(to_a, (std::vector<std::string>{"A1", "A2"}));
  for (const auto& id : {a1, a2, b1}) EXPECT_EQ(message(id).state, MessageState::kCompleted);
}

TEST_P(SenderTest, ATransientFailureRetriesWithExponentialBackoff) {
  sms_.set_fallback(FakeTransport::transient("Kannel 503: queue full"));
  std::string id = enqueue(sms("hola"));
  auto t0 = clock_.now();
  run_due();
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kInitial);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.last_error, "Kannel 503: queue full");
  EXPECT_EQ(m.next_attempt_at, t0 + seconds(30));

  clock_.advance(seconds(29));
  run_due();
  EXPECT_EQ(sms_.sent().size(), 1u) << "sent before its next attempt was due";
  clock_.advance(seconds(1));
  run_due();
  EXPECT_EQ(sms_.sent().size(), 2u);
  m = message(id);
  EXPECT_EQ(m.attempts, 2);
  EXPECT_EQ(m.next_attempt_at, t0 + seconds(30) + seconds(60));

  sms_.set_fallback(FakeTransport::ok());
  clock_.advance(seconds(60));
  run_due();
  m = message(id);
  EXPECT_EQ(m.state, MessageState::kCompleted);
  EXPECT_EQ(m.attempts, 3);
  EXPECT_FALSE(m.last_error.has_value());
  EXPECT_EQ(retry_delay(1), seconds(30));
  EXPECT_EQ(retry_delay(3), seconds(120));
  EXPECT_EQ(retry_delay(40), std::chrono::hours(1));
}

TEST_P(SenderTest, GivesUpAfterTheMaximumAttemptsWithTheReason) {
  mail_.set_fallback(FakeTransport::transient("SMTP 451: try later"));
  std::string id = enqueue(email("s", "t"));
  for (int i = 1; i <= kMaxAttempts; ++i) {
    run_due();
    ASSERT_EQ(mail_.sent().size(), static_cast<std::size_t>(i));
    Message m = message(id);
    ASSERT_EQ(m.attempts, i);
    if (i < kMaxAttempts) {
      ASSERT_EQ(m.state, MessageState::kInitial);
      clock_.set(*m.next_attempt_at);
    }
  }
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kFailed);
  EXPECT_EQ(m.last_error, "gave up after 6 attempts: SMTP 451: try later");
  EXPECT_FALSE(m.next_attempt_at.has_value());
  clock_.advance(std::chrono::hours(24));
  run_due();
  EXPECT_EQ(mail_.sent().size(), static_cast<std::size_t>(kMaxAttempts));
  EXPECT_EQ(audit_actions(id).back(), "communicationMessage.fail");
}

TEST_P(SenderTest, APermanentFailureFailsAtOnce) {
  mail_.answer(FakeTransport::permanent("SMTP 550: no such mailbox"));
  std::string id = enqueue(email("s", "t"));
  run_due();
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kFailed);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.last_error, "SMTP 550: no such mailbox");
  clock_.advance(std::chrono::hours(1));
  run_due();
  EXPECT_EQ(mail_.sent().size(), 1u);
}

TEST_P(SenderTest, AClaimAbandonedByACrashedSenderIsTakenAgainWhenItsLeaseEnds) {
  std::string id = enqueue(sms("hola"));
  // A sender claims it and dies before sending or recording anything.
  std::vector<Claim> claims;
  db_->write_sync([&](store::Tx& tx) { claims = outbox_->claim_due(tx, clock_.now(), 10); });
  ASSERT_EQ(claims.size(), 1u);
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kInProgress);
  EXPECT_EQ(m.attempts, 1);

  run_due();
  clock_.advance(kClaimLease - Millis(1));
  run_due();
  EXPECT_TRUE(sms_.sent().empty()) << "taken while another sender's lease still ran";
  clock_.advance(Millis(1));
  run_due();
  ASSERT_EQ(sms_.sent().size(), 1u);
  m = message(id);
  EXPECT_EQ(m.state, MessageState::kCompleted);
  EXPECT_EQ(m.attempts, 2);
  // The crashed sender's late record changes nothing.
  db_->write_sync([&](store::Tx& tx) {
    outbox_->record(tx, claims[0], FakeTransport::transient("late"), clock_.now());
  });
  EXPECT_EQ(message(id).state, MessageState::kCompleted);
}

TEST_P(SenderTest, AnAbandonedLastAttemptFailsInsteadOfSendingAgain) {
  std::string id = enqueue(sms("hola"));
  for (int i = 0; i < kMaxAttempts; ++i) {
    db_->write_sync(
        [&](store::Tx& tx) { ASSERT_EQ(outbox_->claim_due(tx, clock_.now(), 10).size(), 1u); });
    clock_.advance(kClaimLease);
  }
  run_due();
  EXPECT_TRUE(sms_.sent().empty());
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kFailed);
  EXPECT_NE(m.last_error.value_or("").find("gave up after 6 attempts"), std::string::npos);
}

TEST_P(SenderTest, TwoConcurrentRunsNeverSendAMessageTwice) {
  constexpr int kMessages = 2 * kClaimBatch + 7;
  std::set<std::string> ids;
  for (int i = 0; i < kMessages; ++i) ids.insert(enqueue(sms("message " + std::to_string(i))));
  Sender other(*db_, *outbox_, clock_, sms_, mail_, pool_);
  int done = 0;
  auto now = clock_.now();
  asio::co_spawn(io_, sender_->run_due(now), [&](std::exception_ptr e) {
    EXPECT_FALSE(e);
    ++done;
  });
  asio::co_spawn(io_, other.run_due(now), [&](std::exception_ptr e) {
    EXPECT_FALSE(e);
    ++done;
  });
  io_.run();
  io_.restart();
  EXPECT_EQ(done, 2);

  auto sent = sms_.sent();
  std::multiset<std::string> sent_ids;
  for (const auto& s : sent) sent_ids.insert(s.id);
  EXPECT_EQ(sent.size(), static_cast<std::size_t>(kMessages));
  for (const auto& id : ids) {
    EXPECT_EQ(sent_ids.count(id), 1u) << id;
    EXPECT_EQ(message(id).state, MessageState::kCompleted);
    EXPECT_EQ(message(id).attempts, 1);
  }
}

TEST_P(SenderTest, AnSmsAcceptedByKannelWaitsForItsDeliveryReport) {
  sms_.set_fallback(FakeTransport::accepted());
  std::string id = enqueue(sms("hola"));
  auto sent_at = clock_.now();
  run_due();
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kInProgress);
  EXPECT_EQ(m.sent_at, sent_at);
  EXPECT_FALSE(m.next_attempt_at.has_value());
  clock_.advance(kClaimLease * 10);
  run_due();
  ASSERT_EQ(sms_.sent().size(), 1u) << "an accepted SMS was sent again";
  std::string token = sms_.sent()[0].report_token;

  EXPECT_FALSE(report(id, token + "x", 1));
  EXPECT_FALSE(report(id, "", 1));
  EXPECT_FALSE(report("no-such-id", token, 1));
  EXPECT_EQ(message(id).state, MessageState::kInProgress);

  EXPECT_TRUE(report(id, token, 8));
  EXPECT_EQ(message(id).state, MessageState::kInProgress);
  auto delivered_at = clock_.now();
  EXPECT_TRUE(report(id, token, 1));
  m = message(id);
  EXPECT_EQ(m.state, MessageState::kCompleted);
  EXPECT_EQ(m.delivered_at, delivered_at);
  auto actions = audit_actions(id);
  clock_.advance(seconds(5));
  EXPECT_TRUE(report(id, token, 1));  // Kannel may repeat itself: nothing changes
  EXPECT_TRUE(report(id, token, 2));
  EXPECT_EQ(message(id).state, MessageState::kCompleted);
  EXPECT_EQ(message(id).delivered_at, delivered_at);
  EXPECT_EQ(audit_actions(id), actions);
  EXPECT_EQ(actions.back(), "communicationMessage.deliver");
}

TEST_P(SenderTest, ANotDeliveredReportFailsTheMessageUnlessALaterOneSaysDelivered) {
  sms_.set_fallback(FakeTransport::accepted());
  std::string id = enqueue(sms("hola"));
  run_due();
  std::string token = sms_.sent().at(0).report_token;
  EXPECT_TRUE(report(id, token, 16));
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kFailed);
  EXPECT_EQ(m.last_error, "not delivered");
  EXPECT_TRUE(report(id, token, 1));
  m = message(id);
  EXPECT_EQ(m.state, MessageState::kCompleted);
  EXPECT_FALSE(m.last_error.has_value());
}

TEST_P(SenderTest, AReportThatOvertakesTheSendersRecordWins) {
  sms_.set_fallback(FakeTransport::accepted());
  std::string id = enqueue(sms("hola"));
  // Kannel reports delivery before the sender has written down that Kannel accepted it.
  sms_.on_send([&](const Outgoing& o) { EXPECT_TRUE(report(o.id, o.report_token, 1)); });
  run_due();
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kCompleted);
  EXPECT_TRUE(m.sent_at.has_value());
  EXPECT_TRUE(m.delivered_at.has_value());
}

TEST_P(SenderTest, TheSecretTextIsSentInClearAndWipedOnceFinal) {
  auto secret = sms("Flash Mobile: tu clave temporal es 482913.");
  secret.secret = true;
  // A millisecond apart: claimed, and so answered, in this order.
  std::string ok = enqueue(secret);
  clock_.advance(Millis(1));
  std::string refused = enqueue(secret);
  clock_.advance(Millis(1));
  std::string accepted = enqueue(secret);
  sms_.answer(FakeTransport::ok());
  sms_.answer(FakeTransport::permanent("Kannel 400: bad number"));
  sms_.answer(FakeTransport::accepted());
  EXPECT_TRUE(secret_text(ok).has_value());
  run_due();
  auto sent = sms_.sent();
  ASSERT_EQ(sent.size(), 3u);
  for (const auto& s : sent) EXPECT_EQ(s.text, "Flash Mobile: tu clave temporal es 482913.");
  EXPECT_EQ(message(ok).state, MessageState::kCompleted);
  EXPECT_EQ(message(refused).state, MessageState::kFailed);
  EXPECT_EQ(message(accepted).state, MessageState::kInProgress);
  for (const auto& id : {ok, refused, accepted}) {
    EXPECT_FALSE(secret_text(id).has_value()) << "ciphertext kept after the last send of " << id;
    EXPECT_EQ(message(id).text, "Flash Mobile: tu clave temporal es ******.");
  }
}

TEST_P(SenderTest, ASecretThatNoLongerOpensFailsWithoutBeingSent) {
  auto secret = sms("code 482913");
  secret.secret = true;
  std::string id = enqueue(secret);
  TempDir other;
  auto other_key = SecretKey::load_or_create(other.file("replaced.key"));
  Outbox replaced(clock_, other_key, templates_);
  Sender sender(*db_, replaced, clock_, sms_, mail_, pool_);
  run_coro(io_, [&]() -> asio::awaitable<void> { co_await sender.run_due(clock_.now()); });
  EXPECT_TRUE(sms_.sent().empty());
  EXPECT_EQ(message(id).state, MessageState::kFailed);
  EXPECT_FALSE(secret_text(id).has_value());
}

TEST_P(SenderTest, ATransportThatThrowsCountsAsATransientFailure) {
  sms_.on_send([](const Outgoing&) { throw std::runtime_error("boom"); });
  std::string id = enqueue(sms("hola"));
  run_due();
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kInitial);
  EXPECT_EQ(m.last_error, "transport error: boom");
}

TEST_P(SenderTest, AFailingGatewayIsTriedOncePerRunAndTheOtherChannelStillSends) {
  sms_.set_fallback(FakeTransport::transient("Kannel: connection timed out"));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(enqueue(sms("sms " + std::to_string(i))));
    clock_.advance(Millis(1));
  }
  std::string mail = enqueue(email("s", "t"));
  run_due();
  EXPECT_EQ(sms_.sent().size(), 1u);
  EXPECT_EQ(mail_.sent().size(), 1u);
  EXPECT_EQ(message(mail).state, MessageState::kCompleted);
  Message first = message(ids[0]);
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.state, MessageState::kInitial);
  for (int i = 1; i < 3; ++i) {
    Message m = message(ids[i]);
    EXPECT_EQ(m.state, MessageState::kInitial);
    EXPECT_EQ(m.attempts, 0) << "a message that was never sent used an attempt";
    EXPECT_EQ(m.next_attempt_at, clock_.now());
  }
  sms_.set_fallback(FakeTransport::ok());
  run_due();  // the next run takes them
  EXPECT_EQ(sms_.sent().size(), 3u);
  EXPECT_EQ(message(ids[1]).state, MessageState::kCompleted);
  EXPECT_EQ(message(ids[2]).state, MessageState::kCompleted);
}

TEST_P(SenderTest, ReleaseGivesAClaimBackWithoutCountingIt) {
  std::string id = enqueue(sms("hola"));
  std::vector<Claim> claims;
  db_->write_sync([&](store::Tx& tx) { claims = outbox_->claim_due(tx, clock_.now(), 10); });
  ASSERT_EQ(claims.size(), 1u);
  db_->write_sync([&](store::Tx& tx) { outbox_->release(tx, claims[0], clock_.now()); });
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kInitial);
  EXPECT_EQ(m.attempts, 0);
  run_due();
  EXPECT_EQ(sms_.sent().size(), 1u);
  EXPECT_EQ(message(id).attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SenderTest, ::testing::Values(kSqlite, kPostgres), backend_name);

}  // namespace
}  // namespace abonado::notify::testing
