#include "app/slots/slot_messages.h"

#include <fmt/format.h>

#include "core/slots.h"

namespace pregon {

std::string SlotFullMessage(Language language, int hour, int max_users) {
  if (language == Language::kSpanish)
    return fmt::format("La hora {} está llena (máx {} {})", HourLabel(hour), max_users,
                       max_users == 1 ? "usuario" : "usuarios");
  return fmt::format("The {} slot is full (at most {} {})", HourLabel(hour), max_users,
                     max_users == 1 ? "user" : "users");
}

std::string NoSlotWithRoomMessage(Language language, int weight) {
  if (language == Language::kSpanish)
    return fmt::format("Ninguna hora disponible tiene cupo para esta reserva (peso {})", weight);
  return fmt::format("No bookable hour has room for this reservation (weight {})", weight);
}

}  // namespace pregon
