// pregon's version, as `pregon --version` prints it and /metrics reports it (build info).
#pragma once

#include <string_view>

namespace pregon {

inline constexpr std::string_view kPregonVersion = "0.1.0";

}  // namespace pregon
