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

  it('documents the incident workflow, enforcement, compensation and appeals', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/incidents/{id}/transitions',
        '/api/v1/incidents/{id}/next-states',
        '/api/v1/incidents/{id}/comments',
        '/api/v1/incidents/{id}/timeline',
        '/api/v1/incidents/{id}/actions',
        '/api/v1/incidents/{id}/compensation/propose',
        '/api/v1/cutoffs',
        '/api/v1/cutoffs/{id}/lift',
        '/api/v1/supply-check',
        '/api/v1/distributors/{code}/ledger',
        '/api/v1/claims/{id}/approve',
        '/api/v1/claims/{id}/reject',
        '/api/v1/claims/{id}/pay',
        '/api/v1/violations/{id}/appeals',
        '/api/v1/appeals/{id}/accept',
        '/api/v1/appeals/{id}/reject',
        '/api/v1/settings/workflow',
        '/api/v1/incidents/{id}/assign',
      ]),
    );
    const transition = document.paths['/api/v1/incidents/{id}/transitions'].post;
    expect(transition.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]));
    expect(Object.keys(document.components.schemas.TransitionIncidentDto.properties)).toEqual(
      expect.arrayContaining(['to', 'assigneeId', 'assessment', 'reason', 'note']),
    );
    expect(document.components.schemas.CreateActionDto.properties.type.enum).toEqual(['warning', 'rebate_deduction', 'fine', 'supply_cutoff']);
  });

  it('documents the dashboard, live events, reconciliation and the rebate report', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/events',
        '/api/v1/dashboard/summary',
        '/api/v1/dashboard/flows',
        '/api/v1/dashboard/weekly',
        '/api/v1/dashboard/offenders',
        '/api/v1/dashboard/price-erosion',
        '/api/v1/dashboard/reconciliation',
        '/api/v1/reconciliation/run',
        '/api/v1/reports/rebate-base',
        '/api/v1/settings/reconciliation',
        '/api/v1/settings/rebate',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/events'].get.responses['200'].content)).toContain('text/event-stream');
    expect(Object.keys(document.paths['/api/v1/violations'].get.responses['200'].content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
  });
});
