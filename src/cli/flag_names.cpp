#include "cli/flag_names.h"

#include <utility>

namespace pregon::cli {

std::string FlagOf(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> kNamedOtherwise[] = {
      {"time_zone", "--tz"},
      {"attachments", "--attach"},
      {"html", "--html-file"},
  };
  for (const auto& [name, flag] : kNamedOtherwise)
    if (name == field) return std::string(flag);
  std::string flag = "--";
  for (char c : field) flag += c == '_' ? '-' : c;
  return flag;
}

}  // namespace pregon::cli
