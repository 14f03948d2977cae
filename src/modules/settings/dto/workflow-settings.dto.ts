import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, Max, Min, ValidateBy, ValidateNested, ValidationArguments } from 'class-validator';
import { parseDecimal } from '../../../common/money/money';
import { IsDecimalAmount } from '../../../common/validation/decorators';

const HOURS_IN_A_YEAR = 24 * 366;

/** How long an incident may stay in each state before it is overdue, in hours. */
export class SlaHoursDto {
  /** From opening to the start of the investigation (default 48: two days). */
  @IsInt()
  @Min(1)
  @Max(HOURS_IN_A_YEAR)
  open!: number;

  /** From the start of the investigation to the decision (confirmed or dismissed; default 240: ten days). */
  @IsInt()
  @Min(1)
  @Max(HOURS_IN_A_YEAR)
  investigating!: number;

  /** From confirmation to resolution (default 720: thirty days). */
  @IsInt()
  @Min(1)
  @Max(HOURS_IN_A_YEAR)
  confirmed!: number;
}

export class CompensationSettingsDto {
  /** Approving a claim above this amount needs an admin. */
  @IsDecimalAmount()
  approvalThreshold!: string;

  /** Lost margin per dumped unit, by product line, added to each victim's claim (decimal strings). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', example: '1.50' }, example: { snacks: '1.50' } })
  @IsObject()
  @ValidateBy({
    name: 'isRateMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        Object.entries(value).every(
          ([line, rate]) => line.trim().length > 0 && line.length <= 100 && parseDecimal(rate) !== null && !String(rate).startsWith('-'),
        ),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must map product lines to decimal amounts such as "1.50"`,
    },
  })
  lostMarginPerUnit!: Record<string, string>;
}

export class WorkflowSettingsDto {
  @ValidateNested()
  @Type(() => SlaHoursDto)
  slaHours!: SlaHoursDto;

  /** Closing an incident needs a user other than the one who confirmed it. */
  @IsBoolean()
  fourEyesClose!: boolean;

  @ValidateNested()
  @Type(() => CompensationSettingsDto)
  compensation!: CompensationSettingsDto;
}
