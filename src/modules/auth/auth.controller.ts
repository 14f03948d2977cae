import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Authenticated, CurrentActor, Public } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { AuthService } from './auth.service';
import { AccessTokenDto, LoginDto, PrincipalDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect (the same answer for unknown emails)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and email (or this address); see Retry-After' })
  login(@Body() dto: LoginDto): Promise<AccessTokenDto> {
    return this.auth.login(dto.email, dto.password);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Who the presented token or API key stands for' })
  me(@CurrentActor() actor: Actor): PrincipalDto {
    return { kind: actor.kind as PrincipalDto['kind'], id: actor.id!, role: actor.role!, distributorCode: actor.distributorCode, label: actor.label };
  }
}
