import SwaggerParser from '@apidevtools/swagger-parser';
import { createTestApp, TestApp } from '../support/test-app';

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let document: any;

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is valid OpenAPI 3', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('declares the bearer and API key schemes', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
  });

  it('describes request and response DTOs with their fields', () => {
    const schemas = document.components.schemas;
    expect(Object.keys(schemas.CreateUserDto.properties)).toEqual(expect.arrayContaining(['email', 'password', 'role', 'distributorCode']));
    expect(schemas.CreateUserDto.required).toEqual(expect.arrayContaining(['email', 'password', 'role']));
    expect(schemas.UserDto.properties.email).toBeDefined();
    expect(schemas.ErrorResponseDto.properties.code).toBeDefined();
  });

  it('serves the docs page and every route under /api/v1', async () => {
    await t.http().get('/docs').expect(200);
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/health']));
    expect(paths.every((path) => path.startsWith('/api/v1/'))).toBe(true);
  });
});
