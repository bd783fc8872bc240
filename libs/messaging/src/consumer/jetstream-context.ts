import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from 'nats';

/** What an event handler can learn about the delivery (subject, attempt) besides the envelope. */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> {
  getMessage(): JsMsg {
    return this.args[0];
  }
  getSubject(): string {
    return this.args[0].subject;
  }
  getDeliveryCount(): number {
    return this.args[0].info.redeliveryCount;
  }
}
