// Scenario: someone changes a route's schema and forgets the dashboard. The dashboard's API types
// (src/api/schema.gen.ts) must be what the current server's OpenAPI document generates, so the
// typed client can never drift from the routes it calls.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource } from '../scripts/api-types.ts';

describe('the dashboard API types', () => {
  it('are what the server\'s OpenAPI document generates now (else: npm run generate:api -w dashboard)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed === await apiTypesSource(), 'dashboard/src/api/schema.gen.ts is stale: run `npm run generate:api -w dashboard` and commit it').toBe(true);
  });
});
