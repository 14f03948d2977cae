import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { paginate } from '../../common/pagination/pagination';
import { containsPattern } from '../../common/sql';
import { validateOneOrMany } from '../../common/validation/one-or-many';
import { insertInChunks } from '../../database/insert-in-chunks';
import { AuditService } from '../audit/audit.service';
import { CatalogError } from './catalog.errors';
import { CreateProductDto, ListProductsQueryDto, ProductDto, ProductListDto, ProductPageDto, UpdateProductDto } from './dto/product.dto';
import { Product } from './product.entity';

@Injectable()
export class ProductsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates one product or many; all or nothing. */
  async create(actor: Actor, body: unknown): Promise<ProductDto | ProductListDto> {
    const { items, many } = validateOneOrMany(CreateProductDto, body);
    assertUniqueWithin(items, many);
    return this.dataSource.transaction(async (manager) => {
      await insertInChunks(
        manager,
        Product,
        items.map((item) => ({
          sku: item.sku,
          name: item.name.trim(),
          productLine: item.productLine,
          gtin: item.gtin ?? null,
          unit: item.unit?.trim() ?? 'unit',
        })),
      );
      const skus = items.map((item) => item.sku);
      const products = (await manager.findBy(Product, { sku: In(skus) })).sort((a, b) => skus.indexOf(a.sku) - skus.indexOf(b.sku)).map(toProductDto);
      await this.audit.record(
        manager,
        actor,
        ...products.map((product) => ({ action: 'product.created', entityType: 'product', entityId: product.sku, after: product })),
      );
      return many ? { items: products } : products[0];
    });
  }

  async list(query: ListProductsQueryDto): Promise<ProductPageDto> {
    const builder = this.dataSource.getRepository(Product).createQueryBuilder('product');
    if (query.productLine) builder.andWhere('product.productLine = :productLine', { productLine: query.productLine });
    if (query.q) {
      builder.andWhere(`(product.sku ILIKE :q ESCAPE '\\' OR product.name ILIKE :q ESCAPE '\\' OR product.gtin = :exact)`, {
        q: containsPattern(query.q),
        exact: query.q,
      });
    }
    const { rows, nextCursor } = await paginate(builder, query, { column: 'product.sku', direction: 'ASC', valueOf: (row) => row.sku });
    return { items: rows.map(toProductDto), nextCursor };
  }

  async get(sku: string): Promise<ProductDto> {
    return toProductDto(await this.getEntityOrThrow(this.dataSource.manager, sku));
  }

  async update(actor: Actor, sku: string, dto: UpdateProductDto): Promise<ProductDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = toProductDto(await this.getEntityOrThrow(manager, sku, true));
      const changes: Partial<Product> = {
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.productLine !== undefined ? { productLine: dto.productLine } : {}),
        ...(dto.gtin !== undefined ? { gtin: dto.gtin } : {}),
        ...(dto.unit !== undefined ? { unit: dto.unit.trim() } : {}),
      };
      if (Object.keys(changes).length > 0) await manager.update(Product, { sku }, changes);
      const after = toProductDto(await this.getEntityOrThrow(manager, sku));
      await this.audit.record(manager, actor, { action: 'product.updated', entityType: 'product', entityId: sku, before, after });
      return after;
    });
  }

  /** 422 naming each field whose SKU is not a product. */
  async assertKnown(manager: EntityManager, wanted: Array<{ field: string; sku: string }>): Promise<void> {
    const found = await manager.findBy(Product, { sku: In(wanted.map((entry) => entry.sku)) });
    const known = new Set(found.map((product) => product.sku));
    const missing = wanted.filter((entry) => !known.has(entry.sku));
    if (missing.length > 0) {
      throw new CatalogError(
        'PRODUCT_UNKNOWN',
        missing.map((entry) => `${entry.field}: no product ${entry.sku}`).join('; '),
        missing.map((entry) => ({ field: entry.field, problems: [`no product ${entry.sku}`] })),
      );
    }
  }

  /** The product, or 422 naming the field. */
  async requireKnown(manager: EntityManager, sku: string, field = 'sku'): Promise<Product> {
    const product = await manager.findOne(Product, { where: { sku } });
    if (!product) throw new CatalogError('PRODUCT_UNKNOWN', `${field}: no product ${sku}`, [{ field, problems: [`no product ${sku}`] }]);
    return product;
  }

  private async getEntityOrThrow(manager: EntityManager, sku: string, lock = false): Promise<Product> {
    const product = await manager.findOne(Product, { where: { sku }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!product) throw new CatalogError('PRODUCT_NOT_FOUND', `No product ${sku}`);
    return product;
  }
}

function assertUniqueWithin(items: CreateProductDto[], many: boolean): void {
  const problems: Array<{ field: string; problems: string[] }> = [];
  const seenSku = new Map<string, number>();
  const seenGtin = new Map<string, number>();
  items.forEach((item, index) => {
    const prefix = many ? `[${index}].` : '';
    if (seenSku.has(item.sku)) problems.push({ field: `${prefix}sku`, problems: [`${item.sku} is also at [${seenSku.get(item.sku)}]`] });
    else seenSku.set(item.sku, index);
    if (item.gtin) {
      if (seenGtin.has(item.gtin)) problems.push({ field: `${prefix}gtin`, problems: [`${item.gtin} is also at [${seenGtin.get(item.gtin)}]`] });
      else seenGtin.set(item.gtin, index);
    }
  });
  if (problems.length > 0) throw new CommonError('VALIDATION_FAILED', 'The same SKU or GTIN appears twice in the payload', problems);
}

export function toProductDto(product: Product): ProductDto {
  return {
    sku: product.sku,
    name: product.name,
    productLine: product.productLine,
    gtin: product.gtin,
    unit: product.unit,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
