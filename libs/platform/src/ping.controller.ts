import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern, Transport } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { RPC, type SERVICES } from '@tr4ction/contracts';
import { DATA_SOURCE } from './tokens';

export interface PingReply {
  service: string;
  ok: boolean;
  database: boolean;
}

/** Readiness probe over NATS: answers only if this service can also reach its database. */
export function createPingController(service: (typeof SERVICES)[number]): Type<unknown> {
  @Controller()
  class PingController {
    constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

    @MessagePattern(RPC.ping(service), Transport.NATS)
    async ping(): Promise<PingReply> {
      const database = await this.dataSource
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false);
      return { service, ok: database, database };
    }
  }
  return PingController;
}
