import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, Matches, Max, Min, ValidateBy } from 'class-validator';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** MM-DD naming a day some year has (02-29 included). */
export const calendarDay = (day: string) => /^\d{2}-\d{2}$/.test(day) && Number(day.slice(3)) <= DAYS_IN_MONTH[Number(day.slice(0, 2)) - 1];

/** When rebate periods end, and what counts as chasing the rebate before an end. */
export class RebateSettingsDto {
  /** The days rebate periods end on, as MM-DD (default ["12-31"]: yearly rebates). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { each: true, message: 'each of periodEnds must be a day as MM-DD' })
  @ValidateBy({
    name: 'isCalendarDay',
    validator: {
      // 02-29 is taken as the end of February in every year.
      validate: (value: unknown) => Array.isArray(value) && value.every((day) => typeof day !== 'string' || calendarDay(day)),
      defaultMessage: () => 'each of periodEnds must be a day of the calendar (04-31 is not)',
    },
  })
  periodEnds!: string[];

  /** The weeks before a period's end that are watched (default 4). */
  @IsInt()
  @Min(1)
  @Max(26)
  windowWeeks!: number;

  /** The weeks before the window that set the baseline (default 26). */
  @IsInt()
  @Min(1)
  @Max(104)
  baselineWeeks!: number;

  /** Flag weekly sell-in in the window above this many times the baseline's (default 2). */
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(1)
  @Max(100)
  factor!: number;
}
