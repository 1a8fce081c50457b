// What a client reads when a reservation is refused, in its language (core/language.h): the
// reporter page shows these texts as they are, as the replaced system's did.
#pragma once

#include <string>

#include "core/language.h"

namespace pregon {

// "La hora 07:00 está llena (máx 10 usuarios)" / "The 07:00 slot is full (at most 10 users)".
std::string SlotFullMessage(Language language, int hour, int max_users);
// No hour given, and no bookable hour has room for a reservation of this weight.
std::string NoSlotWithRoomMessage(Language language, int weight);

}  // namespace pregon
