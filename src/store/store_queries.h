// Value types of the Store's listings (one page at a time, by cursor), of authentication
// (users, API tokens, sessions) and of idempotent requests. See store.h for the operations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/delivery.h"
#include "core/user.h"

namespace pregon {

// ListCampaigns: newest first (id descending). Every filter left empty matches all.
struct CampaignQuery {
  std::vector<CampaignStatus> statuses;  // any of these
  std::string name_contains;             // case-insensitive (ASCII) substring of the name
  std::optional<int64_t> sender_id;
  std::optional<int64_t> list_id;
  int64_t before_id = 0;  // page of campaigns with id < before_id (0 = newest)
  int limit = 50;
};

// A campaign with its exact counters, as listings show it.
struct CampaignSummary {
  Campaign campaign;  // attachments not filled
  Counters counters;
};

// ListDeliveries: one campaign's deliveries in seq order.
struct DeliveryQuery {
  int64_t campaign_id = 0;
  std::optional<DeliveryStatus> status;  // only this status (nullopt = all)
  int64_t after_seq = 0;                 // page of deliveries with seq > after_seq
  int limit = 100;
};

// ListContacts: contacts in id order.
struct ContactQuery {
  std::optional<int64_t> list_id;  // only members of this list
  int64_t after_id = 0;            // page of contacts with id > after_id
  int limit = 100;
};

// One request made with an Idempotency-Key. status == 0 while it is being handled; then the
// HTTP status and body of the answer, which a retry with the same key gets again.
struct IdempotencyRecord {
  int64_t user_id = 0;
  std::string key;
  std::string fingerprint;  // method, path and a hash of the body
  int status = 0;
  std::string response;
  Timestamp created_at{};
};

struct SessionUser {
  Session session;
  User user;
};

}  // namespace pregon
