import { formatDecimal } from '../../common/money/money';
import type { IncidentDto } from './dto/incident.dto';
import type { Incident } from './incident.entity';

export function toIncidentDto(incident: Incident, now = new Date()): IncidentDto {
  return {
    id: incident.id,
    number: incident.number,
    status: incident.status,
    severity: incident.severity,
    version: incident.version,
    offenderCode: incident.offenderCode,
    productLine: incident.productLine,
    destinationRegionCode: incident.destinationRegionCode,
    assigneeId: incident.assigneeId,
    scale: {
      units: Number(incident.units),
      valueAtFloor: formatDecimal(incident.valueAtFloor),
      priceErosion: formatDecimal(incident.priceErosion),
      regionCodes: incident.regionCodes,
      victimCodes: incident.victimCodes,
    },
    violationCount: incident.violationCount,
    firstSeenOn: incident.firstSeenOn,
    lastSeenOn: incident.lastSeenOn,
    recurrenceOf: incident.recurrenceOf,
    dueAt: incident.dueAt?.toISOString() ?? null,
    overdue: incident.dueAt !== null && incident.dueAt.getTime() < now.getTime(),
    statusChangedAt: incident.statusChangedAt.toISOString(),
    assessment:
      incident.confirmedBy === null
        ? null
        : {
            confirmedUnits: Number(incident.confirmedUnits),
            confirmedValue: formatDecimal(incident.confirmedValue!),
            findings: incident.findings!,
            confirmedBy: incident.confirmedBy,
            confirmedAt: incident.confirmedAt!.toISOString(),
          },
    dismissalReason: incident.dismissalReason,
    openedAt: incident.openedAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
  };
}
