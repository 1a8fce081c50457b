// Config: every setting pregon reads, resolved as  command-line flag  >  environment
// variable  >  .env file  >  default. `pregon --help` prints the table (DESIGN §4).
//
// Thread-safety: fill it before starting threads; reads are then safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace pregon::cli {

struct Setting {
  const char* env;  // DATABASE_URL, PREGON_LEASE_TTL, ...
  const char* default_value;
  const char* help;
};

// The settings pregon knows, in the order --help shows them.
const std::vector<Setting>& AllSettings();

class Config {
 public:
  // `dotenv_path` is read if it exists (a missing file is fine; a malformed line is not).
  // `environ_lookup` is getenv in production; tests pass their own.
  static Result<Config> Load(const std::string& dotenv_path,
                             std::optional<std::string> (*environ_lookup)(const char*));

  // A flag given on the command line wins over everything else.
  void SetFlag(const std::string& env, const std::string& value) { flags_[env] = value; }

  // The resolved value. REQUIRES: `env` is one of AllSettings().
  std::string Get(const std::string& env) const;
  // Where the value came from: "flag", "environment", ".env" or "default".
  std::string SourceOf(const std::string& env) const;

  // Parses KEY=VALUE lines: blank lines and # comments skipped, optional `export `, values
  // optionally in single or double quotes. InvalidArgument naming the line otherwise.
  static Result<std::map<std::string, std::string>> ParseDotenv(std::string_view content);

 private:
  std::map<std::string, std::string> flags_, environ_, dotenv_;
};

std::optional<std::string> GetEnv(const char* name);

// The help epilogue: one line per setting with its default.
std::string SettingsHelp();

}  // namespace pregon::cli
