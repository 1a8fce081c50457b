// A CSV export served as a chunked download: a page per step, the next asked for at once
// (http/http_message.h EventSource). It holds an event-stream slot while it lasts, so
// exports cannot take every HTTP thread. `Export` has Result<std::string> Next() and
// bool done() (app/reports/delivery_export.h, app/tracking/engagement_views.h).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "http/call.h"
#include "http/http_message.h"
#include "http/stream_slots.h"

namespace pregon::http {

template <typename Export>
class CsvDownload final : public EventSource {
 public:
  CsvDownload(Export e, std::unique_ptr<StreamSlots::Slot> slot)
      : export_(std::move(e)), slot_(std::move(slot)) {}

  Step Next() override {
    Step step;
    auto piece = export_.Next();
    if (!piece.ok()) {
      // The status line is gone already: end the file with a line saying why, not silently.
      step.text = "# export failed: " + std::string(piece.status().message()) + "\r\n";
      step.done = true;
      return step;
    }
    step.text = std::move(*piece);
    step.done = export_.done();
    step.more = !step.done;
    return step;
  }

 private:
  Export export_;
  const std::unique_ptr<StreamSlots::Slot> slot_;
};

// Answers `call` with `e` as the attachment `filename`, or with 503 when every stream slot
// is taken.
template <typename Export>
void ServeCsv(Call& call, Export e, const std::string& filename) {
  auto slot = call.TakeStreamSlot("or try again when one has finished");
  if (!slot) return;
  call.res.content_type = "text/csv; charset=utf-8";
  call.res.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  call.res.stream = std::make_shared<CsvDownload<Export>>(std::move(e), std::move(slot));
}

}  // namespace pregon::http
