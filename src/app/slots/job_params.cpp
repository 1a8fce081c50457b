#include "app/slots/job_params.h"

#include <set>
#include <string>

#include "core/text.h"

namespace pregon {

Result<std::vector<JobParam>> SealJobParams(std::vector<JobParam> params,
                                            const std::optional<SecretBox>& box,
                                            std::string_view field) {
  if (params.size() > kMaxJobParams)
    return Status::InvalidField(field, "at most " + std::to_string(kMaxJobParams) +
                                           " parameters, not " + std::to_string(params.size()));
  std::set<std::string_view> names;
  for (const JobParam& p : params) {
    PREGON_RETURN_IF_ERROR(CheckJobParamName(field, p.name));
    if (!names.insert(p.name).second)
      return Status::InvalidField(field, "parameter " + p.name + " is given twice");
    if (p.value.size() > kMaxJobParamValueBytes || HasControlByte(p.value))
      return Status::InvalidField(
          field, "parameter " + p.name + ": at most 4096 bytes, no control characters");
    if (p.secret && !box)
      return Status::InvalidField(field, "secret parameter " + p.name +
                                             " needs PREGON_SECRET_KEY (64 hex digits) set "
                                             "on the server to seal it with");
  }
  for (JobParam& p : params)
    if (p.secret) p.value = box->Seal(p.value);
  return params;
}

}  // namespace pregon
