import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { CommonError } from '../../common/errors/common.errors';
import { paginate } from '../../common/pagination/pagination';
import { today } from '../../common/dates/business-date';
import { appConfig } from '../../config/configuration';
import { AuditService } from '../audit/audit.service';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { Complaint } from './complaint.entity';
import { ComplaintDto, ComplaintPageDto, CreateComplaintDto, ListComplaintsQueryDto } from './dto/complaint.dto';
import { ComplaintsError } from './complaints.errors';

interface Resolved {
  provinceCode: string;
  productLine: string;
}

/**
 * A distributor's complaint that someone dumps into its territory: it opens
 * the incident for (accused or none, product line, destination province) or
 * joins the open one, and the complainant becomes one of its victims, told
 * which incident took it up.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grouping: IncidentGroupingService,
    private readonly audit: AuditService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async file(actor: Actor, dto: CreateComplaintDto): Promise<ComplaintDto> {
    const complainantCode = complainantOf(actor, dto);
    if (dto.productLine === undefined && dto.sku === undefined) {
      const message = 'give the productLine or the sku being dumped';
      throw new CommonError('VALIDATION_FAILED', message, [{ field: 'productLine', problems: [message] }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const resolved = await this.resolve(manager, dto, complainantCode);
      const { incidentId, opened } = await this.grouping.openFor(manager, {
        offenderCode: dto.againstDistributorCode ?? null,
        productLine: resolved.productLine,
        destination: resolved.provinceCode,
      });
      await this.grouping.addVictims(manager, incidentId, [complainantCode]);
      const complaint = manager.create(Complaint, {
        complainantCode,
        regionCode: dto.regionCode,
        provinceCode: resolved.provinceCode,
        productLine: resolved.productLine,
        sku: dto.sku ?? null,
        againstDistributorCode: dto.againstDistributorCode ?? null,
        description: dto.description,
        incidentId,
        openedIncident: opened,
        createdBy: actor.label,
      });
      await manager.insert(Complaint, complaint);
      const [result] = await this.views(manager, [complaint.id]);
      await this.audit.record(manager, actor, { action: 'complaint.filed', entityType: 'complaint', entityId: complaint.id, after: result });
      return result;
    });
  }

  async list(actor: Actor, query: ListComplaintsQueryDto): Promise<ComplaintPageDto> {
    const builder = this.dataSource.getRepository(Complaint).createQueryBuilder('complaint');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('complaint.complainantCode = :scope', { scope });
    if (query.complainantCode) builder.andWhere('complaint.complainantCode = :complainant', { complainant: query.complainantCode });
    if (query.againstDistributorCode) builder.andWhere('complaint.againstDistributorCode = :against', { against: query.againstDistributorCode });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'complaint.id', direction: 'DESC', valueOf: (row) => row.id });
    return {
      items: await this.views(
        this.dataSource.manager,
        rows.map((row) => row.id),
      ),
      nextCursor,
    };
  }

  async get(actor: Actor, id: string): Promise<ComplaintDto> {
    const complaint = await this.dataSource.getRepository(Complaint).findOne({ where: { id } });
    const scope = distributorScope(actor);
    if (!complaint || (scope !== null && complaint.complainantCode !== scope)) throw new ComplaintsError('COMPLAINT_NOT_FOUND', `No complaint ${id}`);
    return (await this.views(this.dataSource.manager, [id]))[0];
  }

  /** The references, checked in one read: 422 naming each that is wrong. */
  private async resolve(manager: EntityManager, dto: CreateComplaintDto, complainantCode: string): Promise<Resolved> {
    const [row] = await manager.query(
      `SELECT (SELECT coalesce(province_code, code) FROM region WHERE code = $1) AS province_code,
              (SELECT product_line FROM product WHERE sku = $2) AS sku_line,
              $3::text IS NULL OR EXISTS (SELECT 1 FROM product WHERE product_line = $3) AS line_known,
              EXISTS (SELECT 1 FROM distributor WHERE code = $4) AS complainant_known,
              EXISTS (SELECT 1 FROM region_closure rc JOIN territory_grant g ON g.region_code = rc.ancestor_code
                      WHERE rc.descendant_code = $1 AND g.distributor_code = $4
                        AND (g.product_line IS NULL OR g.product_line = coalesce((SELECT product_line FROM product WHERE sku = $2), $3::text))
                        AND g.valid_from <= $6::date AND (g.valid_to IS NULL OR g.valid_to >= $6::date)) AS complainant_holds,
              $5::text IS NULL OR EXISTS (SELECT 1 FROM distributor WHERE code = $5) AS against_known`,
      [dto.regionCode, dto.sku ?? null, dto.productLine ?? null, complainantCode, dto.againstDistributorCode ?? null, today(this.app.businessTimeZone)],
    );
    const problems: Array<{ field: string; problems: string[] }> = [];
    if (row.province_code === null) problems.push({ field: 'regionCode', problems: [`no region ${dto.regionCode}`] });
    if (dto.sku !== undefined && row.sku_line === null) problems.push({ field: 'sku', problems: [`no product ${dto.sku}`] });
    if (!row.line_known) problems.push({ field: 'productLine', problems: [`no product of the line ${dto.productLine}`] });
    if (dto.sku !== undefined && dto.productLine !== undefined && row.sku_line !== null && row.sku_line !== dto.productLine) {
      problems.push({ field: 'productLine', problems: [`${dto.sku} is of the line ${row.sku_line}, not ${dto.productLine}`] });
    }
    if (!row.complainant_known) problems.push({ field: 'complainantCode', problems: [`no distributor ${complainantCode}`] });
    else if (row.province_code !== null && !row.complainant_holds) {
      // A complaint is about dumping into one's own territory: only a holder of the region (for that line, today) is wronged there.
      problems.push({ field: 'regionCode', problems: [`${complainantCode} holds no territory covering ${dto.regionCode} for this product line today`] });
    }
    if (!row.against_known) problems.push({ field: 'againstDistributorCode', problems: [`no distributor ${dto.againstDistributorCode}`] });
    if (dto.againstDistributorCode === complainantCode)
      problems.push({ field: 'againstDistributorCode', problems: ['a distributor cannot complain about itself'] });
    if (problems.length > 0) {
      throw new ComplaintsError('COMPLAINT_REJECTED', problems.map((problem) => `${problem.field}: ${problem.problems[0]}`).join('; '), problems);
    }
    return { provinceCode: row.province_code, productLine: row.sku_line ?? dto.productLine! };
  }

  /** The complaints, in the order given, with the number and status of the incident that took each up. */
  private async views(manager: EntityManager, ids: string[]): Promise<ComplaintDto[]> {
    const rows: ComplaintRow[] = await manager.query(
      `SELECT c.*, i.number AS incident_number, i.status AS incident_status
       FROM complaint c JOIN incident i ON i.id = c.incident_id WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => toComplaintDto(byId.get(id)!));
  }
}

interface ComplaintRow {
  id: string;
  complainant_code: string;
  region_code: string;
  province_code: string;
  product_line: string;
  sku: string | null;
  against_distributor_code: string | null;
  description: string;
  incident_id: string;
  incident_number: string;
  incident_status: string;
  opened_incident: boolean;
  created_at: Date;
}

function toComplaintDto(row: ComplaintRow): ComplaintDto {
  return {
    id: row.id,
    complainantCode: row.complainant_code,
    regionCode: row.region_code,
    provinceCode: row.province_code,
    productLine: row.product_line,
    sku: row.sku,
    againstDistributorCode: row.against_distributor_code,
    description: row.description,
    incidentId: row.incident_id,
    incidentNumber: row.incident_number,
    incidentStatus: row.incident_status,
    incidentOpened: row.opened_incident,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A distributor complains as itself; a manager names the complainant. */
function complainantOf(actor: Actor, dto: CreateComplaintDto): string {
  const scope = distributorScope(actor);
  if (scope !== null) {
    if (dto.complainantCode && dto.complainantCode !== scope) {
      throw new CommonError('VALIDATION_FAILED', `complainantCode: this principal complains as ${scope}`, [
        { field: 'complainantCode', problems: [`this principal complains as ${scope}`] },
      ]);
    }
    return scope;
  }
  if (!dto.complainantCode) {
    throw new CommonError('VALIDATION_FAILED', 'complainantCode is required when a manager files a complaint', [
      { field: 'complainantCode', problems: ['complainantCode is required when a manager files a complaint'] },
    ]);
  }
  return dto.complainantCode;
}
