import { Type } from 'class-transformer';
import { IsInt, IsNumber, Max, Min, ValidateBy, ValidateNested, ValidationArguments } from 'class-validator';
import { IsDecimalAmount } from '../../../common/validation/decorators';
import { compareDecimal } from '../../../common/money/money';

/** Each level's threshold must be at least the one below it. */
const Ascending = (compare: (a: unknown, b: unknown) => number) =>
  ValidateBy({
    name: 'ascendingThresholds',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => {
        const { medium, high, critical } = args?.object as Record<string, unknown>;
        try {
          return compare(medium, high) <= 0 && compare(high, critical) <= 0;
        } catch {
          return true; // the field validators report malformed values
        }
      },
      defaultMessage: () => 'thresholds must rise: medium <= high <= critical',
    },
  });

export class MoneyThresholdsDto {
  @IsDecimalAmount()
  medium!: string;

  @IsDecimalAmount()
  high!: string;

  @IsDecimalAmount()
  @Ascending((a, b) => compareDecimal(String(a), String(b)))
  critical!: string;
}

export class PercentThresholdsDto {
  @IsNumber()
  @Min(0)
  @Max(100)
  medium!: number;

  @IsNumber()
  @Min(0)
  @Max(100)
  high!: number;

  @IsNumber()
  @Min(0)
  @Max(100)
  @Ascending((a, b) => Number(a) - Number(b))
  critical!: number;
}

export class CountThresholdsDto {
  @IsInt()
  @Min(1)
  medium!: number;

  @IsInt()
  @Min(1)
  high!: number;

  @IsInt()
  @Min(1)
  @Ascending((a, b) => Number(a) - Number(b))
  critical!: number;
}

export class SeverityThresholdsDto {
  /** Value at floor of the dumped goods (units × floor, or × price where no floor applies). */
  @ValidateNested()
  @Type(() => MoneyThresholdsDto)
  valueAtFloor!: MoneyThresholdsDto;

  /** Price erosion as a share of the value at floor, in percent. */
  @ValidateNested()
  @Type(() => PercentThresholdsDto)
  priceGapPercent!: PercentThresholdsDto;

  /** Distinct regions hit. */
  @ValidateNested()
  @Type(() => CountThresholdsDto)
  regionsHit!: CountThresholdsDto;

  /** Raise the severity one level for a recurrence, or when the offender has at least this many earlier confirmed incidents. */
  @IsInt()
  @Min(1)
  raiseAfterConfirmedIncidents!: number;
}

export class DetectionSettingsDto {
  @ValidateNested()
  @Type(() => SeverityThresholdsDto)
  severity!: SeverityThresholdsDto;
}
