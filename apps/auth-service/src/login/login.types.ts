export interface LoginRequest {
  email: string;
  password: string;
}

export interface VerifiedUser {
  id: string;
  roles: string[];
  password_change_required: boolean;
}
