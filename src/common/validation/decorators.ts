import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { isBusinessDate } from '../dates/business-date';
import { compareDecimal, parseDecimal } from '../money/money';

/**
 * May be left out, but not sent as null: for fields that cannot be cleared
 * (a PATCH of {"name": null} is a 400, not a crash).
 */
export const IsOptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

interface OptionalityOptions {
  /** May be left out. */
  optional?: boolean;
  /** With optional: may also be null (e.g. null clears it, or means "all"). Default true. */
  nullable?: boolean;
}

const optionality = (options: OptionalityOptions) => (!options.optional ? [] : options.nullable === false ? [IsOptionalNotNull()] : [IsOptional()]);

/** A business code (region, distributor, SKU): 1–64 visible characters, trimmed. */
export const IsCode = (options: OptionalityOptions = {}) =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    ...optionality(options),
    IsString(),
    IsNotEmpty(),
    MaxLength(64),
    Matches(/^[^\s\u0000-\u001f]+$/, { message: '$property must not contain spaces or control characters' }),
  );

/** A list of codes (serials, case or pallet codes): each 1–64 visible characters, as sent. */
export const IsCodeList = (options: { min?: number; max: number }) =>
  applyDecorators(
    IsArray(),
    ...(options.min ? [ArrayMinSize(options.min)] : []),
    ArrayMaxSize(options.max),
    IsString({ each: true }),
    Matches(/^[^\s\u0000-\u001f]{1,64}$/, { each: true, message: 'each of $property must be a code of 1-64 characters without spaces' }),
  );

/** A short free-text label such as a product line or a channel. */
export const IsLabel = (options: OptionalityOptions = {}) =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    ...optionality(options),
    IsString(),
    IsNotEmpty(),
    MaxLength(100),
  );

/** A calendar date, 'YYYY-MM-DD'. */
export const IsBusinessDate = () =>
  applyDecorators(
    ApiProperty({ type: String, format: 'date', example: '2026-01-01' }),
    ValidateBy({
      name: 'isBusinessDate',
      validator: {
        validate: (value: unknown) => isBusinessDate(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a date as YYYY-MM-DD`,
      },
    }),
  );

/** An inclusive end date that is not before `validFrom`. */
export const IsNotBefore = (otherProperty: string) =>
  ValidateBy({
    name: 'isNotBefore',
    constraints: [otherProperty],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const other = (args?.object as Record<string, unknown>)[otherProperty];
        return typeof value !== 'string' || typeof other !== 'string' || value >= other;
      },
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must not be before ${otherProperty}`,
    },
  });

/**
 * An exact decimal amount, sent as a string ("12.50") or a JSON number; stored
 * normalised as a string. `positive` refuses zero and negatives.
 */
export const IsDecimalAmount = (options: { positive?: boolean; allowNegative?: boolean } = {}) =>
  applyDecorators(
    ApiProperty({ type: String, example: '12.50', description: 'An exact decimal with up to 4 places, as a string' }),
    Transform(({ value }) => parseDecimal(value) ?? value),
    ValidateBy({
      name: 'isDecimalAmount',
      validator: {
        validate: (value: unknown) => {
          const parsed = parseDecimal(value);
          if (parsed === null) return false;
          if (options.positive) return compareDecimal(parsed, '0') > 0;
          return options.allowNegative || compareDecimal(parsed, '0') >= 0;
        },
        defaultMessage: (args?: ValidationArguments) =>
          parseDecimal(args?.value) === null
            ? `${args?.property} must be a decimal amount such as "12.50" (up to 4 decimal places)`
            : `${args?.property} must be ${options.positive ? 'greater than 0' : 'zero or more'}`,
      },
    }),
  );
