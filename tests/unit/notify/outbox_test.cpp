// The outbox on a real database: transactional enqueue, validation, secrets at rest, listing.

#include <gtest/gtest.h>

#include <stdexcept>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "fixture.hpp"

namespace abonado::notify::testing {
namespace {

constexpr store::Sql kRawRow{
    "test.notify_raw_row",
    "SELECT id, party_id, channel, recipient, subject, text, secret, secret_text, template, "
    "language, state, attempts, next_attempt_at, last_error, external_ref, report_token_hash, "
    "created_at, updated_at, sent_at, delivered_at FROM notify_messages WHERE id = $1"};
constexpr store::Sql kCountMessages{"test.notify_count", "SELECT COUNT(*) FROM notify_messages"};
constexpr store::Sql kSecretText{"test.notify_secret_text",
                                 "SELECT secret_text FROM notify_messages WHERE id = $1"};

using OutboxTest = NotifyTest;

std::vector<auth::AuditRecord> audit_of(store::Database& db, const std::string& id) {
  std::vector<auth::AuditRecord> out;
  db.read_sync([&](store::Tx& tx) {
    auth::AuditFilter f;
    f.entity_id = id;
    f.limit = 1000;
    out = auth::list_audit(tx, f).first;
  });
  return out;
}

// Every cell of the raw row, as text.
std::vector<std::string> raw_cells(store::Database& db, const std::string& id) {
  std::vector<std::string> cells;
  db.read_sync([&](store::Tx& tx) {
    auto row = tx.query_one(kRawRow, {id});
    if (!row) throw std::runtime_error("no row");
    for (std::size_t i = 0; i < row->size(); ++i) cells.push_back(row->opt_str(i).value_or(""));
  });
  return cells;
}

Code code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  throw std::runtime_error("expected an abonado::Error");
}

TEST_P(OutboxTest, EnqueueStoresAnInitialMessageDueNowWithItsAuditRecord) {
  std::string id = enqueue(email("Your contract", "Hello María, your contract is C-0001."));
  Message m = message(id);
  EXPECT_EQ(m.state, MessageState::kInitial);
  EXPECT_EQ(m.channel, Channel::kEmail);
  EXPECT_EQ(m.recipient, "maria@example.com");
  EXPECT_EQ(m.subject, "Your contract");
  EXPECT_EQ(m.text, "Hello María, your contract is C-0001.");
  EXPECT_EQ(m.party_id, "party-1");
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.next_attempt_at, clock_.now());
  EXPECT_EQ(m.created_at, clock_.now());
  EXPECT_FALSE(m.sent_at.has_value());

  auto audit = audit_of(*db_, id);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "communicationMessage.create");
  EXPECT_EQ(audit[0].entity_type, "communicationMessage");
  EXPECT_EQ(audit[0].actor_name, "maria.agent");
  EXPECT_EQ(audit[0].request_id, "req-1");
  ASSERT_TRUE(audit[0].after_json.has_value());
  EXPECT_NE(audit[0].after_json->find("\"state\":\"initial\""), std::string::npos);
}

TEST_P(OutboxTest, AMessagePartOfAnAuditedChangeHasNoAuditRecordOfItsOwn) {
  NewMessage n = email("Receipt", "Top-up of S/ 3.00");
  n.audited_by_caller = true;
  std::string id = enqueue(n);
  EXPECT_EQ(message(id).state, MessageState::kInitial);
  EXPECT_TRUE(audit_of(*db_, id).empty());
}

TEST_P(OutboxTest, AMessageEnqueuedInAJobThatFailsIsNeverStored) {
  std::string id;
  EXPECT_THROW(db_->write_sync([&](store::Tx& tx) {
    id = outbox_->enqueue(tx, agent_, sms("Your line is active"));
    throw Error(Code::kConflict, "the change this message reports was refused");
  }),
               Error);
  ASSERT_FALSE(id.empty());
  std::int64_t count = -1;
  db_->read_sync([&](store::Tx& tx) { count = tx.query_one(kCountMessages)->i64(0); });
  EXPECT_EQ(count, 0);
  EXPECT_TRUE(audit_of(*db_, id).empty());

  // The same enqueue in a job that commits is there.
  std::string kept = enqueue(sms("Your line is active"));
  db_->read_sync([&](store::Tx& tx) { count = tx.query_one(kCountMessages)->i64(0); });
  EXPECT_EQ(count, 1);
  EXPECT_EQ(message(kept).text, "Your line is active");
}

