import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsLabel, IsOptionalNotNull } from '../../../common/validation/decorators';

const GTIN = /^(\d{8}|\d{12}|\d{13}|\d{14})$/;

export class CreateProductDto {
  @IsCode()
  @ApiProperty({ example: 'SNK-PEANUT-500G' })
  sku!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsLabel()
  @ApiProperty({ example: 'snacks' })
  productLine!: string;

  /** GS1 GTIN-8/12/13/14. */
  @IsOptional()
  @Matches(GTIN, { message: 'gtin must be 8, 12, 13 or 14 digits' })
  gtin?: string | null;

  /** The selling unit prices refer to (default "unit"). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  unit?: string;
}

export class UpdateProductDto {
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsLabel({ optional: true, nullable: false })
  productLine?: string;

  @IsOptional()
  @Matches(GTIN, { message: 'gtin must be 8, 12, 13 or 14 digits' })
  gtin?: string | null;

  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  unit?: string;
}

export class ListProductsQueryDto extends PageQueryDto {
  @IsLabel({ optional: true })
  productLine?: string;

  /** Part of the SKU, name or GTIN. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ProductDto {
  sku!: string;
  name!: string;
  productLine!: string;
  gtin!: string | null;
  unit!: string;
  createdAt!: string;
  updatedAt!: string;
}

export class ProductListDto {
  items!: ProductDto[];
}

export class ProductPageDto {
  items!: ProductDto[];
  nextCursor!: string | null;
}
