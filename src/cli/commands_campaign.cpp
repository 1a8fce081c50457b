// pregon campaign create|send|pause|resume|cancel|status|events.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/attachment_files.h"
#include "app/audience/contact_importer.h"
#include "app/campaign_service.h"
#include "app/json_views.h"
#include "cli/context.h"
#include "cli/flag_names.h"
#include "core/duration.h"
#include "core/time_format.h"

namespace pregon::cli {

namespace {

struct CreateFlags {
  CampaignSpec spec;
  CampaignSpecText text;
  std::string text_file, html_file;
  std::vector<std::string> attach;
};

Status ResolveCreateFlags(CreateFlags& f) {
  if (!f.text_file.empty()) {
    if (!f.spec.text.empty())
      return Status::InvalidArgument("give --text or --text-file, not both");
    PREGON_ASSIGN_OR_RETURN(f.spec.text, ReadWholeFile(f.text_file, 1 << 20));
  }
  if (!f.html_file.empty()) {
    PREGON_ASSIGN_OR_RETURN(f.spec.html, ReadWholeFile(f.html_file, 1 << 20));
  }
  if (!f.attach.empty()) {
    PREGON_ASSIGN_OR_RETURN(f.spec.attachments, LoadAttachments(f.attach));
  }
  return ResolveSpecText(f.text, &f.spec);
}

void PrintStatusHuman(const CampaignStatusView& v) {
  const auto& k = v.counters;
  std::cout << "campaign " << v.campaign.id << " '" << v.campaign.name
            << "': " << CampaignStatusName(v.campaign.status) << "\n"
            << "  total " << k.total() << " = pending " << k.pending << " + in flight "
            << k.in_flight << " + sent " << k.sent << " + failed " << k.failed << " + unavailable "
            << k.unavailable << " + suppressed " << k.suppressed << " + unknown " << k.unknown
            << " + cancelled " << k.cancelled << "\n";
  if (v.campaign.started_at)
    std::cout << "  started   " << FormatIso8601(*v.campaign.started_at) << "\n";
  if (v.campaign.completed_at)
    std::cout << "  completed " << FormatIso8601(*v.campaign.completed_at) << "\n";
}

void AddCreate(CLI::App& campaign, Context& ctx) {
  auto f = std::make_shared<CreateFlags>();
  auto* create = campaign.add_subcommand("create", "create a campaign (saving never sends)");
  create->add_option("--name", f->spec.name, "campaign name")->required();
  create->add_option("--sender", f->spec.sender, "sender name")->required();
  create->add_option("--list", f->spec.list, "contact list name")->required();
  create->add_option("--subject", f->spec.subject, "subject (e-mail); Mustache: {{name}}");
  create->add_option("--text", f->spec.text, "text body; Mustache: {{name}}, {{any_field}}");
  create->add_option("--text-file", f->text_file, "text body from a file");
  create->add_option("--html-file", f->html_file,
                     "HTML body from a file (values are HTML-escaped)");
  create->add_option("--reply-to", f->spec.reply_to, "Reply-To address");
  create->add_option(
      "--attach", f->attach,
      "attach FILE to every message (repeatable; e-mail only; 5 MiB a file, 10 MiB in all)");
  create->add_option(
      "--template-id", f->spec.template_id,
      "relay: send the provider-side template T with each contact's fields as its model");
  create->add_option("--parse-mode", f->spec.parse_mode,
                     "telegram: HTML, MarkdownV2 or Markdown (default: plain text)");
  create->add_option("--batch-size", f->spec.throttle.batch_size,
                     "recipients per batch (default 50)");
  create->add_option("--batch-pause", f->text.batch_pause,
                     "pause between batches, e.g. 12m (default 0s)");
  create->add_option("--rate", f->spec.throttle.rate,
                     "messages per second (default: the sender's)");
  create->add_option("--max-attempts", f->spec.throttle.max_attempts,
                     "tries per message on transient failures (default 5)");
  create->add_option("--scheduled-at", f->text.scheduled_at,
                     "ISO 8601 time to send at (without a zone: --tz, else UTC)");
  create->add_option("--guarantee", f->text.guarantee, "at_most_once (default) or at_least_once");
  create->add_option("--tracking", f->text.tracking,
                     "open and click tracking: pregon (default), provider (relay) or off");
  create->add_option("--window", f->text.window, "daily send window HH:MM-HH:MM (with --tz)");
  create->add_option("--tz", f->text.time_zone, "IANA time zone for --window and --scheduled-at");
  create->add_flag("--json", ctx.json, "print {\"id\": ...}");
  create->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_RETURN_IF_ERROR(ResolveCreateFlags(*f));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      CampaignService service(*store, ctx.clock());
      PREGON_ASSIGN_OR_RETURN(int64_t id, service.Create(f->spec));
      ctx.Print({{"id", id}}, [&] {
        std::cout << "campaign " << id << " created ("
                  << (f->spec.scheduled_at ? "scheduled for " + FormatIso8601(*f->spec.scheduled_at)
                                           : std::string("draft"))
                  << ")\n";
      });
      return Status::Ok();
    };
  });
}

