import { mergeExpositions, withServiceLabel } from './merge-expositions';

describe(mergeExpositions.name, () => {
  it('labels every sample with its service and keeps each family together, described once', () => {
    const a =
      '# HELP x_total Things\n# TYPE x_total counter\nx_total{kind="a"} 1\n# HELP h Latency\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 2\nh_sum 0.5\nh_count 2\n';
    const b = '# HELP x_total Things\n# TYPE x_total counter\nx_total 4\n';
    const out = mergeExpositions([
      { service: 'svc-a', text: a },
      { service: 'svc-b', text: b },
    ]);
    expect(out).toBe(
      [
        '# HELP x_total Things',
        '# TYPE x_total counter',
        'x_total{service="svc-a",kind="a"} 1',
        'x_total{service="svc-b"} 4',
        '# HELP h Latency',
        '# TYPE h histogram',
        'h_bucket{service="svc-a",le="1"} 2',
        'h_bucket{service="svc-a",le="+Inf"} 2',
        'h_sum{service="svc-a"} 0.5',
        'h_count{service="svc-a"} 2',
        '',
      ].join('\n'),
    );
  });

  it('keeps a service label a sample already has, and drops lines that are not samples', () => {
    expect(withServiceLabel('up{service="x"} 1', 'y')).toBe('up{service="x"} 1');
    expect(withServiceLabel('not a sample', 'y')).toBe('not{service="y"} a sample');
    expect(mergeExpositions([{ service: 's', text: '# just a comment\n\n{bad} 1\n' }])).toBe('\n');
  });

  it("labels a replica's own exposition with its instance id as well", () => {
    const text = '# TYPE c counter\nc_total{route="/x"} 3\nc_total 4\n';
    expect(mergeExpositions([{ service: 'user-service', instance: 'host-a:9402', text }])).toBe(
      [
        '# TYPE c counter',
        'c_total{instance_id="host-a:9402",service="user-service",route="/x"} 3',
        'c_total{instance_id="host-a:9402",service="user-service"} 4',
        '',
      ].join('\n'),
    );
  });
});
