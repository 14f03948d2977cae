import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { AuditService } from '../audit/audit.service';
import { DetectionService } from '../detection/detection.service';
import { sightingCandidates } from '../detection/domain/sighting-candidates';
import { TraceDto } from '../detection/dto/trace.dto';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { ViolationsService } from '../violations/violations.service';
import { SightingDto } from './dto/sighting.dto';
import { toSightingDto } from './sighting.mapper';
import { Sighting } from './sighting.entity';

/**
 * The second half of a sighting's intake, in its transaction: detection over
 * its traces (diverted goods, codes never shipped, a price under the retail
 * floor), grouping into incidents, the answer kept for re-sends, the audit.
 */
@Injectable()
export class SightingRecorder {
  constructor(
    private readonly detection: DetectionService,
    private readonly grouping: IncidentGroupingService,
    private readonly violations: ViolationsService,
    private readonly audit: AuditService,
  ) {}

  async record(manager: EntityManager, actor: Actor, sighting: Sighting, traces: TraceDto[]): Promise<SightingDto> {
    const findings = await this.detection.detectSighting(
      manager,
      {
        id: sighting.id,
        sku: sighting.sku,
        productLine: sighting.productLine,
        regionCode: sighting.regionCode,
        provinceCode: sighting.provinceCode,
        observedOn: sighting.observedOn,
        observedPrice: sighting.observedPrice,
      },
      sightingCandidates(traces, sighting.priceLevel),
    );
    const recorded = await this.grouping.recordFew(manager, findings);
    const result = toSightingDto(sighting, traces, this.violations.fromRows(actor, recorded.stored));
    const after = { traces: traces.map((trace) => trace.outcome), violations: recorded.violations, incidentIds: recorded.incidentIds };
    await this.audit.recordWith(
      manager,
      actor,
      { action: 'sighting.received', entityType: 'sighting', entityId: sighting.id, after },
      {
        name: 'sighting-answered',
        text: `UPDATE sighting SET result = $2, opened_incident_ids = $3 WHERE id = $1`,
        parameters: [sighting.id, result, recorded.openedIncidentIds],
      },
    );
    return result;
  }
}
