#include "store/common/row_readers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pregon::store {
namespace {

// A row of literal values; std::monostate is NULL.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

class FakeRow final : public Row {
 public:
  explicit FakeRow(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(int col) const override { return std::holds_alternative<std::monostate>(At(col)); }
  int64_t Int(int col) const override { return IsNull(col) ? 0 : std::get<int64_t>(At(col)); }
  double Real(int col) const override {
    if (IsNull(col)) return 0;
    if (auto* i = std::get_if<int64_t>(&At(col))) return static_cast<double>(*i);
    return std::get<double>(At(col));
  }
  std::string Text(int col) const override {
    return IsNull(col) ? "" : std::get<std::string>(At(col));
  }

 private:
  const Value& At(int col) const { return values_.at(static_cast<size_t>(col)); }
  std::vector<Value> values_;
};

int Columns(const char* list) {
  std::string s(list);
  return 1 + static_cast<int>(std::count(s.begin(), s.end(), ','));
}

TEST(RowReaders, ACampaignReadsEveryColumnInTheOrderOfItsColumnList) {
  FakeRow row({int64_t{7},
               std::string("Oferta"),
               int64_t{2},
               int64_t{3},
               std::string("Hola"),
               std::string("texto"),
               std::string("<p>html</p>"),
               std::string("r@x.pe"),
               std::string("scheduled"),
               int64_t{500},
               int64_t{720000},
               12.5,
               int64_t{4},
               std::string("at_least_once"),
               int64_t{540},
               int64_t{1080},
               std::string("America/Lima"),
               int64_t{1'700'000'000'000},
               std::monostate{},
               std::monostate{},
               int64_t{1'699'000'000'000},
               std::string("ready"),
               std::string("HTML"),
               std::string("tpl-1"),
               std::string("off")});
  ASSERT_EQ(Columns(PREGON_CAMPAIGN_COLUMNS), kCampaignColumnCount);
  Campaign c = ReadCampaign(row);
  EXPECT_EQ(c.id, 7);
  EXPECT_EQ(c.name, "Oferta");
  EXPECT_EQ(c.sender_id, 2);
  EXPECT_EQ(c.list_id, 3);
  EXPECT_EQ(c.html_body, "<p>html</p>");
  EXPECT_EQ(c.reply_to, "r@x.pe");
  EXPECT_EQ(c.status, CampaignStatus::kScheduled);
  EXPECT_EQ(c.throttle.batch_size, 500);
  EXPECT_EQ(c.throttle.batch_pause, Millis(720000));
  EXPECT_DOUBLE_EQ(c.throttle.rate, 12.5);
  EXPECT_EQ(c.throttle.max_attempts, 4);
  EXPECT_EQ(c.guarantee, DeliveryGuarantee::kAtLeastOnce);
  EXPECT_EQ(c.window.start_minute, 540);
  EXPECT_EQ(c.window.end_minute, 1080);
  EXPECT_EQ(c.window.time_zone, "America/Lima");
  ASSERT_TRUE(c.scheduled_at.has_value());
  EXPECT_EQ(ToUnixMillis(*c.scheduled_at), 1'700'000'000'000);
  EXPECT_FALSE(c.started_at.has_value());
  EXPECT_FALSE(c.completed_at.has_value());
  EXPECT_EQ(ToUnixMillis(c.created_at), 1'699'000'000'000);
  EXPECT_EQ(c.post_reports_status, "ready");
  EXPECT_EQ(c.parse_mode, "HTML");
  EXPECT_EQ(c.template_id, "tpl-1");
  EXPECT_EQ(c.tracking, CampaignTracking::kOff);
}

TEST(RowReaders, ASenderKeepsItsSecretsAndLimits) {
  FakeRow row({int64_t{4}, std::string("relay-pe"), std::string("relay"),
               std::string("https://api.example"), std::string("k3y"), std::string("token"),
               std::string("acc-9"), std::string("news@x.pe"), std::string("Noticias"),
               std::string(""), std::string(""), 25.0, int64_t{10}, int64_t{8},
               std::string("America/Lima"), int64_t{1'700'000'000'000}});
  ASSERT_EQ(Columns(PREGON_SENDER_COLUMNS), 16);
  Sender s = ReadSender(row);
  EXPECT_EQ(s.id, 4);
  EXPECT_EQ(s.kind, ChannelKind::kRelay);
  EXPECT_EQ(s.api_key, "k3y");
  EXPECT_EQ(ToUnixMillis(s.paused_until), 1'700'000'000'000);
  EXPECT_EQ(s.auth_scheme, "token");
  EXPECT_EQ(s.account_id, "acc-9");
  EXPECT_EQ(s.from_name, "Noticias");
  EXPECT_DOUBLE_EQ(s.rate, 25.0);
  EXPECT_EQ(s.burst, 10);
  EXPECT_EQ(s.concurrency, 8);
  EXPECT_EQ(s.time_zone, "America/Lima");
}

TEST(RowReaders, AUserWithARole) {
  FakeRow row({int64_t{1}, std::string("ana"), std::string("operator"), std::string("$argon2id$x"),
               int64_t{1'000}, std::string("es")});
  ASSERT_EQ(Columns(PREGON_USER_COLUMNS), 6);
  ASSERT_EQ(kUserColumns, 6);
  User u = ReadUser(row);
  EXPECT_EQ(u.username, "ana");
  EXPECT_EQ(u.role, Role::kOperator);
  EXPECT_EQ(u.password_hash, "$argon2id$x");
  EXPECT_EQ(ToUnixMillis(u.created_at), 1'000);
  EXPECT_EQ(u.language, "es");
}

TEST(RowReaders, ASuppressionWithoutACampaignHasNone) {
  Suppression manual = ReadSuppression(
      FakeRow({std::string("a@x.pe"), std::string("manual"), std::monostate{}, int64_t{5}}));
  EXPECT_EQ(manual.reason, SuppressionReason::kManual);
  EXPECT_FALSE(manual.campaign_id.has_value());
  Suppression found = ReadSuppression(
      FakeRow({std::string("b@x.pe"), std::string("bounced"), int64_t{9}, int64_t{5}}));
  EXPECT_EQ(found.reason, SuppressionReason::kBounced);
  EXPECT_EQ(found.campaign_id, std::optional<int64_t>(9));
}

TEST(RowReaders, AContactWithoutAnEmailReadsEmpty) {
  Contact c = ReadContact(FakeRow({int64_t{3}, std::monostate{}, std::string("-100123"),
                                   std::string("Luz"), std::string("{\"Ciudad\":\"Lima\"}")}));
  EXPECT_EQ(c.id, 3);
  EXPECT_EQ(c.email, "");
  EXPECT_EQ(c.chat_id, "-100123");
  EXPECT_EQ(c.fields_json, "{\"Ciudad\":\"Lima\"}");
  ContactList l = ReadList(FakeRow({int64_t{2}, std::string("clientes"), int64_t{1500}}));
  EXPECT_EQ(l.name, "clientes");
  EXPECT_EQ(l.members, 1500);
}

TEST(RowReaders, ATaskCountsTheAttemptItStarts) {
  DeliveryTask t = ReadTask(FakeRow({int64_t{11}, int64_t{42}, int64_t{3}, std::string("a@x.pe"),
                                     int64_t{2}, std::string("Ana"), std::string("{}")}));
  EXPECT_EQ(t.delivery_id, 11);
  EXPECT_EQ(t.seq, 42);
  EXPECT_EQ(t.contact_id, 3);
  EXPECT_EQ(t.address, "a@x.pe");
  EXPECT_EQ(t.attempts, 2);
  EXPECT_EQ(t.name, "Ana");
}

TEST(RowReaders, CountersAreReadFromTheirFirstColumnInTheOrderTheSumsName) {
  std::vector<Value> row{std::string("campaign columns before")};
  for (int64_t n = 1; n <= 8; ++n) row.emplace_back(n);
  Counters k = ReadCounters(FakeRow(row), 1);
  EXPECT_EQ(k.pending, 1);
  EXPECT_EQ(k.in_flight, 2);
  EXPECT_EQ(k.sent, 3);
  EXPECT_EQ(k.failed, 4);
  EXPECT_EQ(k.unavailable, 5);
  EXPECT_EQ(k.suppressed, 6);
  EXPECT_EQ(k.unknown, 7);
  EXPECT_EQ(k.cancelled, 8);
  // A campaign with no ranges, in an outer join: all zero.
  EXPECT_EQ(ReadCounters(FakeRow(std::vector<Value>(9)), 1).total(), 0);
}

}  // namespace
}  // namespace pregon::store
