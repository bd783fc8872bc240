export interface LoginRequest {
  email: string;
  password: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  password_change_required: boolean;
}

export interface VerifiedUser {
  id: string;
  roles: string[];
  password_change_required: boolean;
}
