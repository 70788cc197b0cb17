import { describe, expect, it } from 'vitest';
import { parseEmbedParams, readOrigin, isEmbedQuery, MAX_ALLOW } from './embed-params.ts';

const OWN = 'https://pasidscope.example';

describe('embed parameters', () => {
  it('reads scenario, step, policy, compare and allow', () => {
    const r = parseEmbedParams('?embed&scenario=s1-vf-migration-busy-destination.json&step=10&policy=global&compare=1&allow=https://talks.example.org,http://localhost:8000', OWN);
    expect(r.problems).toEqual([]);
    expect(r.params).toMatchObject({ scenario: 's1-vf-migration-busy-destination.json', step: 10, policy: 'global', compare: true });
    expect([...r.params.allow]).toEqual(['https://talks.example.org', 'http://localhost:8000']);
  });

  it('takes a bare compare as on, and off in words', () => {
    expect(parseEmbedParams('?embed&compare', OWN).params.compare).toBe(true);
    expect(parseEmbedParams('?embed&compare=off', OWN).params.compare).toBe(false);
  });

  it('defaults allow to its own origin, and to nothing for a file:// embed', () => {
    expect([...parseEmbedParams('?embed', OWN).params.allow]).toEqual([OWN]);
    expect([...parseEmbedParams('?embed', 'null').params.allow]).toEqual([]);
    expect([...parseEmbedParams('?embed', 'file://').params.allow]).toEqual([]);
    // Given explicitly, the list replaces the default: the own origin is not added.
    expect([...parseEmbedParams('?embed&allow=null', OWN).params.allow]).toEqual(['null']);
    // An empty list is a list: a view that only shows.
    expect([...parseEmbedParams('?embed&allow=', OWN).params.allow]).toEqual([]);
  });

  it('names every bad parameter and keeps the valid ones', () => {
    const r = parseEmbedParams('?embed&step=-1&policy=best&compare=maybe&scenario=../etc/passwd&allow=*,https://a.example/deck,https://ok.example', OWN);
    expect(r.problems).toHaveLength(6);
    expect(r.problems.join('\n')).toMatch(/^step: /m);
    expect(r.problems.join('\n')).toMatch(/^policy: one of declared, global, local, split, linux/m);
    expect(r.problems.join('\n')).toMatch(/^compare: /m);
    expect(r.problems.join('\n')).toMatch(/^scenario: /m);
    expect(r.problems.join('\n')).toMatch(/wildcard/);
    expect(r.problems.join('\n')).toMatch(/no path/);
    expect([...r.params.allow]).toEqual(['https://ok.example']);
  });

  it('refuses a repeated parameter and a too long allow list', () => {
    expect(parseEmbedParams('?embed&step=1&step=2', OWN).problems).toEqual(['step: given 2 times; give it once']);
    const many = Array.from({ length: MAX_ALLOW + 1 }, (_, i) => `https://h${i}.example`).join(',');
    const r = parseEmbedParams(`?embed&allow=${many}`, OWN);
    expect(r.problems[0]).toMatch(/at most 16/);
    expect(r.params.allow.size).toBe(MAX_ALLOW);
  });

  it('bounds the step and clips echoed text', () => {
    expect(parseEmbedParams('?embed&step=123456789', OWN).problems[0]).toMatch(/^step: /);
    const long = 'x'.repeat(5000);
    const p = parseEmbedParams(`?embed&policy=${long}`, OWN).problems[0];
    expect(p.length).toBeLessThan(200);
  });

  it('reads origins as event.origin spells them', () => {
    expect(readOrigin('https://talks.example.org/')).toEqual({ ok: true, origin: 'https://talks.example.org' });
    expect(readOrigin('HTTPS://Talks.Example.org')).toEqual({ ok: true, origin: 'https://talks.example.org' });
    expect(readOrigin('https://a.example/?x').ok).toBe(false);
    expect(readOrigin('https://a.example:8443')).toEqual({ ok: true, origin: 'https://a.example:8443' });
    expect(readOrigin('javascript:alert(1)').ok).toBe(false);
    expect(readOrigin('https://user:pw@a.example').ok).toBe(false);
    expect(readOrigin('null')).toEqual({ ok: true, origin: 'null' });
    expect(readOrigin('file://')).toEqual({ ok: true, origin: 'null' });
    expect(readOrigin('file:///home/me/deck.html').ok).toBe(false);
  });

  it('knows the embed query', () => {
    expect(isEmbedQuery('?embed')).toBe(true);
    expect(isEmbedQuery('?x=1&embed=1')).toBe(true);
    expect(isEmbedQuery('?embedded')).toBe(false);
    expect(isEmbedQuery('')).toBe(false);
  });
});
