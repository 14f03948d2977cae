import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ApiOneOrMany } from '../../common/http/api-one-or-many';
import { CreateProductDto, ListProductsQueryDto, ProductDto, ProductListDto, ProductPageDto, UpdateProductDto } from './dto/product.dto';
import { ProductsService } from './products.service';

@ApiTags('catalog')
@Authenticated()
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @Roles('admin', 'channel_manager')
  @ApiOperation({ summary: 'Create one product, or many at once (all or nothing)' })
  @ApiOneOrMany(CreateProductDto, ProductDto, ProductListDto)
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ProductDto | ProductListDto> {
    return this.products.create(actor, body);
  }

  @Get()
  @Roles('admin', 'channel_manager', 'field_rep')
  list(@Query() query: ListProductsQueryDto): Promise<ProductPageDto> {
    return this.products.list(query);
  }

  @Get(':sku')
  @Roles('admin', 'channel_manager', 'field_rep')
  get(@Param('sku') sku: string): Promise<ProductDto> {
    return this.products.get(sku);
  }

  @Patch(':sku')
  @Roles('admin', 'channel_manager')
  update(@CurrentActor() actor: Actor, @Param('sku') sku: string, @Body() dto: UpdateProductDto): Promise<ProductDto> {
    return this.products.update(actor, sku, dto);
  }
}
