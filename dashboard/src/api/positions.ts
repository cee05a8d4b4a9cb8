// Positions and P&L per connection and account (GET /api/positions), as IB reports them to each
// connection's session; the answer types come from the server's OpenAPI document (schema.gen.ts).
// The key starts with positions, so the live position and pnl events refresh it.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';

export type ConnectionPositions = AnswerOf<'/api/positions', 'get'>['connections'][number];
export type AccountPositions = ConnectionPositions['accounts'][number];

export function usePositions() {
  return useQuery({
    queryKey: ['positions'],
    queryFn: async () => (await unwrap(api.GET('/api/positions'))).connections,
  });
}
