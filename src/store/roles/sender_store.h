// SenderStore: the sending identities (relay accounts, SMTP accounts, Telegram bots).
// Secrets are stored as given; nothing above the store returns them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/sender.h"
#include "core/status.h"

namespace pregon {

class SenderStore {
 public:
  virtual ~SenderStore() = default;

  // AlreadyExists when the name is taken. REQUIRES: sender.Validate().ok()
  virtual Result<int64_t> CreateSender(const Sender& sender) = 0;
  virtual Result<Sender> GetSender(int64_t id) = 0;              // NotFound
  virtual Result<Sender> FindSender(std::string_view name) = 0;  // NotFound
  virtual Result<std::vector<Sender>> ListSenders() = 0;         // by id
};

}  // namespace pregon
