import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SYSTEM_ACTOR } from '../../common/auth/roles';
import { appConfig, authConfig } from '../../config/configuration';
import { UsersService } from '../users/users.service';

/** The first start with no users creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
@Injectable()
export class InitialAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdmin');

  constructor(
    private readonly users: UsersService,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.users.ensureInitialAdmin(SYSTEM_ACTOR, this.auth.adminEmail, this.auth.adminPassword);
    if (created) this.logger.log(`No users yet: created the admin ${created.email}`);
    const defaults = this.auth.usingDevelopmentDefaults;
    if (this.app.nodeEnv !== 'test' && (defaults.adminEmail || defaults.adminPassword || defaults.jwtSecret)) {
      this.logger.warn(
        'Development defaults in use (set ADMIN_EMAIL, ADMIN_PASSWORD and JWT_SECRET for real use): ' +
          `admin login ${this.auth.adminEmail} / ${defaults.adminPassword ? this.auth.adminPassword : '(ADMIN_PASSWORD)'}` +
          (defaults.jwtSecret ? ', JWT_SECRET is the built-in development secret' : ''),
      );
    }
  }
}
