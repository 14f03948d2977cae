import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { AppError } from '../errors/app-error';
import { createValidationPipe } from './validation.pipe';

class LineDto {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class ReportDto {
  @MaxLength(5)
  @IsString()
  ref!: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

const metadata: ArgumentMetadata = { type: 'body', metatype: ReportDto };

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('reports nested problems by path, type problems first', async () => {
    const error: AppError = await pipe.transform({ ref: 7, lines: [{ quantity: 2 }, { quantity: 'x' }] }, metadata).catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.kind).toBe('malformed');
    expect(error.details).toEqual([
      { field: 'ref', problems: ['ref must be a string', 'ref must be shorter than or equal to 5 characters'] },
      { field: 'lines.1.quantity', problems: ['quantity must be an integer number', 'quantity must not be less than 1'] },
    ]);
  });

  it('refuses unknown properties', async () => {
    const error: AppError = await pipe.transform({ ref: 'a', lines: [], admin: true }, metadata).catch((e: AppError) => e);
    expect(error.details).toEqual([{ field: 'admin', problems: ['property admin should not exist'] }]);
  });

  it('passes a valid body through, transformed', async () => {
    const value = await pipe.transform({ ref: 'R1', lines: [{ quantity: 3 }] }, metadata);
    expect(value).toBeInstanceOf(ReportDto);
    expect(value.lines[0]).toBeInstanceOf(LineDto);
  });
});
