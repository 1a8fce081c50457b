// Test helpers: a fresh, migrated SQLite store in a temp file, and stored things tests need.
// For tests only.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "core/clock.h"
#include "store/store_factory.h"
#include "store/store_test_backends.h"

namespace pregon::testing {

inline std::unique_ptr<Store> NewTempSqliteStore() {
  auto url = FreshSqliteUrl();  // removed when the test process exits
  auto s = OpenStore(*url);
  if (!s.ok() || !(*s)->Migrate().ok()) std::abort();
  return std::move(s).value();
}

// A relay campaign with no recipients, sent at the clock's now and finished (done) `took`
// later (the clock is moved); its send window names only `zone` ("" = none). Aborts when the
// store refuses a step.
inline int64_t FinishedRelayCampaign(Store& store, FakeClock& clock, const std::string& name,
                                     const std::string& zone, Millis took = Millis(0),
                                     const std::string& sender_zone = "") {
  Sender s;
  s.name = name;
  s.kind = ChannelKind::kRelay;
  s.base_url = "http://relay.test/";
  s.time_zone = sender_zone;
  Campaign c;
  c.name = name;
  c.sender_id = store.CreateSender(s).value();
  c.list_id = store.EnsureList(name, clock.Now())->id;
  c.text_body = "hi";
  c.window.time_zone = zone;  // start == end: any time of day
  const int64_t id = store.CreateCampaign(c, clock.Now()).value();
  if (!store.ApplyCampaignAction(id, CampaignAction::kSend, clock.Now()).ok() ||
      !store.StartCampaign(id, clock.Now()).ok())
    std::abort();
  clock.Advance(took);
  if (store.FinalizeCampaigns(clock.Now()).value().size() != 1) std::abort();
  return id;
}

}  // namespace pregon::testing
