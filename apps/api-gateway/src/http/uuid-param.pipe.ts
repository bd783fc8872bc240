import { Injectable, type PipeTransform } from '@nestjs/common';
import { GatewayError } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs; anything else is refused here rather than sent on to a service. */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw new GatewayError('VALIDATION_FAILED', 'id must be a UUID');
    return value.toLowerCase();
  }
}
