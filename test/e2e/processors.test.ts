/**
 * The sub-processor register over HTTP (docs/decisions/0094): public, the same list the code hands data
 * to, each response checked against the OpenAPI document by the API client.
 */
import { processors } from '../../shared/config/processors';
import { apiClient } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';

const stack = useRunningStack();

describe('GET /v1/processors', () => {
  it('[P-28] lists every party that receives personal data, what it receives and its agreement, to anyone', async () => {
    const response = await apiClient(stack.url)('GET', '/v1/processors');
    expect(response.status).toBe(200);
    expect(response.json.processors).toEqual(processors);
    expect(response.json.processors).toContainEqual(
      expect.objectContaining({
        id: 'dhl',
        role: 'delivery',
        receives: expect.arrayContaining(['recipient phone number']),
      }),
    );
    expect(response.json.processors).toContainEqual(
      expect.objectContaining({ id: 'ups', receives: ['recipient name', 'shipping address'] }),
    );
  });

  it('refuses a query parameter it does not know (400), like every route', async () => {
    const response = await apiClient(stack.url)('GET', '/v1/processors?all=1');
    expect(response.status).toBe(400);
  });
});
