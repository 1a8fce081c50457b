#include "core/user.h"

#include <array>
#include <cctype>
#include <utility>

namespace pregon {

namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kOperator, "operator"},
    {Role::kReportManager, "report_manager"},
    {Role::kViewer, "viewer"},
    {Role::kClient, "client"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return "?";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoles)
    if (n == name) return r;
  return Status::InvalidField(
      "role",
      "must be admin, operator, report_manager, viewer or client, not '" + std::string(name) + "'");
}

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kRead:
      return "read";
    case Permission::kWriteCampaigns:
      return "write_campaigns";
    case Permission::kWriteAudience:
      return "write_audience";
    case Permission::kManageSenders:
      return "manage_senders";
    case Permission::kProcessReports:
      return "process_reports";
    case Permission::kLoadToDb:
      return "load_to_db";
    case Permission::kManageUsers:
      return "manage_users";
    case Permission::kReserveSlots:
      return "reserve_slots";
  }
  return "?";
}

bool HasPermission(Role role, Permission permission) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kOperator:
      return permission == Permission::kRead || permission == Permission::kWriteCampaigns ||
             permission == Permission::kWriteAudience;
    case Role::kReportManager:
      return permission == Permission::kRead || permission == Permission::kProcessReports ||
             permission == Permission::kLoadToDb;
    case Role::kViewer:
      return permission == Permission::kRead;
    case Role::kClient:
      return permission == Permission::kReserveSlots;
  }
  return false;
}

Status ValidateUsername(std::string_view username) {
  if (username.empty() || username.size() > 64)
    return Status::InvalidField("username", "must be 1 to 64 characters");
  for (unsigned char c : username) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '@' && c != '-')
      return Status::InvalidField(
          "username",
          "may contain only letters, digits and . _ @ - (got '" + std::string(username) + "')");
  }
  return Status::Ok();
}

}  // namespace pregon
