import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { authConfig } from '../../config/configuration';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { InitialAdminService } from './initial-admin.service';
import { addressTracker, loginTracker } from './login-trackers';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';

@Module({
  imports: [
    UsersModule,
    ApiKeysModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({
        // A KeyObject, made once: given a string, jsonwebtoken tries to parse it as a public key on every verify.
        secret: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
        signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [authConfig.KEY, getDataSourceToken()],
      useFactory: (config: ConfigType<typeof authConfig>, dataSource: DataSource) => ({
        throttlers: [
          // Per address and email (answered with a plain Retry-After) ...
          { name: 'default', ttl: config.loginRateWindowSeconds * 1000, limit: config.loginRateLimit, getTracker: loginTracker },
          // ... and per address alone, so one client cannot try a password on many emails.
          { name: 'address', ttl: config.loginRateWindowSeconds * 1000, limit: config.loginRateLimit * 10, getTracker: addressTracker },
        ],
        storage: new PostgresThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, InitialAdminService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
