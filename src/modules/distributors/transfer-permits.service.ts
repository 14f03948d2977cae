import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { ProductsService } from '../catalog/products.service';
import { RegionsService } from '../regions/regions.service';
import { DistributorsService } from './distributors.service';
import { DistributorsError } from './distributors.errors';
import { CreatePermitDto, ListPermitsQueryDto, PermitDto, PermitPageDto, RevokePermitDto } from './dto/territory.dto';
import { toPermitDto } from './territory.mapper';
import { TransferPermit } from './transfer-permit.entity';

@Injectable()
export class TransferPermitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly distributors: DistributorsService,
    private readonly regions: RegionsService,
    private readonly products: ProductsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreatePermitDto): Promise<PermitDto> {
    if (dto.productLine && dto.sku) {
      throw new CommonError('VALIDATION_FAILED', 'Give productLine or sku, not both', [{ field: 'sku', problems: ['give productLine or sku, not both'] }]);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.distributors.assertKnown(manager, dto.distributorCode, 'distributorCode');
      await this.regions.assertKnown(manager, [{ field: 'regionCode', code: dto.regionCode }]);
      if (dto.sku) await this.products.assertKnown(manager, [{ field: 'sku', sku: dto.sku }]);
      const { identifiers } = await manager.insert(TransferPermit, {
        distributorCode: dto.distributorCode,
        regionCode: dto.regionCode,
        productLine: dto.productLine ?? null,
        sku: dto.sku ?? null,
        validFrom: dto.validFrom,
        validTo: dto.validTo,
        maxQuantity: dto.maxQuantity ?? null,
        reason: dto.reason.trim(),
      });
      const permit = toPermitDto(await manager.findOneByOrFail(TransferPermit, { id: identifiers[0].id as string }));
      await this.audit.record(manager, actor, { action: 'transfer_permit.created', entityType: 'transfer_permit', entityId: permit.id, after: permit });
      return permit;
    });
  }

  async list(actor: Actor, query: ListPermitsQueryDto): Promise<PermitPageDto> {
    const builder = this.dataSource.getRepository(TransferPermit).createQueryBuilder('permit');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('permit.distributorCode = :scope', { scope });
    if (query.distributorCode) builder.andWhere('permit.distributorCode = :distributorCode', { distributorCode: query.distributorCode });
    if (query.regionCode) builder.andWhere('permit.regionCode = :regionCode', { regionCode: query.regionCode });
    if (query.activeOn) builder.andWhere('permit.validFrom <= :day AND permit.validTo >= :day', { day: query.activeOn });
    if (!query.includeRevoked) builder.andWhere('permit.revokedAt IS NULL');
    const { rows, nextCursor } = await paginate(builder, query, { column: 'permit.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: rows.map(toPermitDto), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<PermitDto> {
    const permit = await this.dataSource.getRepository(TransferPermit).findOne({ where: { id } });
    const scope = distributorScope(actor);
    if (!permit || (scope !== null && permit.distributorCode !== scope)) throw notFound(id);
    return toPermitDto(permit);
  }

  async revoke(actor: Actor, id: string, dto: RevokePermitDto): Promise<PermitDto> {
    return this.dataSource.transaction(async (manager) => {
      const permit = await manager.findOne(TransferPermit, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!permit) throw notFound(id);
      if (permit.revokedAt) throw new DistributorsError('TRANSFER_PERMIT_ALREADY_REVOKED', `Transfer permit ${id} was already revoked`);
      const before = toPermitDto(permit);
      permit.revokedAt = new Date();
      permit.revokeReason = dto.reason?.trim() || null;
      await manager.update(TransferPermit, { id }, { revokedAt: permit.revokedAt, revokeReason: permit.revokeReason });
      const after = toPermitDto(permit);
      await this.audit.record(manager, actor, { action: 'transfer_permit.revoked', entityType: 'transfer_permit', entityId: id, before, after });
      return after;
    });
  }
}

const notFound = (id: string) => new DistributorsError('TRANSFER_PERMIT_NOT_FOUND', `No transfer permit ${id}`);
