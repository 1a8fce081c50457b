// pregon campaign preview|test: a campaign rendered for one contact, and one test message.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/campaign_service.h"
#include "app/json_views.h"
#include "cli/context.h"

namespace pregon::cli {

namespace {

void PrintPreview(const RenderedMessage& r) {
  const OutgoingMessage& m = r.message;
  const Sender& s = r.sender;
  std::cout << "Channel: " << ChannelKindName(s.kind) << " (sender '" << s.name << "')\n";
  if (!s.from_email.empty())
    std::cout << "From: " << (s.from_name.empty() ? "" : s.from_name + " ") << "<" << s.from_email
              << ">\n";
  std::cout << "To: " << (m.to_name.empty() ? "" : m.to_name + " ") << "<" << m.to << ">\n";
  if (!m.reply_to.empty()) std::cout << "Reply-To: " << m.reply_to << "\n";
  if (!m.subject.empty()) std::cout << "Subject: " << m.subject << "\n";
  if (!m.parse_mode.empty()) std::cout << "Parse-Mode: " << m.parse_mode << "\n";
  if (!m.template_id.empty())
    std::cout << "Template: " << m.template_id << "\nModel: " << m.template_model_json << "\n";
  for (const auto& a : r.campaign.attachments)
    std::cout << "Attachment: " << a.filename << " (" << a.content_type << ", " << a.size
              << " bytes)\n";
  if (!m.text.empty()) std::cout << "\n--- text ---\n" << m.text << "\n";
  if (!m.html.empty()) std::cout << "\n--- html ---\n" << m.html << "\n";
}

void AddPreview(CLI::App& campaign, Context& ctx) {
  auto id = std::make_shared<int64_t>(0);
  auto contact = std::make_shared<std::string>();
  auto* cmd = campaign.add_subcommand(
      "preview", "print the campaign rendered for one contact (sends nothing)");
  cmd->add_option("id", *id, "campaign id")->required();
  cmd->add_option("--contact", *contact, "the contact's e-mail address or chat id")->required();
  cmd->add_flag("--json", ctx.json, "print the rendered message as JSON");
  cmd->callback([&ctx, id, contact] {
    ctx.action = [&ctx, id, contact]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      CampaignService service(*store, ctx.clock());
      PREGON_ASSIGN_OR_RETURN(RenderedMessage r, service.Preview(*id, *contact));
      ctx.Print(PreviewJson(r), [&] { PrintPreview(r); });
      return Status::Ok();
    };
  });
}

void AddTest(CLI::App& campaign, Context& ctx) {
  auto id = std::make_shared<int64_t>(0);
  auto to = std::make_shared<std::string>();
  auto* cmd = campaign.add_subcommand(
      "test", "send one test message (the campaign's counters are untouched)");
  cmd->add_option("id", *id, "campaign id")->required();
  cmd->add_option("--to", *to, "e-mail address or chat id to send the test to")->required();
  cmd->add_flag("--json", ctx.json, "print {\"outcome\", \"provider_id\", \"error\"}");
  cmd->callback([&ctx, id, to] {
    ctx.action = [&ctx, id, to]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(ChannelSettings settings, ChannelSettingsFrom(ctx.config()));
      CampaignService service(*store, ctx.clock());
      PREGON_ASSIGN_OR_RETURN(SendResult r, service.TestSend(*id, *to, settings));
      ctx.Print(
          {{"outcome", SendOutcomeName(r.outcome)},
           {"provider_id", r.provider_id},
           {"error", r.error}},
          [&] {
            if (r.outcome == SendOutcome::kSent)
              std::cout << "test message sent to " << *to
                        << (r.provider_id.empty() ? "" : " (provider id " + r.provider_id + ")")
                        << "\n";
          });
      if (r.outcome == SendOutcome::kSent) return Status::Ok();
      return Status::FailedPrecondition("test message to " + *to + " was not sent: " +
                                        std::string(SendOutcomeName(r.outcome)) + ": " + r.error);
    };
  });
}

}  // namespace

void AddCampaignMessageCommands(CLI::App& campaign, Context& ctx) {
  AddPreview(campaign, ctx);
  AddTest(campaign, ctx);
}

}  // namespace pregon::cli
