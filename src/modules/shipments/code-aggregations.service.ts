import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { ADVISORY_LOCKS, lockForTransaction } from '../../database/advisory-locks';
import { AuditService } from '../audit/audit.service';
import { MAX_PACKING_DEPTH } from '../detection/domain/trace-outcome';
import { CodeAggregationResultDto, CreateCodeAggregationDto } from './dto/code-aggregation.dto';
import { ShipmentsError } from './shipments.errors';

/** The parent and what it is packed in, nearest first, as far as a trace climbs. */
const ANCESTRY_SQL = `
  WITH RECURSIVE up AS (
    SELECT $1::text AS code, 0 AS depth
    UNION ALL
    SELECT a.parent_code, up.depth + 1 FROM up JOIN code_aggregation a ON a.child_code = up.code WHERE up.depth < $2
  )
  SELECT code, depth FROM up ORDER BY depth`;

/** How many levels the codes hold below them (0: nothing packed in them), as far as a trace climbs. */
const HEIGHT_SQL = `
  WITH RECURSIVE down AS (
    SELECT a.child_code AS code, 1 AS depth FROM code_aggregation a WHERE a.parent_code = ANY($1::text[])
    UNION ALL
    SELECT a.child_code, down.depth + 1 FROM down JOIN code_aggregation a ON a.parent_code = down.code WHERE down.depth <= $2
  )
  SELECT coalesce(max(depth), 0)::int AS height FROM down`;

/** Packing codes into a case or pallet: a code packed in one parent traces through it to the shipment that bound it. */
@Injectable()
export class CodeAggregationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async pack(actor: Actor, dto: CreateCodeAggregationDto): Promise<CodeAggregationResultDto> {
    const children = [...new Set(dto.childCodes)];
    return this.dataSource.transaction(async (manager) => {
      // One packing at a time: the loop check below must see every other packing.
      await lockForTransaction(manager, ADVISORY_LOCKS.codePacking);
      const ancestry: Array<{ code: string; depth: number }> = await manager.query(ANCESTRY_SQL, [dto.parentCode, MAX_PACKING_DEPTH]);
      const loop = ancestry.filter((row) => children.includes(row.code)).map((row) => row.code);
      if (loop.length > 0) {
        throw new ShipmentsError('CODE_PACKING_LOOP', `A code cannot be packed in itself or in what it holds: ${loop.slice(0, 10).join(', ')}`, {
          codes: loop.slice(0, 100),
        });
      }
      // The deepest code under the new parent must stay within the levels a trace climbs.
      const [{ height }] = await manager.query(HEIGHT_SQL, [children, MAX_PACKING_DEPTH]);
      if (ancestry.length + height > MAX_PACKING_DEPTH) {
        throw new ShipmentsError(
          'CODE_PACKING_TOO_DEEP',
          `Packing these codes in ${dto.parentCode} would put codes ${ancestry.length + height} levels below the top one; a trace climbs ${MAX_PACKING_DEPTH}`,
        );
      }
      const packed: Array<{ child_code: string; parent_code: string }> = await manager.query(
        `SELECT child_code, parent_code FROM code_aggregation WHERE child_code = ANY($1::text[]) ORDER BY child_code`,
        [children],
      );
      const elsewhere = packed.filter((row) => row.parent_code !== dto.parentCode);
      if (elsewhere.length > 0) {
        throw new ShipmentsError(
          'CODE_ALREADY_PACKED',
          `${elsewhere.length} of the codes are already packed in another parent, e.g. ${elsewhere[0].child_code} in ${elsewhere[0].parent_code}`,
          { codes: elsewhere.slice(0, 100).map((row) => ({ code: row.child_code, parentCode: row.parent_code })), total: elsewhere.length },
        );
      }
      const added: Array<{ child_code: string }> = await manager.query(
        `INSERT INTO code_aggregation (child_code, parent_code, created_by)
         SELECT code, $2, $3 FROM unnest($1::text[]) AS code
         ON CONFLICT (child_code) DO NOTHING RETURNING child_code`,
        [children, dto.parentCode, actor.label],
      );
      const result = { parentCode: dto.parentCode, childCodes: children.length, added: added.length, alreadyPacked: children.length - added.length };
      if (added.length > 0) {
        await this.audit.record(manager, actor, { action: 'codes.packed', entityType: 'code_aggregation', entityId: dto.parentCode, after: result });
      }
      return result;
    });
  }
}
