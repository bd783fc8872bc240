/**
 * `@RpcHandler(pattern)`: `@MessagePattern` on core NATS, with the method's request and reply
 * checked against the RPC catalogue at compile time. A handler that answers another shape than its
 * pattern's reply, or expects a request its schema does not describe, does not compile.
 */
import { MessagePattern, Transport } from '@nestjs/microservices';
import type { RpcPattern, RpcReply, RpcRequest } from '@tr4ction/contracts';
import type { RpcEnvelope } from './rpc-client';

/** What a handler of `P` may be: it reads (part of) the envelope and answers the pattern's reply. */
export type RpcHandlerMethod<P extends RpcPattern> = (envelope: RpcEnvelope<RpcRequest<P>>) => RpcReply<P> | Promise<RpcReply<P>>;

export function RpcHandler<P extends RpcPattern>(pattern: P) {
  const nest = MessagePattern(pattern, Transport.NATS);
  return <M extends RpcHandlerMethod<P>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    nest(target, key, descriptor);
  };
}
