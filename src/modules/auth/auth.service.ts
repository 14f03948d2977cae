import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { Principal } from '../../common/auth/roles';
import { authConfig } from '../../config/configuration';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys/api-keys.service';
import { verifyPassword } from '../users/password-hasher';
import { UsersService } from '../users/users.service';
import { AuthError } from './auth.errors';
import { AccessTokenDto } from './dto/login.dto';

interface TokenClaims {
  sub: string;
  role: string;
  iat: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /** A wrong password and an unknown or inactive email get the same answer, in the same time. */
  async login(email: string, password: string): Promise<AccessTokenDto> {
    const user = await this.users.findByEmail(email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !user.active || !passwordOk) {
      throw new AuthError('AUTH_INVALID_CREDENTIALS', 'Email or password is incorrect');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }

  /** The principal a request's credential stands for: its X-API-Key, else its Authorization: Bearer token. */
  async authenticateHeaders(apiKey: string | undefined, authorization: string | undefined): Promise<Principal> {
    if (apiKey) return this.authenticateApiKey(apiKey.trim());
    const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) {
      throw new AuthError('AUTH_MISSING_CREDENTIALS', 'Send Authorization: Bearer <token> (from POST /api/v1/auth/login) or an X-API-Key header');
    }
    return this.authenticate(match[1]);
  }

  /** Resolves a bearer token or API key to the principal it stands for. */
  async authenticate(credential: string): Promise<Principal> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(credential);
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(credential);
    } catch {
      throw new AuthError('AUTH_INVALID_TOKEN', 'The access token is invalid or has expired; log in again');
    }
    const user = await this.users.findActive(claims.sub);
    // Tokens issued before a password change or deactivation no longer count.
    if (!user || claims.iat < Math.floor(user.credentialsChangedAt.getTime() / 1000)) {
      throw new AuthError('AUTH_INVALID_TOKEN', 'The access token is no longer valid; log in again');
    }
    return { kind: 'user', id: user.id, role: user.role, distributorCode: user.distributorCode, label: user.email };
  }

  async authenticateApiKey(key: string): Promise<Principal> {
    const apiKey = await this.apiKeys.authenticate(key);
    if (!apiKey) throw new AuthError('AUTH_INVALID_API_KEY', 'The API key is unknown or revoked');
    return { kind: 'api_key', id: apiKey.id, role: apiKey.role, distributorCode: apiKey.distributorCode, label: `api-key:${apiKey.name}` };
  }
}
