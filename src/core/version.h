// pregon's version, as `pregon --version` prints it and /metrics reports it (build info):
// the project version CMakeLists.txt declares, which also names the Debian package.
#pragma once

#include <string_view>

namespace pregon {

inline constexpr std::string_view kPregonVersion = PREGON_VERSION;

}  // namespace pregon
