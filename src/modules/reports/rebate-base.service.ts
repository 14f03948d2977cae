import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommonError } from '../../common/errors/common.errors';
import { formatDecimal } from '../../common/money/money';
import { SettingsService } from '../settings/settings.service';
import { isRebateChasing, periodRange, watchedWindow } from './domain/rebate-period';
import { RebateBaseDto } from './dto/rebate-base.dto';
import { REBATE_BASE_SQL } from './rebate-base.sql';

/**
 * Rebate integrity (the seed case's root cause): the volume a
 * rebate is paid on, with what a distributor was confirmed to have dumped
 * taken off and credited to the distributors whose territory it went into.
 */
@Injectable()
export class RebateBaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async rebateBase(period: string): Promise<RebateBaseDto> {
    const range = periodRange(period);
    if (range === null)
      throw new CommonError('VALIDATION_FAILED', `period ${period} is not a year, half, quarter or month`, [{ field: 'period', problems: ['not a period'] }]);
    const settings = await this.settings.rebate();
    const { from: windowFrom, baselineFrom } = watchedWindow(range.to, settings);
    const rows = (await this.dataSource.query(REBATE_BASE_SQL, [range.from, range.to, windowFrom, baselineFrom])) as Array<{
      distributor_code: string;
      shipped: string;
      dumped: string;
      credited: string;
      adjusted_base: string;
      window_sell_in: string;
      baseline_sell_in: string;
    }>;
    return {
      period,
      ...range,
      window: { from: windowFrom, baselineFrom, factor: settings.factor },
      items: rows.map((row) => {
        const windowSellIn = Number(row.window_sell_in);
        const baselineSellIn = Number(row.baseline_sell_in);
        return {
          distributorCode: row.distributor_code,
          shipped: Number(row.shipped),
          dumped: Number(row.dumped),
          credited: unitsText(row.credited),
          adjustedBase: unitsText(row.adjusted_base),
          rebateChasing: {
            windowSellIn,
            baselineSellIn,
            windowWeekly: Math.round((windowSellIn / settings.windowWeeks) * 10) / 10,
            baselineWeekly: Math.round((baselineSellIn / settings.baselineWeeks) * 10) / 10,
            flagged: isRebateChasing(windowSellIn, baselineSellIn, settings),
          },
        };
      }),
    };
  }
}

/** Units as a decimal string without needless zeros: "1000", "33.3333". */
function unitsText(value: string): string {
  const formatted = formatDecimal(value);
  return formatted.endsWith('.00') ? formatted.slice(0, -3) : formatted;
}
