import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { Page, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { ApiKey } from './api-key.entity';
import { ApiKeysError } from './api-keys.errors';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto, ListApiKeysQueryDto } from './dto/api-key.dto';

export const API_KEY_PREFIX = 'cck_';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    // 192 random bits: a fast hash is enough, and lets a request find its key by index.
    const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      const { identifiers } = await manager.insert(ApiKey, {
        name: dto.name,
        role: dto.role,
        distributorCode: dto.role === 'distributor' ? (dto.distributorCode ?? null) : null,
        keyPrefix: key.slice(0, 12),
        keyHash: hashKey(key),
        createdBy: actor.kind === 'user' ? actor.id : null,
      });
      const apiKey = await this.getEntityOrThrow(manager, identifiers[0].id as string);
      await this.audit.record(manager, actor, { action: 'api_key.created', entityType: 'api_key', entityId: apiKey.id, after: toApiKeyDto(apiKey) });
      return { ...toApiKeyDto(apiKey), key };
    });
  }

  async list(query: ListApiKeysQueryDto): Promise<ApiKeyPageDto> {
    const builder = this.keys.createQueryBuilder('key');
    if (!query.includeRevoked) builder.andWhere('key.revokedAt IS NULL');
    const { rows, nextCursor }: { rows: ApiKey[]; nextCursor: string | null } = await paginate(builder, query, {
      column: 'key.id',
      direction: 'DESC',
      valueOf: (row) => row.id,
    });
    return { items: rows.map(toApiKeyDto), nextCursor } satisfies Page<ApiKeyDto>;
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyDto> {
    return this.dataSource.transaction(async (manager) => {
      const apiKey = await this.getEntityOrThrow(manager, id, true);
      if (apiKey.revokedAt) throw new ApiKeysError('API_KEY_ALREADY_REVOKED', `API key ${id} was already revoked`);
      const before = toApiKeyDto(apiKey);
      apiKey.revokedAt = new Date();
      await manager.update(ApiKey, { id }, { revokedAt: apiKey.revokedAt });
      await this.audit.record(manager, actor, { action: 'api_key.revoked', entityType: 'api_key', entityId: id, before, after: toApiKeyDto(apiKey) });
      return toApiKeyDto(apiKey);
    });
  }

  /** The live key matching a presented secret, if any. */
  async authenticate(key: string): Promise<ApiKey | null> {
    if (!key.startsWith(API_KEY_PREFIX)) return null;
    const apiKey = await this.keys.findOne({ where: { keyHash: hashKey(key), revokedAt: IsNull() } });
    if (apiKey) {
      // At most one write a minute per key; losing one to a failure is harmless.
      void this.keys
        .createQueryBuilder()
        .update()
        .set({ lastUsedAt: () => 'now()' })
        .where(`id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, { id: apiKey.id })
        .execute()
        .catch(() => undefined);
    }
    return apiKey;
  }

  private async getEntityOrThrow(manager: EntityManager, id: string, lock = false): Promise<ApiKey> {
    const apiKey = await manager.findOne(ApiKey, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!apiKey) throw new ApiKeysError('API_KEY_NOT_FOUND', `No API key ${id}`);
    return apiKey;
  }
}

export function toApiKeyDto(apiKey: ApiKey): ApiKeyDto {
  return {
    id: apiKey.id,
    name: apiKey.name,
    keyPrefix: apiKey.keyPrefix,
    role: apiKey.role,
    distributorCode: apiKey.distributorCode,
    createdBy: apiKey.createdBy,
    createdAt: apiKey.createdAt.toISOString(),
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
  };
}
