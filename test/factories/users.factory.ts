import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/common/auth/roles';
import type { TestApp } from '../support/test-app';
import { ensureDistributor } from './reference.factory';

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  distributorCode: string | null;
  token: string;
}

/** Creates a user through the API and logs it in. */
export async function createUser(t: TestApp, role: Role, overrides: { email?: string; distributorCode?: string } = {}): Promise<CreatedUser> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const distributorCode = role === 'distributor' ? (overrides.distributorCode ?? 'D-TEST') : null;
  if (distributorCode) await ensureDistributor(t, distributorCode);
  const response = await t
    .http()
    .post('/api/v1/users')
    .auth(t.adminToken, { type: 'bearer' })
    .send({ email, password, role, ...(distributorCode ? { distributorCode } : {}) })
    .expect(201);
  const token = await t.login(email, password);
  return { id: response.body.id, email, password, role, distributorCode, token };
}
