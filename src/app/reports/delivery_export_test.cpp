#include "app/reports/delivery_export.h"

#include <gtest/gtest.h>

#include "core/csv.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

// A started campaign of `n` recipients u0@x.com.. (every delivery pending).
int64_t StartedCampaign(Store& store, FakeClock& clock, int n) {
  Sender s;
  s.name = "out";
  s.kind = ChannelKind::kSandbox;
  Campaign c;
  c.name = "big";
  c.sender_id = store.CreateSender(s).value();
  c.list_id = store.EnsureList("all", clock.Now())->id;
  std::vector<ContactRecord> rows;
  for (int i = 0; i < n; ++i) rows.push_back({"u" + std::to_string(i) + "@x.com", "", "", "{}"});
  EXPECT_TRUE(store.ImportContacts(c.list_id, rows, clock.Now()).ok());
  c.text_body = "hi";
  const int64_t id = store.CreateCampaign(c, clock.Now()).value();
  EXPECT_TRUE(store.ApplyCampaignAction(id, CampaignAction::kSend, clock.Now()).ok());
  EXPECT_TRUE(store.StartCampaign(id, clock.Now()).ok());
  return id;
}

TEST(DeliveryCsvExport, PagesThroughEveryDeliveryOnceWithOneHeader) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  const int n = 2 * DeliveryCsvExport::kPageRows + 345;
  const int64_t id = StartedCampaign(*store, clock, n);

  DeliveryCsvExport export_(*store, id);
  std::string csv;
  int pieces = 0;
  while (!export_.done()) {
    auto piece = export_.Next();
    ASSERT_TRUE(piece.ok()) << piece.status().ToString();
    csv += *piece;
    ++pieces;
  }
  EXPECT_EQ(pieces, 3) << "a page at a time";
  EXPECT_EQ(export_.rows(), n);
  EXPECT_EQ(*export_.Next(), "") << "nothing more once done";

  auto reader = CsvReader::Open(csv);
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  Status error;
  ASSERT_TRUE(reader->Next(&record, &error));
  EXPECT_EQ(record.fields,
            (std::vector<std::string>{"address", "status", "attempts", "last_error", "sent_at",
                                      "provider_status", "opens", "clicks"}));
  int rows = 0;
  while (reader->Next(&record, &error)) {
    ASSERT_EQ(record.fields.size(), 8u) << "line " << record.line;
    EXPECT_EQ(record.fields[0], "u" + std::to_string(rows) + "@x.com") << "in send order";
    EXPECT_EQ(record.fields[1], "pending");
    EXPECT_EQ(record.fields[4], "") << "not sent yet";
    ++rows;
  }
  EXPECT_TRUE(error.ok()) << error.ToString();
  EXPECT_EQ(rows, n);
}

TEST(DeliveryCsvExport, AnExactNumberOfPagesEndsWithAnEmptyPiece) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  const int64_t id = StartedCampaign(*store, clock, DeliveryCsvExport::kPageRows);
  DeliveryCsvExport export_(*store, id);
  EXPECT_FALSE(export_.Next()->empty());
  EXPECT_FALSE(export_.done()) << "a full page may have a next one";
  EXPECT_EQ(*export_.Next(), "");
  EXPECT_TRUE(export_.done());
  EXPECT_EQ(export_.rows(), DeliveryCsvExport::kPageRows);
}

}  // namespace
}  // namespace pregon
