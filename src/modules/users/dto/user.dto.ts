import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/roles';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsOptionalNotNull } from '../../../common/validation/decorators';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const OnlyForDistributorRole = () =>
  ValidateBy({
    name: 'onlyForDistributorRole',
    validator: {
      validate: (value: unknown, args) => value === undefined || (args?.object as { role?: Role }).role === 'distributor',
      defaultMessage: () => 'distributorCode is only allowed for the distributor role',
    },
  });
export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateUserDto {
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;

  /** Required for the distributor role, refused for the others. */
  @ValidateIf((dto: CreateUserDto) => dto.role === 'distributor' || dto.distributorCode !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'distributorCode is required for the distributor role' })
  @OnlyForDistributorRole()
  @MaxLength(64)
  distributorCode?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateUserDto {
  @IsOptionalNotNull()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;

  @IsOptionalNotNull()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  /** Set for the distributor role; null clears it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  distributorCode?: string | null;

  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  /** Part of an email address. */
  @IsOptional()
  @Transform(lowerTrim)
  @IsString()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  distributorCode?: string;
}

export class UserDto {
  id!: string;
  email!: string;
  role!: Role;
  distributorCode!: string | null;
  active!: boolean;
  createdAt!: string;
  updatedAt!: string;
}

export class UserPageDto {
  @Type(() => UserDto)
  items!: UserDto[];
  nextCursor!: string | null;
}
