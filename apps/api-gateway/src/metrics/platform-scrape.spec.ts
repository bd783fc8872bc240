import type { RpcClient } from '@tr4ction/messaging';
import { RPC } from '@tr4ction/contracts';
import { GatewayMetrics } from './gateway-metrics';
import { scrapePlatform } from './platform-scrape';

/** A fake of the NATS request/reply client (unit test): each service answers, fails or hangs. */
function setup(answers: Record<string, 'answer' | 'fail' | 'hang'>) {
  const asked: string[] = [];
  const rpc = {
    send: (pattern: string) => {
      asked.push(pattern);
      const service = Object.keys(answers).find((s) => pattern === RPC.metrics(s as never));
      const how = service ? answers[service] : 'hang';
      if (how === 'answer')
        return Promise.resolve({
          content_type: 'text/plain',
          text: `# HELP tr4ction_logins_total Logins\n# TYPE tr4ction_logins_total counter\ntr4ction_logins_total{outcome="success"} 2\n`,
        });
      if (how === 'fail') return Promise.reject(new Error('no responders'));
      return new Promise(() => undefined);
    },
  } as unknown as RpcClient;
  const gateway = new GatewayMetrics();
  gateway.httpDuration.observe({ method: 'POST', route: '/auth/login', status: '200' }, 0.01);
  return { sut: (timeoutMs: number) => scrapePlatform(rpc, gateway, timeoutMs), asked };
}

describe(scrapePlatform.name, () => {
  it('merges every service under its service label and reports who answered, without waiting past the deadline', async () => {
    const { sut, asked } = setup({ 'auth-service': 'answer', 'user-service': 'answer', 'audit-service': 'fail', 'rotation-service': 'hang' });
    const started = Date.now();
    const text = await sut(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(asked).toHaveLength(4);
    expect(text).toContain('tr4ction_logins_total{service="auth-service",outcome="success"} 2');
    expect(text).toContain('tr4ction_logins_total{service="user-service",outcome="success"} 2');
    expect(text.match(/# TYPE tr4ction_logins_total counter/g)).toHaveLength(1);
    expect(text).toContain('tr4ction_http_request_duration_seconds_count{service="api-gateway",method="POST",route="/auth/login",status="200"} 1');
    expect(text).toContain('tr4ction_scrape_up{service="api-gateway"} 1');
    expect(text).toContain('tr4ction_scrape_up{service="auth-service"} 1');
    expect(text).toContain('tr4ction_scrape_up{service="audit-service"} 0');
    expect(text).toContain('tr4ction_scrape_up{service="rotation-service"} 0');
  });
});