TEST_P(OutboxTest, RefusesBadRecipientsSubjectsAndTexts) {
  EXPECT_EQ(code_of([&] { enqueue(sms("x", "987654321")); }), Code::kInvalidPhoneNumber);
  EXPECT_EQ(code_of([&] { enqueue(sms("x", "+0987654321")); }), Code::kInvalidPhoneNumber);
  EXPECT_EQ(code_of([&] { enqueue(sms("x", "+5198765")); }), Code::kInvalidPhoneNumber);
  EXPECT_EQ(code_of([&] { enqueue(sms("x", "+5198765432101234")); }), Code::kInvalidPhoneNumber);
  EXPECT_EQ(code_of([&] { enqueue(sms("x", "+51 987 654 321")); }), Code::kInvalidPhoneNumber);
  EXPECT_EQ(code_of([&] { enqueue(email("s", "x", "maria.example.com")); }), Code::kInvalidEmail);
  EXPECT_EQ(code_of([&] { enqueue(email("s", "x", "maria@localhost")); }), Code::kInvalidEmail);
  EXPECT_EQ(code_of([&] { enqueue(email("s", "x", "a@b@example.com")); }), Code::kInvalidEmail);
  EXPECT_EQ(code_of([&] { enqueue(email("s", "x", "maria@example.com\r\nBcc: x@y.z")); }),
            Code::kInvalidEmail);
  EXPECT_EQ(code_of([&] { enqueue(email("", "x")); }), Code::kInvalidField);
  EXPECT_EQ(code_of([&] { enqueue(email("Hi\r\nBcc: x@example.com", "x")); }), Code::kInvalidField);
  EXPECT_EQ(code_of([&] { enqueue(email("s", "")); }), Code::kInvalidField);
  EXPECT_EQ(code_of([&] { enqueue(sms("bad \xff utf-8")); }), Code::kInvalidField);
  EXPECT_EQ(code_of([&] { enqueue(sms("bell \x07")); }), Code::kInvalidField);
  EXPECT_EQ(code_of([&] { enqueue(sms(std::string(kMaxSmsText + 1, 'a'))); }), Code::kInvalidField);
  auto with_subject = sms("x");
  with_subject.subject = "SMS have none";
  EXPECT_EQ(code_of([&] { enqueue(with_subject); }), Code::kInvalidField);
  auto secret_subject = email("Your code 482913", "Code 482913");
  secret_subject.secret = true;
  EXPECT_EQ(code_of([&] { enqueue(secret_subject); }), Code::kInvalidField);

  std::int64_t count = -1;
  db_->read_sync([&](store::Tx& tx) { count = tx.query_one(kCountMessages)->i64(0); });
  EXPECT_EQ(count, 0);
  // Good ones pass.
  enqueue(sms("Line 1\nLine 2\ttab", "+79123456789"));
  enqueue(email("Hola", "x", "first.last+tag@mail.example.pe"));
}

TEST_P(OutboxTest, ASecretTextIsEncryptedAtRestAndMaskedInTheRowTheApiAndTheAudit) {
  auto m = sms("Flash Mobile: tu clave temporal es 482913. Vence en 5 minutos.");
  m.secret = true;
  std::string id = enqueue(m);

  for (const auto& cell : raw_cells(*db_, id)) {
    EXPECT_EQ(cell.find("482913"), std::string::npos) << "the code is readable in a column";
  }
  Message stored = message(id);
  EXPECT_TRUE(stored.secret);
  EXPECT_EQ(stored.text, "Flash Mobile: tu clave temporal es ******. Vence en 5 minutos.");
  for (const auto& a : audit_of(*db_, id)) {
    EXPECT_EQ(a.after_json.value_or("").find("482913"), std::string::npos);
  }
  // The sealed text opens under the server key, and only under it.
  std::string sealed;
  db_->read_sync([&](store::Tx& tx) { sealed = tx.query_one(kSecretText, {id})->str(0); });
  EXPECT_EQ(key_->open(sealed), m.text);
  TempDir other;
  auto other_key = SecretKey::load_or_create(other.file("other.key"));
  EXPECT_THROW(other_key.open(sealed), std::runtime_error);
}

