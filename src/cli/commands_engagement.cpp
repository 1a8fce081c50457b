// pregon campaign engagement ID   opens, clicks, unsubscribes, bounces and complaints as
//                                 pregon's own tracking saw them, human and machine apart
// pregon campaign recipients ID   who did what, as CSV (--activity opened|clicked|...)
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "app/tracking/engagement_views.h"
#include "cli/context.h"

namespace pregon::cli {
namespace {

std::string Percent(int64_t part, int64_t whole) {
  return whole > 0 ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / whole) : "-";
}

void PrintEngagement(const CampaignEngagement& e) {
  const EngagementSummary& s = e.summary;
  std::cout << fmt::format("campaign {}  tracking {}  sent {}\n", e.campaign_id, e.tracking, s.sent)
            << "                 unique (human)  rate    total human  total machine  unique "
               "machine only\n"
            << fmt::format("  opens          {:>14}  {:>6}  {:>11}  {:>13}  {:>19}\n", s.opened,
                           Percent(s.opened, s.sent), s.opens, s.machine_opens,
                           s.opened_by_machine_only)
            << fmt::format("  clicks         {:>14}  {:>6}  {:>11}  {:>13}  {:>19}\n", s.clicked,
                           Percent(s.clicked, s.sent), s.clicks, s.machine_clicks,
                           s.clicked_by_machine_only)
            << fmt::format("  unsubscribed   {:>14}  {:>6}\n", s.unsubscribed,
                           Percent(s.unsubscribed, s.sent))
            << fmt::format("  bounced        {:>14}  {:>6}\n", s.bounced,
                           Percent(s.bounced, s.sent))
            << fmt::format("  complained     {:>14}  {:>6}\n", s.complained,
                           Percent(s.complained, s.sent))
            << "(rates of sent; machine = privacy proxies, scanners, no user agent)\n";
  if (!e.links.empty()) std::cout << "top links (human / machine clicks):\n";
  for (size_t i = 0; i < e.links.size() && i < 10; ++i)
    std::cout << fmt::format("  {:>6} / {:<6} {}\n", e.links[i].human_clicks,
                             e.links[i].machine_clicks, e.links[i].url);
}

}  // namespace

void AddCampaignEngagementCommands(CLI::App& campaign, Context& ctx) {
  auto id = std::make_shared<int64_t>(0);
  auto* show = campaign.add_subcommand(
      "engagement", "opens, clicks, unsubscribes, bounces and complaints (pregon's tracking)");
  show->add_option("id", *id, "campaign id")->required();
  show->add_flag("--json", ctx.json, "print it as the API's JSON");
  show->callback([&ctx, id] {
    ctx.action = [&ctx, id]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(Campaign c, store->GetCampaign(*id));
      PREGON_ASSIGN_OR_RETURN(CampaignEngagement e, ReadCampaignEngagement(*store, c));
      ctx.Print(CampaignEngagementJson(e), [&] { PrintEngagement(e); });
      return Status::Ok();
    };
  });

  struct Flags {
    int64_t id = 0;
    std::string activity = "all";
    std::string output;
  };
  auto f = std::make_shared<Flags>();
  auto* list = campaign.add_subcommand(
      "recipients", "who opened, clicked, unsubscribed, bounced or complained, as CSV");
  list->add_option("id", f->id, "campaign id")->required();
  list->add_option("--activity", f->activity,
                   "all (default), opened, clicked, machine_only, unsubscribed, bounced or "
                   "complained");
  list->add_option("--output,-o", f->output, "to this file (default: standard output)");
  list->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(EngagementFilter filter, ParseEngagementFilter(f->activity));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->GetCampaign(f->id).status());
      EngagementCsvExport export_(*store, f->id, filter);
      if (f->output.empty()) return WriteExport(export_, std::cout);
      std::ofstream out(f->output, std::ios::binary);
      if (!out) return Status::InvalidArgument("cannot write " + f->output);
      return WriteExport(export_, out);
    };
  });
}

}  // namespace pregon::cli
