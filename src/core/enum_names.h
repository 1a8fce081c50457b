// Tables of an enum's values and their names, as stored and shown ("in_flight", "human"), and
// the lookups both ways — one way to write them for every enum that has names.
//
//   constexpr std::array<std::pair<Color, std::string_view>, 2> kColors = {{
//       {Color::kRed, "red"}, {Color::kBlue, "blue"}}};
//   NameIn(kColors, Color::kRed) == "red";   ValueIn(kColors, "blue") == Color::kBlue
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pregon {

template <typename E, size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`; "?" when the table lacks it.
template <typename E, size_t N>
std::string_view NameIn(const EnumNames<E, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "?";
}

template <typename E, size_t N>
std::optional<E> ValueIn(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

// "a, b or c", for error messages.
template <typename E, size_t N>
std::string NamesIn(const EnumNames<E, N>& table) {
  std::string out;
  for (size_t i = 0; i < N; ++i)
    out += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(table[i].second);
  return out;
}

}  // namespace pregon
