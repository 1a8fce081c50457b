// pregon sender add|list, pregon contacts import.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/audience/contact_importer.h"
#include "app/json_views.h"
#include "cli/context.h"
#include "core/url.h"

namespace pregon::cli {

namespace {

struct SenderFlags {
  Sender s;
  std::string kind;
};

void AddSenderCommands(CLI::App& app, Context& ctx) {
  auto* sender =
      app.add_subcommand("sender", "sending identities (relay, smtp, telegram, sandbox)");
  sender->require_subcommand(1);
  auto flags = std::make_shared<SenderFlags>();
  auto* add = sender->add_subcommand("add", "add a sender");
  add->add_option("--name", flags->s.name, "unique name")->required();
  add->add_option("--kind", flags->kind, "relay | smtp | telegram | sandbox")->required();
  add->add_option("--base-url", flags->s.base_url, "provider API base URL (sandbox: outbox file)");
  add->add_option("--api-key", flags->s.api_key, "relay API key (never printed)");
  add->add_option("--auth-scheme", flags->s.auth_scheme,
                  "relay Authorization scheme: Bearer or token");
  add->add_option("--account-id", flags->s.account_id, "relay account id");
  add->add_option("--from-email", flags->s.from_email, "From address");
  add->add_option("--from-name", flags->s.from_name, "From display name");
  add->add_option("--bot-token", flags->s.bot_token, "Telegram bot token (never printed)");
  add->add_option("--smtp-url", flags->s.smtp_url,
                  "smtp://user:pass@host:587 (STARTTLS required; ?starttls=optional|never) or "
                  "smtps://host:465");
  auto* rate = add->add_option(
      "--rate", flags->s.rate,
      "messages per second (0 = unlimited; telegram default 30, the Bot API's broadcast limit)");
  add->add_option("--burst", flags->s.burst,
                  "allow bursts: a token bucket of this size (burst + rate may go out in one "
                  "second); default none: never more than the rate in any second");
  add->add_option("--concurrency", flags->s.concurrency, "requests in flight at once (default 16)");
  add->add_option("--tz", flags->s.time_zone,
                  "relay: the IANA zone the provider's report days are in, e.g. "
                  "America/Santiago (default: the campaign's send-window zone, else UTC)");
  add->add_flag("--json", ctx.json, "print {\"id\": ...}");
  add->callback([&ctx, flags, rate] {
    ctx.action = [&ctx, flags, rate]() -> Status {
      PREGON_ASSIGN_OR_RETURN(flags->s.kind, ParseChannelKind(flags->kind));
      ApplySenderDefaults(flags->s, /*rate_given=*/rate->count() > 0);
      PREGON_RETURN_IF_ERROR(ValidateSenderForChannel(flags->s));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(int64_t id, store->CreateSender(flags->s));
      ctx.Print({{"id", id}, {"name", flags->s.name}}, [&] {
        std::cout << "sender " << id << " '" << flags->s.name << "' (" << flags->kind
                  << ") added\n";
      });
      return Status::Ok();
    };
  });

  auto* list = sender->add_subcommand("list", "list senders (secrets are not shown)");
  list->add_flag("--json", ctx.json, "print {\"senders\": [...]}");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto senders, store->ListSenders());
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& s : senders) arr.push_back(SenderJson(s));
      ctx.Print({{"senders", arr}}, [&] {
        for (const auto& s : senders)
          std::cout << s.id << "\t" << s.name << "\t" << ChannelKindName(s.kind) << "\t"
                    << s.from_email << "\t" << RedactUrl(s.base_url) << "\n";
      });
      return Status::Ok();
    };
  });
}

void AddContactCommands(CLI::App& app, Context& ctx) {
  auto* contacts = app.add_subcommand("contacts", "the audience");
  contacts->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto list = std::make_shared<std::string>();
  auto* import = contacts->add_subcommand(
      "import",
      "import a CSV (header row; email and/or chat_id column, name, any others become fields; "
      "',' or ';'; UTF-8 with or without BOM)");
  import->add_option("file", *file, "the CSV file")->required();
  import->add_option("--list", *list, "list to add the contacts to (created if missing)")
      ->required();
  import->add_flag("--json", ctx.json, "print the import report as JSON");
  import->callback([&ctx, file, list] {
    ctx.action = [&ctx, file, list]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
  ContactImporter importer(*store, ctx.clock());
  PREGON_ASSIGN_OR_RETURN(ImportReport r, importer.ImportFile(*file, *list));
  ctx.Print(ImportReportJson(r), [&] { std::cout << r.Summary() << "\n"; });
  // Skipped rows are reported, and make the exit code say so, but the good rows stay.
  if (r.parsed.skipped > 0)
    return Status::InvalidArgument(std::to_string(r.parsed.skipped) +
                                   " rows skipped (see the report above); the other " +
                                   std::to_string(r.parsed.imported) + " were imported");
  return Status::Ok();
};
}  // namespace
);
}  // namespace pregon::cli

}  // namespace

void AddAudienceCommands(CLI::App& app, Context& ctx) {
  AddSenderCommands(app, ctx);
  AddContactCommands(app, ctx);
}

}  // namespace pregon::cli
