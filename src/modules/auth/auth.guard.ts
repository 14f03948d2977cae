import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, IS_PUBLIC, ROLES_KEY } from '../../common/auth/auth.decorators';
import type { Role } from '../../common/auth/roles';
import { AuthError } from './auth.errors';
import { AuthService } from './auth.service';

/** Global: every route needs a principal unless marked @Public(), and a permitted role where @Roles() says so. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.resolve(request);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw new AuthError('AUTH_FORBIDDEN_ROLE', `This action is for: ${['admin', ...roles.filter((role) => role !== 'admin')].join(', ')}`);
    }
    return true;
  }

  private resolve(request: AuthenticatedRequest) {
    return this.auth.authenticateHeaders(request.header('x-api-key'), request.header('authorization'));
  }
}
