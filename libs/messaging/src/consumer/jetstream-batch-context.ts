import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from 'nats';
import type { EventProof } from '@tr4ction/contracts';

/** The deliveries behind a batch handler's payloads, and their verified proofs, in the same order. */
export class JetStreamBatchContext extends BaseRpcContext<[JsMsg[], EventProof[]]> {
  getMessages(): JsMsg[] {
    return this.args[0];
  }
  getProofs(): EventProof[] {
    return this.args[1];
  }
}
