import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from 'nats';

/** The deliveries behind a batch handler's payloads, in the same order. */
export class JetStreamBatchContext extends BaseRpcContext<[JsMsg[]]> {
  getMessages(): JsMsg[] {
    return this.args[0];
  }
}
