#include "core/seen_keys.h"

#include <functional>

namespace pregon {

namespace {
constexpr size_t kFirstCapacity = 1024;  // a power of two, as every capacity
}  // namespace

uint64_t SeenKeys::HashOf(std::string_view key) {
  const uint64_t h = std::hash<std::string_view>{}(key);
  return h == 0 ? 1 : h;
}

size_t SeenKeys::SlotOf(uint64_t hash) const {
  const size_t mask = hashes_.size() - 1;
  // The low bits pick the slot: libstdc++'s string hash (MurmurHash2) mixes them well.
  size_t i = static_cast<size_t>(hash) & mask;
  while (hashes_[i] != 0 && hashes_[i] != hash) i = (i + 1) & mask;
  return i;
}

std::optional<int> SeenKeys::Find(std::string_view key) const {
  if (hashes_.empty()) return std::nullopt;
  const uint64_t hash = HashOf(key);
  const size_t i = SlotOf(hash);
  if (hashes_[i] == 0) return std::nullopt;
  return lines_[i];
}

void SeenKeys::Insert(std::string_view key, int line) {
  if ((size_ + 1) * 2 > hashes_.size()) Grow();
  const uint64_t hash = HashOf(key);
  const size_t i = SlotOf(hash);
  if (hashes_[i] != 0) return;
  hashes_[i] = hash;
  lines_[i] = line;
  ++size_;
}

void SeenKeys::Grow() {
  std::vector<uint64_t> previous_hashes(hashes_.empty() ? kFirstCapacity : hashes_.size() * 2);
  std::vector<int32_t> previous_lines(previous_hashes.size());
  previous_hashes.swap(hashes_);  // hashes_ is now the larger, empty table
  previous_lines.swap(lines_);
  for (size_t j = 0; j < previous_hashes.size(); ++j) {
    if (previous_hashes[j] == 0) continue;
    const size_t i = SlotOf(previous_hashes[j]);
    hashes_[i] = previous_hashes[j];
    lines_[i] = previous_lines[j];
  }
}

}  // namespace pregon
