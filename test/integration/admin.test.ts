import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { fileKeyringSource } from '../../shared/keyring';
import { listApiKeys } from '../../shared/storage/api-keys';
import { listProcedures } from '../../shared/storage/procedures';
import { listUnits } from '../../shared/storage/units';
import { signToken, verifyToken } from '../../shared/tokens';
import { useAdminCli } from '../support/admin';

describe('admin CLI on dynalite', () => {
  const cli = useAdminCli('hailong-admin-');
  const { admin, file, out, err } = cli;

  it('imports units from a JSON array and from the API answer shape', async () => {
    const units = [
      { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
      { id: 'so-tp', name: 'Sở Tư pháp', kind: 'department', parent: 'cb' },
    ];
    expect(await admin('units', 'import', await file('units.json', JSON.stringify(units, null, 2)))).toBe(0);
    const wrapped = { units: [{ id: 'xa-hoa-an', name: 'Xã Hòa An', kind: 'commune', parent: 'cb' }] };
    expect(await admin('units', 'import', await file('answer.json', JSON.stringify(wrapped)))).toBe(0);
    expect((await listUnits(cli.stack.deps.store)).map((unit) => unit.path)).toEqual([
      'cb/',
      'cb/so-tp/',
      'cb/xa-hoa-an/',
    ]);
    expect(out.join('\n')).toContain('imported 1 units');
  });

  it('imports units from CSV with quoted names, empty parents and the SIPAS flag', async () => {
    const csv =
      'id,name,kind,parent,sipas\r\nhl,"Huyện Hạ Lang, cũ",district,cb,\r\nxa-ly-quoc,Xã Lý Quốc,commune,hl,true\r\n';
    expect(await admin('units', 'import', await file('units.csv', csv))).toBe(0);
    const stored = await listUnits(cli.stack.deps.store, 'cb/hl/');
    expect(stored).toEqual([
      { id: 'hl', name: 'Huyện Hạ Lang, cũ', kind: 'district', parent: 'cb', path: 'cb/hl/', sipas: false },
      {
        id: 'xa-ly-quoc',
        name: 'Xã Lý Quốc',
        kind: 'commune',
        parent: 'hl',
        path: 'cb/hl/xa-ly-quoc/',
        sipas: true,
      },
    ]);
  });

  it('refuses a file with a bad row, naming its line, and stores nothing of it', async () => {
    const csv =
      'id,name,kind,parent\nxa-a,Xã A,commune,cb\nXA B,Xã B,village,cb\nxa-c,Xã C,commune,nowhere\n';
    expect(await admin('units', 'import', await file('bad.csv', csv))).toBe(1);
    const message = err.join('\n');
    expect(message).toContain('line 3: id');
    expect(message).toContain('kind');
    expect(message).toContain('dòng 3');
    expect(message).not.toContain('line 2');
    expect((await listUnits(cli.stack.deps.store)).map((unit) => unit.id)).not.toContain('xa-a');

    err.length = 0;
    const json =
      '[\n  {"id":"xa-d","name":"Xã D","kind":"commune","parent":"cb"},\n  {"id":"xa-e","name":"Xã E","kind":"commune","parent":"nowhere"}\n]';
    expect(await admin('units', 'import', await file('bad.json', json))).toBe(1);
    expect(err.join('\n')).toContain('line 3: parent: no unit "nowhere"');
    expect((await listUnits(cli.stack.deps.store)).map((unit) => unit.id)).not.toContain('xa-d');
  });

  it('imports procedures from CSV and JSON and refuses a bad or repeated row by line', async () => {
    const csv =
      'code,name,field,processingDays\n1.001193,Đăng ký khai sinh,Hộ tịch,1\n"2.000815","Chứng thực bản sao, bản chính",Chứng thực,0\n';
    expect(await admin('procedures', 'import', await file('procedures.csv', csv))).toBe(0);
    const json = JSON.stringify({
      procedures: [{ code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 3 }],
    });
    expect(await admin('procedures', 'import', await file('procedures.json', json))).toBe(0);
    expect(await listProcedures(cli.stack.deps.store)).toEqual([
      { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 3 },
      { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1 },
      { code: '2.000815', name: 'Chứng thực bản sao, bản chính', field: 'Chứng thực', processingDays: 0 },
    ]);

    const bad = 'code,name,field,processingDays\n9.000001,A,F,2\n9.000002,B,F,two\n9.000001,C,F,1\n';
    expect(await admin('procedures', 'import', await file('bad-procedures.csv', bad))).toBe(1);
    expect(err.join('\n')).toContain('line 3: processingDays: wrong type, expected number');
    err.length = 0;
    const repeated = 'code,name,field,processingDays\n9.000001,A,F,2\n9.000001,C,F,1\n';
    expect(await admin('procedures', 'import', await file('repeated.csv', repeated))).toBe(1);
    expect(err.join('\n')).toContain('line 3: code "9.000001" repeats line 2');
    expect((await listProcedures(cli.stack.deps.store)).map((p) => p.code)).not.toContain('9.000001');
  });

  it('lists units as a tree and procedures', async () => {
    expect(await admin('units', 'list')).toBe(0);
    expect(out).toContain('    xa-ly-quoc  [commune]  Xã Lý Quốc  (SIPAS)');
    out.length = 0;
    expect(await admin('procedures', 'list')).toBe(0);
    expect(out[0]).toBe('1.000894  3 d  [Hộ tịch]  Đăng ký kết hôn');
  });

  it('creates a scoped key printed once, lists it without the secret, and a revoked key is refused', async () => {
    const app = createLocalApp(cli.stack.deps);
    expect(
      await admin(
        'keys',
        'create',
        '--unit',
        'hl',
        '--permissions',
        'scores:read,ratings:read',
        '--name',
        'Hạ Lang',
      ),
    ).toBe(0);
    const secret = out.find((line) => line.trim().startsWith('hl_'))!.trim();
    const units = await app.request('/v1/units', { headers: { authorization: `Bearer ${secret}` } });
    expect(units.status).toBe(200);
    expect(((await units.json()) as { units: { id: string }[] }).units.map((u) => u.id)).toEqual([
      'hl',
      'xa-ly-quoc',
    ]);

    out.length = 0;
    expect(await admin('keys', 'list')).toBe(0);
    const [key] = await listApiKeys(cli.stack.deps.store);
    expect(out.join('\n')).toContain(`${key!.id}  hl  [scores:read,ratings:read]`);
    expect(out.join('\n')).not.toContain(secret);

    expect(await admin('keys', 'revoke', key!.id)).toBe(0);
    const refused = await app.request('/v1/units', { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(401);
    out.length = 0;
    await admin('keys', 'list');
    expect(out.join('\n')).toContain('revoked');
  });

  it('refuses a key for an unknown unit or permission, and an unknown key id, with a non-zero exit', async () => {
    expect(await admin('keys', 'create', '--unit', 'nowhere', '--permissions', 'admin')).toBe(1);
    expect(err.join('\n')).toContain('No unit "nowhere"');
    expect(await admin('keys', 'create', '--unit', 'cb', '--permissions', 'root')).toBe(1);
    expect(err.join('\n')).toContain('Unknown permission: root');
    expect(await admin('keys', 'create', '--unit', 'cb')).toBe(1);
    expect(err.join('\n')).toContain('Missing the option --permissions');
    expect(await admin('keys', 'revoke', 'ffffffffffff')).toBe(1);
    expect(err.join('\n')).toContain('Không có khóa API');
  });

  it('rotates the signing keyring file; links signed before keep verifying', async () => {
    const keyring = fileKeyringSource(join(cli.dir, 'signing-keys.json'));
    const before = await keyring.get();
    const expiresAt = new Date(Date.now() + 10 * 86_400_000);
    const oldLink = signToken(before, 'AAAAAAAAAAAAAAAA', expiresAt);

    expect(await admin('signing-key', 'rotate')).toBe(0);
    const after = await keyring.get();
    expect(after.current).not.toBe(before.current);
    expect(verifyToken(after, oldLink).keyId).toBe(before.current);
    expect(verifyToken(after, signToken(after, 'AAAAAAAAAAAAAAAA', expiresAt)).keyId).toBe(after.current);

    out.length = 0;
    expect(await admin('signing-key', 'list')).toBe(0);
    expect(out.join('\n')).toMatch(/\* key 2 +created/);
    expect(out.join('\n')).not.toContain(after.keys[0]!.secret);
  });

  it('prints help for the tool, a group and a command, and refuses unknown names', async () => {
    expect(await admin('--help')).toBe(0);
    expect(out.join('\n')).toContain('signing-key');
    out.length = 0;
    expect(await admin('keys', '--help')).toBe(0);
    expect(out.join('\n')).toContain('keys revoke ID');
    out.length = 0;
    expect(await admin('units', 'import', '--help')).toBe(0);
    expect(out.join('\n')).toContain('id,name,kind,parent');
    expect(await admin('nope')).toBe(2);
    expect(await admin('units', 'nope')).toBe(2);
    expect(err.join('\n')).toContain('no command "units nope"');
  });
});
