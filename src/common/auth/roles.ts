export const ROLES = ['admin', 'channel_manager', 'field_rep', 'distributor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a signed-in user or an API key, with its role and, for distributors, its distributor. */
export interface Principal {
  kind: 'user' | 'api_key';
  id: string;
  role: Role;
  distributorCode: string | null;
  label: string;
}

/** The principal of a request plus what the audit trail needs to know about the request. */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  id: string | null;
  role: Role | null;
  distributorCode: string | null;
  label: string;
  requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, role: null, distributorCode: null, label: 'system', requestId: null };

export function actorOf(principal: Principal, requestId: string | null): Actor {
  return { ...principal, requestId };
}

export function isManager(actor: Actor): boolean {
  return actor.kind === 'system' || actor.role === 'admin' || actor.role === 'channel_manager';
}
