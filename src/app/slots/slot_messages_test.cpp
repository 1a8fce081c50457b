#include "app/slots/slot_messages.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(SlotMessages, SpeakTheClientsLanguage) {
  EXPECT_EQ(SlotFullMessage(Language::kSpanish, 7, 10),
            "La hora 07:00 está llena (máx 10 usuarios)");
  EXPECT_EQ(SlotFullMessage(Language::kEnglish, 17, 1), "The 17:00 slot is full (at most 1 user)");
  EXPECT_EQ(NoSlotWithRoomMessage(Language::kSpanish, 3),
            "Ninguna hora disponible tiene cupo para esta reserva (peso 3)");
  EXPECT_EQ(NoSlotWithRoomMessage(Language::kEnglish, 2),
            "No bookable hour has room for this reservation (weight 2)");
}

}  // namespace
}  // namespace pregon
