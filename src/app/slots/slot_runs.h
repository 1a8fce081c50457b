// When a slot's run is due (DESIGN §1.5): slot hours are hours of the day in the slot time
// zone (PREGON_SLOT_TZ). Each local day has each hour once: an hour a DST change skips runs at
// the first instant after the jump, an hour it repeats runs at its first occurrence.
#pragma once

#include <optional>
#include <string_view>

#include "core/clock.h"
#include "store/roles/slot_store.h"

namespace pregon {

struct SlotHour {
  int hour = 0;            // 0-23, local
  Timestamp scheduled_at;  // the instant that local hour of that day began
};

// The slot hour `now` falls in, in `zone`. InvalidArgument for an unknown zone.
Result<SlotHour> SlotHourAt(Timestamp now, std::string_view zone);
// Hour `hour` of the local day `now` falls on, in `zone`.
Result<SlotHour> SlotHourToday(Timestamp now, int hour, std::string_view zone);

// Creates (or finds) the run of `hour` today — by default the hour `now` is in.
Result<RunCreation> TriggerSlot(SlotStore& store, Timestamp now, std::string_view zone,
                                std::optional<int> hour);

}  // namespace pregon
