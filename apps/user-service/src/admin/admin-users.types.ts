/** Request and reply shapes of the user administration RPC patterns (RPC.user.list, create, ...) are in the RPC catalogue. */
export type {
  AdminUserView,
  CreatedUser,
  CreateUserRequest,
  ListUsersRequest,
  PasswordReset,
  ResetPasswordRequest,
  SetRolesRequest,
  UserIdRequest,
  UserPage,
} from '@tr4ction/contracts';
