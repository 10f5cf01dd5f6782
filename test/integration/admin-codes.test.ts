/**
 * Units known by their portal codes and the catalogue from the national procedure database's export
 * (DESIGN §3), through the admin CLI on dynalite.
 */
import { describe, expect, it } from 'vitest';
import { findProcedure, listProcedures } from '../../shared/storage/procedures';
import { listUnits } from '../../shared/storage/units';
import { createUnitDirectory } from '../../shared/unit-directory';
import { useAdminCli } from '../support/admin';

describe('unit codes and the catalogue facts, by the admin CLI', () => {
  const cli = useAdminCli('hailong-codes-');
  const { admin, file, err } = cli;

  it('imports codes from CSV and JSON; the directory finds a unit by any of them', async () => {
    const csv =
      'id,name,kind,parent,codes\ncb,Tỉnh Cao Bằng,province,,000.00.00.H10\nhoa-an,Xã Hòa An,commune,cb,"000.21.10.H10; H10.21"\n';
    expect(await admin('units', 'import', await file('units.csv', csv))).toBe(0);
    const json = JSON.stringify([
      { id: 'ly-quoc', name: 'Xã Lý Quốc', kind: 'commune', parent: 'cb', codes: ['000.22.10.H10'] },
    ]);
    expect(await admin('units', 'import', await file('more.json', json))).toBe(0);
    const units = await listUnits(cli.stack.deps.store);
    expect(units.map((unit) => [unit.id, unit.codes])).toEqual([
      ['cb', ['000.00.00.H10']],
      ['hoa-an', ['000.21.10.H10', 'H10.21']],
      ['ly-quoc', ['000.22.10.H10']],
    ]);
    const directory = createUnitDirectory(cli.stack.deps.store);
    expect((await directory.get('H10.21')).id).toBe('hoa-an');
    expect((await directory.get('000.22.10.H10')).id).toBe('ly-quoc');
    expect((await directory.get('hoa-an')).id).toBe('hoa-an');
    expect(await directory.find('000.99.10.H10')).toBeUndefined();
    // re-importing a unit without codes keeps its codes
    const renamed = JSON.stringify([{ id: 'hoa-an', name: 'Xã Hòa An mới', kind: 'commune', parent: 'cb' }]);
    expect(await admin('units', 'import', await file('renamed.json', renamed))).toBe(0);
    expect((await listUnits(cli.stack.deps.store)).find((unit) => unit.id === 'hoa-an')!.codes).toEqual([
      '000.21.10.H10',
      'H10.21',
    ]);
  });

  it('refuses a code another unit holds, naming it, and stores nothing', async () => {
    const json = JSON.stringify([
      { id: 'xa-moi', name: 'Xã Mới', kind: 'commune', parent: 'cb', codes: ['H10.21'] },
    ]);
    expect(await admin('units', 'import', await file('taken.json', json))).toBe(1);
    expect(err.join('\n')).toContain('code "H10.21" already belongs to "hoa-an"');
    expect((await listUnits(cli.stack.deps.store)).map((unit) => unit.id)).not.toContain('xa-moi');
  });

  it('imports the national database export columns with the scorecard facts; finds both code forms', async () => {
    const csv =
      'MATTHC,TENTTHC,TENLINHVUC,THOIHANGIAIQUYET,MUCDO,fullyOnlineEligible,feeCharging,citizenDataConnected,paperResultRequired\n' +
      '1.001193.000.00.00.H10,Đăng ký khai sinh,Hộ tịch,0,Toàn trình,có,0,1,không\n' +
      '2.000488,Cấp Phiếu lý lịch tư pháp,Lý lịch tư pháp,10,Một phần,false,true,true,true\n' +
      '1.000894,Đăng ký kết hôn,Hộ tịch,3,,,,,\n';
    expect(await admin('procedures', 'import', await file('csdl.csv', csv))).toBe(0);
    expect(await listProcedures(cli.stack.deps.store)).toEqual([
      { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 3 },
      {
        code: '1.001193.000.00.00.H10',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        processingDays: 0,
        onlineLevel: 'full',
        fullyOnlineEligible: true,
        feeCharging: false,
        citizenDataConnected: true,
        paperResultRequired: false,
      },
      {
        code: '2.000488',
        name: 'Cấp Phiếu lý lịch tư pháp',
        field: 'Lý lịch tư pháp',
        processingDays: 10,
        onlineLevel: 'partial',
        fullyOnlineEligible: false,
        feeCharging: true,
        citizenDataConnected: true,
        paperResultRequired: true,
      },
    ]);
    const store = cli.stack.deps.store;
    expect((await findProcedure(store, '1.001193'))?.code).toBe('1.001193.000.00.00.H10');
    expect((await findProcedure(store, '2.000488.000.00.00.H10'))?.code).toBe('2.000488');
    expect((await findProcedure(store, '1.001193.000.00.00.H10'))?.code).toBe('1.001193.000.00.00.H10');
    expect(await findProcedure(store, '1.001194')).toBeUndefined();
    const bad =
      'MATTHC,TENTTHC,TENLINHVUC,THOIHANGIAIQUYET,MUCDO,feeCharging\n9.000001,A,F,2,Toàn trình,hay\n';
    expect(await admin('procedures', 'import', await file('bad.csv', bad))).toBe(1);
    expect(err.join('\n')).toContain('line 2: feeCharging');
  });
});
