import type { EntityManager } from 'typeorm';

/** What retiring a report leaves to do: re-scale the incidents it touched, and take its lines out once the new ones are counted. */
export interface RetiredReport {
  touchedIncidents: string[];
  /** Its lines' key: their sell-out and prices come off the aggregates with the new report's own, then they are deleted. */
  lineKey: number;
}

/**
 * Retires a report being replaced by a correction: marks it superseded and
 * voids its violations (giving back the quantities its lines used of transfer
 * permits). Its lines stay until the correction's are counted in sell_monthly
 * and price_monthly: both reports go through one upsert each, so the rows are
 * locked in one pass, in key order, late in the transaction.
 */
export async function supersedeReport(manager: EntityManager, reportId: string): Promise<RetiredReport> {
  const [[{ line_key: lineKey }]] = (await manager.query(`UPDATE sales_report SET status = 'superseded' WHERE id = $1 RETURNING line_key`, [reportId])) as [
    Array<{ line_key: number }>,
    number,
  ];
  // Permits are locked in id order, as detection locks them: concurrent imports cannot deadlock on them.
  await manager.query(
    `SELECT id FROM transfer_permit
     WHERE id IN (SELECT permit_id FROM violation WHERE report_id = $1 AND status = 'permitted' AND permit_id IS NOT NULL)
     ORDER BY id FOR UPDATE`,
    [reportId],
  );
  await manager.query(
    `UPDATE transfer_permit p SET used_quantity = greatest(p.used_quantity - used.total, 0)
     FROM (SELECT permit_id, sum(quantity) AS total FROM violation
           WHERE report_id = $1 AND status = 'permitted' AND permit_id IS NOT NULL GROUP BY permit_id) used
     WHERE p.id = used.permit_id`,
    [reportId],
  );
  const touched: Array<{ incident_id: string }> = await manager.query(
    `WITH voided AS (
       UPDATE violation SET status = 'voided', void_reason = 'the report was superseded by a correction'
       WHERE report_id = $1 AND status <> 'voided' RETURNING incident_id
     )
     SELECT DISTINCT incident_id FROM voided WHERE incident_id IS NOT NULL`,
    [reportId],
  );
  return { touchedIncidents: touched.map((row) => row.incident_id), lineKey };
}
