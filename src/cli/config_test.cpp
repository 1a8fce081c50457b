#include "cli/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/context.h"

namespace pregon::cli {
namespace {

std::optional<std::string> FakeEnv(const char* name) {
  if (std::string(name) == "PREGON_LEASE_TTL") return "45s";
  if (std::string(name) == "DATABASE_URL") return "sqlite://env.db";
  return std::nullopt;
}

std::string WriteDotenv(const std::string& text) {
  auto path =
      std::filesystem::temp_directory_path() / ("pregon-dotenv-" + std::to_string(::getpid()));
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, FlagBeatsEnvironmentBeatsDotenvBeatsDefault) {
  auto path = WriteDotenv(
      "DATABASE_URL=sqlite://dotenv.db\nPREGON_LEASE_TTL=10s\nPREGON_LOG_LEVEL=debug\n");
  auto c = Config::Load(path, FakeEnv);
  ASSERT_TRUE(c.ok());
  c->SetFlag("DATABASE_URL", "sqlite://flag.db");
  EXPECT_EQ(c->Get("DATABASE_URL"), "sqlite://flag.db");
  EXPECT_EQ(c->SourceOf("DATABASE_URL"), "flag");
  EXPECT_EQ(c->Get("PREGON_LEASE_TTL"), "45s");
  EXPECT_EQ(c->SourceOf("PREGON_LEASE_TTL"), "environment");
  EXPECT_EQ(c->Get("PREGON_LOG_LEVEL"), "debug");
  EXPECT_EQ(c->SourceOf("PREGON_LOG_LEVEL"), ".env");
  EXPECT_EQ(c->Get("PREGON_WORKER_CONCURRENCY"), "2");
  EXPECT_EQ(c->SourceOf("PREGON_WORKER_CONCURRENCY"), "default");
  std::filesystem::remove(path);
}

TEST(Config, MissingDotenvIsFine) {
  auto c = Config::Load("/nonexistent/.env", FakeEnv);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Get("DATABASE_URL"), "sqlite://env.db");
}

TEST(Config, DotenvSyntax) {
  auto m = Config::ParseDotenv("# comment\n\nexport A=1\nB = \"two words\"\nC='x=y'\n");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->at("A"), "1");
  EXPECT_EQ(m->at("B"), "two words");
  EXPECT_EQ(m->at("C"), "x=y");
  auto bad = Config::ParseDotenv("A=1\nnot a setting\n");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
}

TEST(Config, HelpListsEverySetting) {
  auto help = SettingsHelp();
  for (const auto& s : AllSettings()) EXPECT_NE(help.find(s.env), std::string::npos) << s.env;
}

TEST(Config, ByteSizes) {
  EXPECT_EQ(*ByteSizeSetting("S", "1048576"), 1048576u);
  EXPECT_EQ(*ByteSizeSetting("S", "16MiB"), 16u << 20);
  EXPECT_EQ(*ByteSizeSetting("S", "512KiB"), 512u << 10);
  EXPECT_EQ(*ByteSizeSetting("S", "2M"), 2u << 20);
  EXPECT_EQ(*ByteSizeSetting("S", "1GiB"), size_t{1} << 30);
  for (const char* bad : {"", "0", "MiB", "16 MiB", "-1", "1.5MiB", "16mb", "99999999999999999"}) {
    auto r = ByteSizeSetting("PREGON_HTTP_MAX_BODY", bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().rfind("PREGON_HTTP_MAX_BODY", 0), 0u);
    }
  }
}

TEST(Config, ServeSettingsHaveDefaults) {
  auto c = Config::Load("", FakeEnv);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Get("PREGON_LISTEN"), "127.0.0.1:8080");
  EXPECT_EQ(c->Get("PREGON_ALLOWED_HOSTS"), "localhost,127.0.0.1,::1");
  EXPECT_EQ(*ByteSizeSetting("PREGON_HTTP_MAX_BODY", c->Get("PREGON_HTTP_MAX_BODY")), 16u << 20);
  EXPECT_EQ(c->Get("PREGON_COOKIE_SECURE"), "true");
}

}  // namespace
}  // namespace pregon::cli
