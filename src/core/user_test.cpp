#include "core/user.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(Roles, NamesRoundTripAndUnknownIsRefused) {
  for (auto r : {Role::kAdmin, Role::kOperator, Role::kReportManager, Role::kViewer, Role::kClient})
    EXPECT_EQ(*ParseRole(RoleName(r)), r);
  auto bad = ParseRole("root");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("admin, operator, report_manager, viewer or client"),
            std::string::npos);
  EXPECT_FALSE(ParseRole("Admin").ok());  // names are exact
}

TEST(Roles, PermissionsFollowTheDesignTable) {
  const Permission all[] = {Permission::kRead,           Permission::kWriteCampaigns,
                            Permission::kWriteAudience,  Permission::kManageSenders,
                            Permission::kProcessReports, Permission::kLoadToDb,
                            Permission::kManageUsers,    Permission::kReserveSlots};
  for (auto p : all) EXPECT_TRUE(HasPermission(Role::kAdmin, p)) << PermissionName(p);
  for (auto p : all)
    EXPECT_EQ(HasPermission(Role::kClient, p), p == Permission::kReserveSlots) << PermissionName(p);

  EXPECT_TRUE(HasPermission(Role::kOperator, Permission::kRead));
  EXPECT_TRUE(HasPermission(Role::kOperator, Permission::kWriteCampaigns));
  EXPECT_TRUE(HasPermission(Role::kOperator, Permission::kWriteAudience));
  EXPECT_FALSE(HasPermission(Role::kOperator, Permission::kManageSenders));
  EXPECT_FALSE(HasPermission(Role::kOperator, Permission::kManageUsers));
  EXPECT_FALSE(HasPermission(Role::kOperator, Permission::kProcessReports));

  EXPECT_TRUE(HasPermission(Role::kReportManager, Permission::kProcessReports));
  EXPECT_TRUE(HasPermission(Role::kReportManager, Permission::kLoadToDb));
  EXPECT_FALSE(HasPermission(Role::kReportManager, Permission::kWriteCampaigns));

  for (auto p : all)
    EXPECT_EQ(HasPermission(Role::kViewer, p), p == Permission::kRead) << PermissionName(p);
}

TEST(Users, UsernamesAreShortAndPlain) {
  EXPECT_TRUE(ValidateUsername("ana.perez@ops-1_x").ok());
  EXPECT_FALSE(ValidateUsername("").ok());
  EXPECT_FALSE(ValidateUsername(std::string(65, 'a')).ok());
  for (const char* bad : {"ana perez", "ana'--", "<script>", "ana/b", "ñandú"})
    EXPECT_FALSE(ValidateUsername(bad).ok()) << bad;
}

}  // namespace
}  // namespace pregon
