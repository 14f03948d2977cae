import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonError } from '../errors/common.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    if (!UUID.test(value)) throw new CommonError('INVALID_VALUE', `${metadata.data ?? 'id'} must be a UUID`);
    return value.toLowerCase();
  }
}
