import type { EntityManager } from 'typeorm';
import { PRICE_MONTHLY_SQL, SELL_MONTHLY_SQL } from '../reconciliation/sell-monthly.sql';

/**
 * Retires a report being replaced by a correction: marks it superseded, voids
 * its violations (giving back the quantities its lines used of transfer
 * permits), and removes its lines. Returns the incidents whose figures must be
 * recomputed.
 */
export async function supersedeReport(manager: EntityManager, reportId: string): Promise<string[]> {
  await manager.query(`UPDATE sales_report SET status = 'superseded' WHERE id = $1`, [reportId]);
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
  const [{ line_key: lineKey, distributor_code: distributorCode }] = (await manager.query(`SELECT line_key, distributor_code FROM sales_report WHERE id = $1`, [
    reportId,
  ])) as Array<{ line_key: number; distributor_code: string }>;
  // Its lines are no longer reported sell-out.
  await manager.query(SELL_MONTHLY_SQL.reported, [lineKey, distributorCode, -1]);
  await manager.query(PRICE_MONTHLY_SQL.reported, [lineKey, -1]);
  await manager.query(`DELETE FROM sales_line WHERE report_key = $1`, [lineKey]);
  return touched.map((row) => row.incident_id);
}
