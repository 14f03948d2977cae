import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/roles';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { toBoolean } from '../../users/dto/user.dto';

export class CreateApiKeyDto {
  /** What the key is for, e.g. "Zhejiang agent ERP". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;

  /** Required for the distributor role. */
  @ValidateIf((dto: CreateApiKeyDto) => dto.role === 'distributor')
  @IsString()
  @IsNotEmpty({ message: 'distributorCode is required for the distributor role' })
  @MaxLength(64)
  distributorCode?: string;
}

export class ListApiKeysQueryDto extends PageQueryDto {
  /** Include revoked keys (default false). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeRevoked?: boolean;
}

export class ApiKeyDto {
  id!: string;
  name!: string;
  /** The first characters of the key, to tell keys apart. */
  keyPrefix!: string;
  role!: Role;
  distributorCode!: string | null;
  createdBy!: string | null;
  createdAt!: string;
  lastUsedAt!: string | null;
  revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key itself. Shown once: only its hash is stored. */
  key!: string;
}

export class ApiKeyPageDto {
  items!: ApiKeyDto[];
  nextCursor!: string | null;
}
