import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { distributorScope } from '../../common/auth/access';
import { Actor } from '../../common/auth/roles';
import { formatDecimal } from '../../common/money/money';
import { paginate } from '../../common/pagination/pagination';
import { formatCode } from './domain/serial-code';
import { ListShipmentsQueryDto, ShipmentDetailDto, ShipmentDto, ShipmentLineViewDto, ShipmentPageDto } from './dto/shipment.dto';
import { Shipment } from './shipment.entity';
import { ShipmentsError } from './shipments.errors';

const DETAIL_LINES = 1000;

@Injectable()
export class ShipmentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListShipmentsQueryDto): Promise<ShipmentPageDto> {
    const builder = this.dataSource.getRepository(Shipment).createQueryBuilder('shipment');
    const scope = distributorScope(actor);
    if (scope !== null) builder.andWhere('shipment.distributorCode = :scope', { scope });
    if (query.distributorCode) builder.andWhere('shipment.distributorCode = :code', { code: query.distributorCode });
    if (query.shipmentRef) builder.andWhere('shipment.shipmentRef = :ref', { ref: query.shipmentRef });
    if (query.from) builder.andWhere('shipment.shippedAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('shipment.shippedAt < :to', { to: query.to });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'shipment.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: await this.withViolations(rows), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ShipmentDetailDto> {
    const shipment = await this.dataSource.getRepository(Shipment).findOne({ where: { id } });
    const scope = distributorScope(actor);
    if (!shipment || (scope !== null && shipment.distributorCode !== scope)) throw new ShipmentsError('SHIPMENT_NOT_FOUND', `No shipment ${id}`);
    const [summary] = await this.withViolations([shipment]);
    const lines: Array<{ line_no: number; sku: string; quantity: number; unit_price: string; lot: string | null }> = await this.dataSource.query(
      `SELECT line_no, sku, quantity, unit_price, lot FROM shipment_line WHERE shipment_id = $1 ORDER BY line_no LIMIT $2`,
      [id, DETAIL_LINES],
    );
    const codes: Array<{ line_no: number; prefix: string; width: number; first_number: string; last_number: string }> = await this.dataSource.query(
      `SELECT line_no, prefix, width, first_number, last_number FROM code_binding WHERE shipment_id = $1 AND line_no <= $2 ORDER BY line_no, id`,
      [id, lines.at(-1)?.line_no ?? 0],
    );
    return {
      ...summary,
      lines: lines.map((line) =>
        toLineView(
          line,
          codes.filter((code) => code.line_no === line.line_no),
        ),
      ),
    };
  }

  private async withViolations(shipments: Shipment[]): Promise<ShipmentDto[]> {
    const counts: Array<{ source_id: string; type: string; count: number }> = shipments.length
      ? await this.dataSource.query(
          `SELECT source_id, type, count(*)::int AS count FROM violation
           WHERE source_kind = 'shipment' AND source_id = ANY($1::text[]) AND status <> 'voided' GROUP BY source_id, type`,
          [shipments.map((shipment) => shipment.id)],
        )
      : [];
    return shipments.map((shipment) => ({
      id: shipment.id,
      shipmentRef: shipment.shipmentRef,
      distributorCode: shipment.distributorCode,
      shippedAt: shipment.shippedAt.toISOString(),
      lineCount: shipment.lineCount,
      unitCount: Number(shipment.unitCount),
      codeCount: Number(shipment.codeCount),
      source: shipment.source,
      createdAt: shipment.createdAt.toISOString(),
      violations: Object.fromEntries(counts.filter((row) => row.source_id === shipment.id).map((row) => [row.type, row.count])),
    }));
  }
}

function toLineView(
  line: { line_no: number; sku: string; quantity: number; unit_price: string; lot: string | null },
  codes: Array<{ prefix: string; width: number; first_number: string; last_number: string }>,
): ShipmentLineViewDto {
  const code = (row: (typeof codes)[number], number: string) => formatCode(row.prefix, row.width, BigInt(number));
  return {
    lineNo: line.line_no,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: formatDecimal(line.unit_price),
    lot: line.lot,
    serials: codes.filter((row) => row.first_number === row.last_number).map((row) => code(row, row.first_number)),
    serialRanges: codes
      .filter((row) => row.first_number !== row.last_number)
      .map((row) => ({
        from: code(row, row.first_number),
        to: code(row, row.last_number),
        count: Number(BigInt(row.last_number) - BigInt(row.first_number) + 1n),
      })),
  };
}
