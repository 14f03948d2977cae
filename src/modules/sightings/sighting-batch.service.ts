import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Actor } from '../../common/auth/roles';
import { AppError } from '../../common/errors/app-error';
import { statusOf } from '../../common/errors/all-exceptions.filter';
import { flattenValidationErrors } from '../../common/validation/validation.pipe';
import { SightingBatchDto, SightingBatchItemDto, SightingBatchResultDto } from './dto/sighting-batch.dto';
import { CreateSightingDto } from './dto/sighting.dto';
import { SightingIntake } from './sighting-intake.service';

/**
 * A rep's phone syncing after being offline: each sighting is received on its
 * own, under its own Idempotency-Key, as POST /sightings would receive it. A
 * bad one gets its 4xx in its place and does not hold back the others.
 */
@Injectable()
export class SightingBatchService {
  constructor(private readonly intake: SightingIntake) {}

  async receive(actor: Actor, batch: SightingBatchDto): Promise<SightingBatchResultDto> {
    const items: SightingBatchItemDto[] = [];
    for (const [index, item] of batch.items.entries()) items.push(await this.receiveOne(actor, index, item));
    return {
      items,
      created: items.filter((item) => item.status === 201 && !item.replayed).length,
      replayed: items.filter((item) => item.replayed).length,
      failed: items.filter((item) => item.status !== 201).length,
    };
  }

  private async receiveOne(actor: Actor, index: number, item: Record<string, unknown>): Promise<SightingBatchItemDto> {
    const { idempotencyKey, ...fields } = item;
    const key = typeof idempotencyKey === 'string' && idempotencyKey !== '' ? idempotencyKey : null;
    if (key === null) {
      const message = 'each item needs its idempotencyKey (a non-empty string), so a re-sent batch does not make sightings twice';
      return {
        index,
        idempotencyKey: null,
        status: 400,
        replayed: false,
        error: { code: 'VALIDATION_FAILED', message, details: [{ field: 'idempotencyKey', problems: [message] }] },
      };
    }
    const dto = plainToInstance(CreateSightingDto, fields);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const details = flattenValidationErrors(errors);
      return {
        index,
        idempotencyKey: key,
        status: 400,
        replayed: false,
        error: { code: 'VALIDATION_FAILED', message: `Invalid sighting: ${details[0].problems[0]}`, details },
      };
    }
    try {
      const outcome = await this.intake.receive(actor, dto, key);
      return { index, idempotencyKey: key, status: 201, replayed: outcome.replayed, sighting: outcome.result };
    } catch (error) {
      // A bad item answers in its place; anything else (the database gone) fails the batch.
      if (!(error instanceof AppError)) throw error;
      return {
        index,
        idempotencyKey: key,
        status: statusOf(error.kind),
        replayed: false,
        error: { code: error.code, message: error.message, details: error.details },
      };
    }
  }
}
