import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { DEVELOPMENT_DEFAULTS } from '../../src/config/environment';
import { createTestDatabase, TestDatabase } from './test-database';

export const ADMIN = { email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD };

export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  dataSource: DataSource;
  http: () => TestAgent;
  /** A bearer token for the seeded admin. */
  adminToken: string;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment overrides for this app (e.g. a low LOGIN_RATE_LIMIT). */
  env?: Record<string, string>;
  /** Connect somewhere other than the fresh database (e.g. through a proxy to it). */
  databaseUrl?: (database: TestDatabase) => Promise<string> | string;
}

/** The whole service on its own fresh database, over real HTTP. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  Object.assign(process.env, options.env ?? {});
  const database = await createTestDatabase();
  const databaseUrl = options.databaseUrl ? await options.databaseUrl(database) : database.url;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  const http = () => request(app.getHttpServer());
  const login = async (email: string, password: string) => {
    const response = await http().post('/api/v1/auth/login').send({ email, password }).expect(200);
    return response.body.accessToken as string;
  };
  const adminToken = await login(ADMIN.email, ADMIN.password);
  return {
    app,
    database,
    dataSource: app.get(DataSource),
    http,
    adminToken,
    login,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
