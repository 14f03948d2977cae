import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, actorOf, Principal, Role } from './roles';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No principal needed (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; admin may call everything. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiForbiddenResponse({
      description: `Only for: admin${roles
        .filter((role) => role !== 'admin')
        .map((role) => `, ${role}`)
        .join('')}`,
    }),
  );

/** Marks a controller as authenticated in the OpenAPI document. */
export const Authenticated = () =>
  applyDecorators(ApiSecurity('bearer'), ApiSecurity('apiKey'), ApiUnauthorizedResponse({ description: 'No valid token or API key' }));

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The caller of this request, as services receive it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentActor used on a public route');
  return actorOf(request.principal, request.id === undefined ? null : String(request.id));
});