TEST_P(OutboxTest, ListsNewestFirstWithFiltersAndTotal) {
  std::string a = enqueue(sms("one"));
  clock_.advance(std::chrono::seconds(1));
  auto other = sms("two", "+51911111111");
  other.party_id = "party-2";
  std::string b = enqueue(other);
  clock_.advance(std::chrono::seconds(1));
  std::string c = enqueue(email("three", "three"));
  clock_.advance(std::chrono::seconds(1));
  auto anonymous = sms("four");
  anonymous.party_id.reset();
  std::string d = enqueue(anonymous);

  auto list = [&](MessageFilter f) {
    std::pair<std::vector<Message>, std::int64_t> out;
    db_->read_sync([&](store::Tx& tx) { out = outbox_->list(tx, f); });
    std::vector<std::string> ids;
    for (const auto& m : out.first) ids.push_back(m.id);
    return std::pair{ids, out.second};
  };
  EXPECT_EQ(list({}).first, (std::vector<std::string>{d, c, b, a}));
  MessageFilter by_party;
  by_party.party_id = "party-1";
  EXPECT_EQ(list(by_party), (std::pair{std::vector<std::string>{c, a}, std::int64_t{2}}));
  MessageFilter by_channel;
  by_channel.channel = Channel::kEmail;
  EXPECT_EQ(list(by_channel).first, (std::vector<std::string>{c}));
  MessageFilter by_state;
  by_state.state = MessageState::kCompleted;
  EXPECT_EQ(list(by_state).second, 0);
  MessageFilter page;
  page.offset = 1;
  page.limit = 2;
  EXPECT_EQ(list(page), (std::pair{std::vector<std::string>{c, b}, std::int64_t{4}}));
}

TEST_P(OutboxTest, EnqueuesRenderedTemplatesForTheirChannel) {
  TemplateMessage t;
  t.party_id = "party-1";
  t.channel = Channel::kEmail;
  t.recipient = "maria@example.com";
  t.template_name = "welcome";
  t.language = "es";
  t.vars = {{"name", "María"}, {"contract_number", "C-000123"}};
  std::string id;
  db_->write_sync([&](store::Tx& tx) { id = outbox_->enqueue_template(tx, agent_, t); });
  Message m = message(id);
  EXPECT_EQ(m.subject, "Bienvenido a Flash Mobile");
  EXPECT_NE(m.text.find("Hola María:"), std::string::npos);
  EXPECT_NE(m.text.find("C-000123"), std::string::npos);
  EXPECT_EQ(m.template_name, "welcome");
  EXPECT_EQ(m.language, "es");

  // An SMS template asked for by email (and the reverse) is the caller's bug.
  t.template_name = "otp";
  t.vars = {{"code", "1234"}, {"minutes", "5"}};
  EXPECT_EQ(code_of([&] {
              db_->write_sync([&](store::Tx& tx) { outbox_->enqueue_template(tx, agent_, t); });
            }),
            Code::kInternal);
  t.channel = Channel::kSms;
  t.recipient = "+51987654321";
  t.language = "ru";  // pe-flash has none: falls back to Spanish
  t.secret = true;
  db_->write_sync([&](store::Tx& tx) { id = outbox_->enqueue_template(tx, agent_, t); });
  m = message(id);
  EXPECT_EQ(m.language, "es");
  EXPECT_EQ(m.text,
            "Flash Mobile: tu clave temporal es ******. Vence en 5 minutos. No la compartas con "
            "nadie.");
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::Values(kSqlite, kPostgres), backend_name);

}  // namespace
}  // namespace abonado::notify::testing
