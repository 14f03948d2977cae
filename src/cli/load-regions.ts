/**
 * Loads a region file into a running service through its public API:
 *   npm run regions:load -- [file]      (default data/regions-cn.json)
 * Uses BASE_URL (default http://localhost:3000) and ADMIN_EMAIL / ADMIN_PASSWORD
 * (the development defaults when unset).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSettings } from '../config/configuration';

async function main(): Promise<void> {
  const file = process.argv[2] ?? join(__dirname, '..', '..', 'data', 'regions-cn.json');
  const { baseUrl, adminEmail: email, adminPassword: password } = cliSettings();
  const regions: unknown = JSON.parse(readFileSync(file, 'utf8'));

  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login as ${email} failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };

  const response = await fetch(`${baseUrl}/api/v1/regions`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(regions),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`PUT /regions failed: ${response.status} ${body}`);
  console.log(`Loaded ${file}: ${body}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
