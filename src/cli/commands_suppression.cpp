// pregon suppression list|add|remove|import: the addresses no campaign sends to.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/audience/contact_importer.h"
#include "app/json_views.h"
#include "app/suppression_service.h"
#include "cli/context.h"
#include "core/time_format.h"

namespace pregon::cli {

namespace {

struct SuppressionFlags {
  std::string address;
  std::string reason;
  std::string file;
};

Result<std::optional<SuppressionReason>> OptionalReason(const std::string& reason) {
  if (reason.empty()) return std::optional<SuppressionReason>();
  PREGON_ASSIGN_OR_RETURN(SuppressionReason r, ParseSuppressionReason(reason));
  return std::optional<SuppressionReason>(r);
}

void AddList(CLI::App& group, Context& ctx) {
  auto f = std::make_shared<SuppressionFlags>();
  auto* cmd = group.add_subcommand("list", "list suppressed addresses, in address order");
  cmd->add_option("address", f->address, "only this address (shows whether it is suppressed)");
  cmd->add_option("--reason", f->reason, "only this reason");
  cmd->add_flag("--json", ctx.json, "print {\"suppressions\": [...]}");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      SuppressionService service(*store, ctx.clock());
      SuppressionQuery query;
      PREGON_ASSIGN_OR_RETURN(query.reason, OptionalReason(f->reason));
      nlohmann::json arr = nlohmann::json::array();
      for (;;) {
        PREGON_ASSIGN_OR_RETURN(auto page, service.Page(query, f->address));
        for (const auto& s : page) {
          if (ctx.json) {
            arr.push_back(SuppressionJson(s));
          } else {
            std::cout << s.address << "\t" << SuppressionReasonName(s.reason) << "\t"
                      << FormatIso8601(s.created_at) << "\t"
                      << (s.campaign_id ? "campaign " + std::to_string(*s.campaign_id) : "")
                      << "\n";
          }
        }
        if (static_cast<int>(page.size()) < query.limit) break;
        query.after_address = page.back().address;
      }
      if (ctx.json) ctx.Print({{"suppressions", arr}}, [] {});
      return Status::Ok();
    };
  });
}

void AddAdd(CLI::App& group, Context& ctx) {
  auto f = std::make_shared<SuppressionFlags>();
  f->reason = "manual";
  auto* cmd = group.add_subcommand("add", "suppress an address (e-mail or chat id)");
  cmd->add_option("address", f->address, "e-mail address or Telegram chat id")->required();
  cmd->add_option("--reason", f->reason,
                  "unavailable, unsubscribed, bounced, complaint or manual (default)");
  cmd->add_flag("--json", ctx.json, "print {\"address\", \"reason\", \"added\"}");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(SuppressionReason reason, ParseSuppressionReason(f->reason));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      bool added = false;
      PREGON_ASSIGN_OR_RETURN(
          Suppression row, SuppressionService(*store, ctx.clock()).Add(f->address, reason, &added));
      const std::string& address = row.address;
      ctx.Print({{"address", address}, {"reason", f->reason}, {"added", added}}, [&] {
        std::cout << address << (added ? " suppressed" : " was already suppressed; reason now")
                  << " (" << f->reason << ")\n";
      });
      return Status::Ok();
    };
  });
}

void AddRemove(CLI::App& group, Context& ctx) {
  auto f = std::make_shared<SuppressionFlags>();
  auto* cmd =
      group.add_subcommand("remove", "stop suppressing an address (later campaigns send to it)");
  cmd->add_option("address", f->address, "e-mail address or Telegram chat id")->required();
  cmd->add_option("--reason", f->reason, "only when it is suppressed for this reason");
  cmd->add_flag("--json", ctx.json, "print {\"address\", \"removed\"}");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(std::string address, NormalizeChannelAddress(f->address));
      PREGON_ASSIGN_OR_RETURN(std::optional<SuppressionReason> reason, OptionalReason(f->reason));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(SuppressionService(*store, ctx.clock()).Remove(address, reason));
      ctx.Print({{"address", address}, {"removed", true}},
                [&] { std::cout << address << " is no longer suppressed\n"; });
      return Status::Ok();
    };
  });
}

void AddImport(CLI::App& group, Context& ctx) {
  auto f = std::make_shared<SuppressionFlags>();
  f->reason = "manual";
  auto* cmd = group.add_subcommand("import",
                                   "suppress the addresses of a CSV (header row; address, email or "
                                   "chat_id column; optional reason column)");
  cmd->add_option("file", f->file, "the CSV file")->required();
  cmd->add_option("--reason", f->reason, "reason for rows without one (default manual)");
  cmd->add_flag("--json", ctx.json, "print the import report as JSON");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(SuppressionReason reason, ParseSuppressionReason(f->reason));
      PREGON_ASSIGN_OR_RETURN(std::string content, ReadWholeFile(f->file, 1ull << 30));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      auto report = SuppressionService(*store, ctx.clock()).ImportCsv(content, reason);
      if (!report.ok()) return report.status().WithContext(f->file);
      ctx.Print(SuppressionImportJson(*report), [&] {
        std::cout << f->file << ": " << report->counts.added << " suppressed, "
                  << report->counts.updated << " already suppressed (updated), "
                  << report->issues.size() << " skipped\n";
        for (const auto& i : report->issues)
          std::cout << "  line " << i.line << ": " << i.reason << "\n";
      });
      if (!report->issues.empty())
        return Status::InvalidArgument(
            std::to_string(report->issues.size()) +
            " rows skipped (see the report above); the others were imported");
      return Status::Ok();
    };
  });
}

}  // namespace

void AddSuppressionCommands(CLI::App& app, Context& ctx) {
  auto* group =
      app.add_subcommand("suppression", "the suppression list: addresses no campaign sends to");
  group->require_subcommand(1);
  AddList(*group, ctx);
  AddAdd(*group, ctx);
  AddRemove(*group, ctx);
  AddImport(*group, ctx);
}

}  // namespace pregon::cli
