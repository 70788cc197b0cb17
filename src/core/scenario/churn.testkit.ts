/** For tests: a scenario of `n` guest allocations and frees of one process on one host, as text. */
export function churnScenario(n: number, title = 'churn'): string {
  const events = Array.from({ length: n }, (_, i) => ({
    op: i % 2 ? 'guest.free' : 'guest.alloc',
    vm: 'vm1',
    process: 'p',
  }));
  return JSON.stringify({
    format: 'pasidscope/1',
    title,
    hosts: [
      {
        id: 'A',
        policy: { kind: 'split', localEnd: 4096, sharedEnd: 524288 },
        functions: [{ rid: '00:01.0', kind: 'pf' }],
      },
    ],
    vms: [{ id: 'vm1', host: 'A', viommu: { pasidAlloc: true } }],
    events,
  });
}