void AddSend(CLI::App& campaign, Context& ctx) {
  auto ids = std::make_shared<std::vector<int64_t>>();
  auto* send = campaign.add_subcommand("send", "send now (many ids = the multi-select action)");
  send->add_option("ids", *ids, "campaign ids")->required();
  send->add_flag("--json", ctx.json, "print {\"results\": [...]}");
  send->callback([&ctx, ids] {
    ctx.action = [&ctx, ids]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      CampaignService service(*store, ctx.clock());
      auto results = service.Send(*ids);
      nlohmann::json arr = nlohmann::json::array();
      int failed = 0;
      for (size_t i = 0; i < ids->size(); ++i) {
        const auto& st = results[i];
        arr.push_back(
            {{"id", (*ids)[i]}, {"ok", st.ok()}, {"error", st.ok() ? "" : CliMessage(st)}});
        if (!st.ok()) {
          ++failed;
          if (!ctx.json) std::cerr << "campaign " << (*ids)[i] << ": " << CliMessage(st) << "\n";
        }
      }
      ctx.Print({{"results", arr}}, [&] {
        for (size_t i = 0; i < ids->size(); ++i)
          if (results[i].ok()) std::cout << "campaign " << (*ids)[i] << " queued for sending\n";
      });
      if (failed == 0) return Status::Ok();
      return Status::FailedPrecondition(std::to_string(failed) + " of " +
                                        std::to_string(ids->size()) +
                                        " campaigns could not be sent");
    };
  });
}

void AddAction(CLI::App& campaign, Context& ctx, const char* name, CampaignAction action,
               const char* help) {
  auto id = std::make_shared<int64_t>(0);
  auto* cmd = campaign.add_subcommand(name, help);
  cmd->add_option("id", *id, "campaign id")->required();
  cmd->add_flag("--json", ctx.json, "print {\"id\", \"status\"}");
  cmd->callback([&ctx, id, action] {
    ctx.action = [&ctx, id, action]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      CampaignService service(*store, ctx.clock());
      PREGON_ASSIGN_OR_RETURN(CampaignStatus st, service.Apply(*id, action));
      ctx.Print({{"id", *id}, {"status", CampaignStatusName(st)}}, [&] {
        std::cout << "campaign " << *id << " is now " << CampaignStatusName(st) << "\n";
      });
      return Status::Ok();
    };
  });
}

void AddStatusAndEvents(CLI::App& campaign, Context& ctx) {
  auto id = std::make_shared<int64_t>(0);
  auto* status = campaign.add_subcommand("status", "status and exact counters");
  status->add_option("id", *id, "campaign id")->required();
  status->add_flag("--json", ctx.json, "print the status as JSON");
  status->callback([&ctx, id] {
    ctx.action = [&ctx, id]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      CampaignService service(*store, ctx.clock());
      PREGON_ASSIGN_OR_RETURN(CampaignStatusView v, service.GetStatus(*id));
      ctx.Print(CampaignStatusJson(v.campaign, v.counters), [&] { PrintStatusHuman(v); });
      return Status::Ok();
    };
  });

  auto eid = std::make_shared<int64_t>(0);
  auto* events = campaign.add_subcommand("events", "the campaign's event log");
  events->add_option("id", *eid, "campaign id")->required();
  events->add_flag("--json", ctx.json, "print {\"events\": [...]}");
  events->callback([&ctx, eid] {
    ctx.action = [&ctx, eid]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->GetCampaign(*eid).status());
      nlohmann::json arr = nlohmann::json::array();
      std::vector<CampaignEvent> all;
      int64_t after = 0;
      for (;;) {
        PREGON_ASSIGN_OR_RETURN(auto page, store->ListEvents(*eid, after, 1000));
        if (page.empty()) break;
        after = page.back().id;
        for (auto& e : page) all.push_back(std::move(e));
      }
      for (const auto& e : all) arr.push_back(EventJson(e));
      ctx.Print({{"events", arr}}, [&] {
        for (const auto& e : all)
          std::cout << FormatIso8601(e.ts) << "  " << e.kind << "  " << e.message
                    << (e.request_id.empty() ? "" : "  [req " + e.request_id + "]") << "\n";
      });
      return Status::Ok();
    };
  });
}

}  // namespace

void AddCampaignCommands(CLI::App& app, Context& ctx) {
  auto* campaign = app.add_subcommand(
      "campaign", "campaigns: create, preview, test, send, pause, resume, cancel, status");
  campaign->require_subcommand(1);
  AddCreate(*campaign, ctx);
  AddSend(*campaign, ctx);
  AddAction(*campaign, ctx, "pause", CampaignAction::kPause,
            "pause a sending campaign (within one batch)");
  AddAction(*campaign, ctx, "resume", CampaignAction::kResume, "resume a paused campaign");
  AddAction(*campaign, ctx, "cancel", CampaignAction::kCancel, "cancel: nothing more is sent");
  AddStatusAndEvents(*campaign, ctx);
  AddCampaignMessageCommands(*campaign, ctx);
  AddCampaignEngagementCommands(*campaign, ctx);
}

}  // namespace pregon::cli
