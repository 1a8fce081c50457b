// A client's job parameters on their way in (`reservation create --param/--secret`, POST
// /api/v1/reporter/reservations): checked — names, values, no name twice, a bounded count —
// then the secret ones sealed, so the store only ever receives a secret sealed.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "app/slots/secret_box.h"
#include "core/slots.h"

namespace pregon {

inline constexpr size_t kMaxJobParams = 32;
inline constexpr size_t kMaxJobParamValueBytes = 4096;

// `params` with their values in clear, checked and the secret ones sealed with `box`.
// InvalidArgument naming `field` for a bad name, a value over 4096 bytes or with a control
// character, a name given twice or more than 32 parameters — and, when a secret one is given
// but no PREGON_SECRET_KEY is set, saying so. A value is never echoed in an error.
Result<std::vector<JobParam>> SealJobParams(std::vector<JobParam> params,
                                            const std::optional<SecretBox>& box,
                                            std::string_view field);

}  // namespace pregon
