import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/roles';
import { ApiProperty } from '@nestjs/swagger';

export class LoginDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class AccessTokenDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn!: number;
}

export class PrincipalDto {
  kind!: 'user' | 'api_key';
  id!: string;
  @ApiProperty({ enum: ROLES })
  role!: Role;
  distributorCode!: string | null;
  label!: string;
}
