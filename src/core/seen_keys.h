// SeenKeys: which keys (e-mail addresses, chat ids) a stream of rows has shown, and on which
// line first — the duplicate check of an import, in 12 bytes a slot instead of a string's
// ~70, so a million-row file's check fits in about 25 MB.
//
// Keys are kept as 64-bit hashes, not as text: two different keys taken for one has a
// probability of about n²/2⁶⁵ (3·10⁻⁸ for a million keys; the row is then reported as a
// duplicate, never lost silently). An open-addressing table with linear probing, at most
// half full.
//
// Thread-safety: not safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pregon {

class SeenKeys {
 public:
  // The line that first showed `key`, or nullopt.
  std::optional<int> Find(std::string_view key) const;
  // Remembers that `key` was first shown on `line`, unless it was seen before.
  void Insert(std::string_view key, int line);
  size_t size() const { return size_; }

 private:
  static uint64_t HashOf(std::string_view key);
  size_t SlotOf(uint64_t hash) const;  // where `hash` is, or the empty slot it would take
  void Grow();

  std::vector<uint64_t> hashes_;  // 0 = an empty slot (a key hashing to 0 is kept as 1)
  std::vector<int32_t> lines_;
  size_t size_ = 0;
};

}  // namespace pregon
