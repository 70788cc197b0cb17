import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, ftruncateSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../core/scenario/limits.ts';
import { collectRunFiles, readScenarioFile } from './read-input.ts';
import { cli, tmp, tmpDir } from './cli.testkit.ts';

describe('readScenarioFile', () => {
  it('reads a regular file as UTF-8, keeping a BOM for the parser to judge', () => {
    expect(readScenarioFile(tmp('a.json', '{"a": "é"}'))).toEqual({ ok: true, text: '{"a": "é"}' });
    expect(readScenarioFile(tmp('b.json', '\ufeff{}'))).toEqual({ ok: true, text: '\ufeff{}' });
    expect(readScenarioFile(tmp('e.json', ''))).toEqual({ ok: true, text: '' });
  });

  it('refuses what is not a regular file, at once', () => {
    expect(readScenarioFile('/dev/zero')).toEqual({ ok: false, message: 'is not a regular file (a character device); only files are read' });
    expect(readScenarioFile(tmpDir())).toEqual({ ok: false, message: 'is a directory, not a scenario file' });
    const fifo = join(tmpDir(), 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    // No writer ever opens it: a blocking open or read would hang here.
    expect(readScenarioFile(fifo)).toEqual({ ok: false, message: 'is not a regular file (a FIFO); only files are read' });
    expect(readScenarioFile(join(tmpDir(), 'none.json'))).toEqual({ ok: false, message: 'cannot read: ENOENT' });
  });

  it('refuses a file over the byte limit without reading it, and at the limit reads it', () => {
    const big = join(tmpDir(), 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, LIMITS.bytes + 1); // sparse: no disk, no time
    closeSync(fd);
    expect(readScenarioFile(big)).toEqual({
      ok: false,
      message: 'is 134,217,729 bytes; scenario files are read up to 134,217,728 bytes (docs/limits.md)',
    });
    const f = tmp('ten.json', '0123456789');
    expect(readScenarioFile(f, 10)).toEqual({ ok: true, text: '0123456789' });
    expect(readScenarioFile(f, 9).ok).toBe(false);
  });

  it('caps what it reads even when the size the file system gives is wrong', () => {
    // /proc files say they are 0 bytes long.
    const r = readScenarioFile('/proc/self/maps', 100);
    expect(r).toEqual({ ok: false, message: 'is more than 100 bytes; scenario files are read up to 100 bytes (docs/limits.md)' });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(readScenarioFile(tmp('l.json', Buffer.from([0x7b, 0xe9, 0x7d])))).toEqual({ ok: false, message: 'is not UTF-8 text' });
  });
});

describe('collectRunFiles', () => {
  it('finds *.json recursively in sorted order, keeps given files as given, and reads each once', () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'b/deeper'), { recursive: true });
    mkdirSync(join(dir, 'a'));
    for (const f of ['b/deeper/x.json', 'b/a.json', 'a/z.json', 'a/readme.md', 'Z.json', 'b.json'])
      writeFileSync(join(dir, f), '{}');
    symlinkSync(dir, join(dir, 'b/loop')); // a loop, not followed
    expect(collectRunFiles([join(dir, 'b.json'), dir, join(dir, 'a/z.json'), 'x.txt'])).toEqual({
      files: [join(dir, 'b.json'), join(dir, 'Z.json'), join(dir, 'a/z.json'), join(dir, 'b/a.json'), join(dir, 'b/deeper/x.json'), 'x.txt'],
    });
  });
});

describe('special files through the command', () => {
  it('run /dev/zero, a FIFO or a directory given to compare exit 2 at once with a message', async () => {
    for (const argv of [['run', '/dev/zero'], ['compare', '/dev/zero'], ['compare', tmpDir()], ['workload', '--scenario', '/dev/zero']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/is not a regular file|is a directory/);
    }
  });
});
