import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from 'nats';
import type { EventProof } from '@tr4ction/contracts';

/** What an event handler can learn about the delivery (subject, attempt, the producer's proof) besides the envelope. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, EventProof]> {
  getMessage(): JsMsg {
    return this.args[0];
  }
  getSubject(): string {
    return this.args[0].subject;
  }
  getDeliveryCount(): number {
    return this.args[0].info.redeliveryCount;
  }
  /** The verified signature of the event: who produced it, with which key. */
  getProof(): EventProof {
    return this.args[1];
  }
}
