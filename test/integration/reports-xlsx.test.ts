/**
 * The satisfaction report (`GET /v1/reports/satisfaction.xlsx`) as a province office files it, on
 * dynalite: read back by exceljs (sheets, title block, number formats, page setup) and by LibreOffice
 * headless as a person would see it (CSV of each sheet as shown, and the printed PDF), in Vietnamese
 * and English. The seed (test/support/dashboard.ts), worked by hand: communes cb-d1-c1 (14 dossiers,
 * 12 rated), cb-d1-c2 (10, 6 rated) and cb-d2-c1 (12, 6 rated), each received and returned the same
 * day in March–April 2025; ratings cycle 2, 1, 0 by index, so a commune with 12 ratings has 4 of
 * each and one with 6 has 2 of each. MIN_N is 10 here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { csvObjects } from '../../local/cli/csv';
import { DASHBOARD_NOW, PERIOD, seedDashboard, type DashboardSeed } from '../support/dashboard';
import { sheetsAsCsv, sofficeMissing, sofficePath } from '../support/office';
import { type TestStack, startTestStack } from '../support/stack';

const VI_SHEETS = ['Tổng quan', 'Chỉ số TT01', 'Bảng điểm QĐ 766', 'Chỉ tiêu QĐ 766', 'Xếp hạng'];
const EN_SHEETS = [
  'Overview',
  'Circular 01 indicators',
  'Decision 766 scorecard',
  'Decision 766 metrics',
  'Ranking',
];
/** The title block's lines: 5 common ones; the scorecard, metrics and ranking sheets add one note each. */
const HEADER_ROW: Record<string, number> = {
  'Tổng quan': 7,
  'Chỉ số TT01': 7,
  'Bảng điểm QĐ 766': 8,
  'Chỉ tiêu QĐ 766': 8,
  'Xếp hạng': 8,
};
/**
 * Internal ids of the seed's units and hailong's keys: none may reach a person. The portal's own metric
 * codes (DOSSIER_SYNC…) are shown only in the metrics sheet's code column, beside the name in words.
 */
const INTERNAL = /^(cb(-[a-z0-9]+)*|[a-z]+\.[a-zA-Z]+|qd766|csat|tt01|i[1-9])$/;
const PORTAL_CODE = /^[A-Z][A-Z0-9_]+$/;

const pdfPath = ['/usr/bin/pdftotext'].find((path) => spawnSync('test', ['-x', path]).status === 0);

describe('the satisfaction report a province files (XLSX)', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let seed: DashboardSeed;
  let clock = DASHBOARD_NOW;
  const books = new Map<string, Buffer>();

  const download = async (query: string) => {
    const res = await app.request(`/v1/reports/satisfaction.xlsx?unit=cb&${query}`, {
      headers: { authorization: `Bearer ${seed.adminKey}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const open = async (bytes: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return workbook;
  };
  /** The sheet's rows under its header, as objects by header text. */
  const table = (sheet: ExcelJS.Worksheet) => {
    const headerRow = HEADER_ROW[sheet.name]!;
    const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1).map(String);
    const rows: Record<string, ExcelJS.Cell>[] = [];
    for (let index = headerRow + 1; index <= sheet.rowCount; index++) {
      const row = sheet.getRow(index);
      rows.push(Object.fromEntries(headers.map((header, column) => [header, row.getCell(column + 1)])));
    }
    return { headers, rows };
  };

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '10' } });
    seed = await seedDashboard(stack.deps);
    app = createLocalApp(stack.deps);
    books.set('vi', await download(`from=${PERIOD.from}&to=${PERIOD.to}`));
    books.set('en', await download(`from=${PERIOD.from}&to=${PERIOD.to}&lang=en`));
    // 5 May 2025: April's links are still open (30 days), so the period is provisional.
    clock = new Date('2025-05-05T03:00:00Z');
    books.set('provisional', await download(`from=${PERIOD.from}&to=${PERIOD.to}`));
    clock = DASHBOARD_NOW;
  }, 120_000);
  afterAll(() => stack.close());

  it('has a sheet per figure family, each opening with the title block', async () => {
    const workbook = await open(books.get('vi')!);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(VI_SHEETS);
    for (const sheet of workbook.worksheets) {
      const lines = [1, 2, 3, 4, 5].map((row) => String(sheet.getRow(row).getCell(1).value));
      expect(lines).toEqual([
        'Báo cáo mức độ hài lòng của người dân, doanh nghiệp',
        'Đơn vị: Tỉnh Cao Bằng',
        'Kỳ báo cáo: từ ngày 01/03/2025 đến ngày 30/04/2025',
        'Ngày lập báo cáo: 01/06/2025',
        'Tình trạng số liệu: chính thức (kỳ đã chốt, số liệu không thay đổi).',
      ]);
    }
  });

  it('says so when the period is not settled yet', async () => {
    const workbook = await open(books.get('provisional')!);
    for (const sheet of workbook.worksheets) {
      expect(String(sheet.getRow(5).getCell(1).value)).toBe(
        'Tình trạng số liệu: TẠM TÍNH — kỳ chưa chốt, người dân còn đánh giá được đến hết ngày 30/05/2025; số liệu còn có thể thay đổi.',
      );
    }
  });

  it('names units in words, never by internal id or code', async () => {
    const workbook = await open(books.get('vi')!);
    const shown: string[] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => shown.push(String(cell.value))));
    }
    expect(shown.filter((value) => INTERNAL.test(value))).toEqual([]);
    // A portal code appears only in its own column, never in place of a name.
    const codeColumn = table(workbook.getWorksheet('Chỉ tiêu QĐ 766')!);
    for (const row of codeColumn.rows) {
      for (const [header, cell] of Object.entries(row)) {
        if (header !== 'Mã chỉ tiêu') expect(String(cell.value), header).not.toMatch(PORTAL_CODE);
      }
      expect(String(row['Chỉ tiêu']!.value)).toMatch(/[a-zà-ỹ] [a-zà-ỹ]/);
    }
    const overview = table(workbook.getWorksheet('Tổng quan')!);
    expect(overview.headers.slice(0, 2)).toEqual(['Tên đơn vị', 'Cấp']);
    const names = overview.rows.map((row) => row['Tên đơn vị']!.value);
    expect(names).toContain('Tỉnh Cao Bằng');
    expect(overview.rows.find((row) => row['Tên đơn vị']!.value === 'Tỉnh Cao Bằng')!['Cấp']!.value).toBe(
      'Tỉnh',
    );
  });

  it('holds the figures worked by hand, shares as fractions formatted 0.00%', async () => {
    const workbook = await open(books.get('vi')!);
    const rows = table(workbook.getWorksheet('Tổng quan')!).rows;
    const byName = (name: string) => rows.find((row) => row['Tên đơn vị']!.value === name)!;
    const province = byName('Tỉnh Cao Bằng');
    expect(province['Hồ sơ đã trả kết quả']!.value).toBe(36);
    expect(province['Lượt đánh giá']!.value).toBe(24);
    expect(province['Không hài lòng']!.value).toBe(8);
    expect(province['Hài lòng']!.value).toBe(8);
    expect(province['Rất hài lòng']!.value).toBe(8);
    expect(province['Tỷ lệ hài lòng (CSAT)']!.value).toBeCloseTo(16 / 24, 4);
    expect(province['Tỷ lệ hài lòng (CSAT)']!.numFmt).toBe('0.00%');
    expect(province['Tỷ lệ phản hồi']!.value).toBeCloseTo(24 / 36, 4);
    expect(province['Tỷ lệ phản hồi']!.numFmt).toBe('0.00%');
    // Units with 6 ratings (Xã Một Hai, Huyện Hai, Xã Hai Một): the share is shown, the note counts
    // ratings (not dossiers: Xã Một Hai returned 10); 12 and more ratings carry no note.
    const notes = rows.map((row) => [row['Tên đơn vị']!.value, row['Ghi chú']!.value]);
    const fewSix = 'Tỷ lệ hài lòng chỉ để tham khảo: 6 lượt đánh giá, cần ít nhất 10.';
    expect(notes).toEqual([
      ['Tỉnh Cao Bằng', null],
      ['Huyện Một', null],
      ['Xã Một Một', null],
      ['Xã Một Hai', fewSix],
      ['Huyện Hai', fewSix],
      ['Xã Hai Một', fewSix],
      ['Sở Tư pháp <Cao Bằng>', 'Tỷ lệ hài lòng chỉ để tham khảo: 0 lượt đánh giá, cần ít nhất 10.'],
    ]);
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.numFmt === '0.00%') expect(cell.value as number).toBeLessThanOrEqual(1);
        }),
      );
    }
  });

  it('ranks by the partial 766 total as points, saying which groups it sums, with notes that count dossiers and ratings', async () => {
    const workbook = await open(books.get('vi')!);
    const sheet = workbook.getWorksheet('Xếp hạng')!;
    // The seed reports the scorecard facts and has a catalogue, but no province-wide transparency
    // inputs: every ranked district has the five other groups, 20 + 12 + 10 + 18 + 22 = 82 of the 100
    // points, and the ranking sums those, ungraded.
    expect(String(sheet.getRow(6).getCell(1).value)).toBe(
      'Xếp hạng theo tổng điểm TẠM TÍNH của Quyết định 766: các nhóm mọi đơn vị đều có số liệu (Tiến độ giải quyết, Dịch vụ công trực tuyến, Thanh toán trực tuyến, Mức độ hài lòng, Số hóa hồ sơ), tối đa 82 trên 100 điểm (điểm, không phải tỷ lệ phần trăm); không xếp loại. Đơn vị có dưới 10 hồ sơ tiếp nhận trong kỳ không được xếp hạng.',
    );
    const { headers, rows } = table(sheet);
    const scoreHeader = headers.find((header) => header === 'Tổng điểm tạm tính QĐ 766 (tối đa 82 điểm)')!;
    expect(scoreHeader).toBeDefined();
    const ranked = rows.filter((row) => row['Hạng']!.value !== null);
    expect(ranked.map((row) => row['Tên đơn vị']!.value).sort()).toEqual(['Huyện Hai', 'Huyện Một']);
    for (const row of ranked) {
      expect(row[scoreHeader]!.numFmt).toBe('0.00');
      expect(row[scoreHeader]!.value as number).toBeGreaterThan(1);
      expect(row[scoreHeader]!.value as number).toBeLessThanOrEqual(82);
    }
    const district2 = rows.find((row) => row['Hồ sơ tiếp nhận']!.value === 12)!;
    expect(district2['Ghi chú']!.value).toBe(
      'Tỷ lệ hài lòng chỉ để tham khảo: 6 lượt đánh giá, cần ít nhất 10.',
    );
    const unranked = rows.filter((row) => row['Hạng']!.value === null);
    expect(unranked.length).toBeGreaterThan(0);
    for (const row of unranked) {
      expect(String(row['Ghi chú']!.value)).toMatch(/^Chưa xếp hạng: 0 hồ sơ tiếp nhận, cần ít nhất 10\./);
    }
  });

  it('shows group scores per unit and the metrics with their ratios and scores', async () => {
    const workbook = await open(books.get('vi')!);
    const groups = table(workbook.getWorksheet('Bảng điểm QĐ 766')!);
    // The six groups of the portal, with their maxima: 18 + 20 + 12 + 10 + 18 + 22 = 100.
    expect(
      groups.headers
        .filter((header) => / \(tối đa \d+ điểm\)$/.test(header))
        .map((h) => Number(/(\d+) điểm\)$/.exec(h)![1])),
    ).toEqual([18, 20, 12, 10, 18, 22]);
    const province = groups.rows.find((row) => row['Tên đơn vị']!.value === 'Tỉnh Cao Bằng')!;
    expect(province['Hồ sơ tiếp nhận']!.value).toBe(36);
    // Partial: all but transparency (82 of 100), never graded.
    expect(province['Số điểm đã tính (trên 100)']!.value).toBe(82);
    expect(province['Xếp loại (chỉ khi đủ 100 điểm)']!.value).toBeNull();
    expect(String(province['Ghi chú']!.value)).toMatch(
      /^Tạm tính: mới tính được 82 trên 100 điểm \(thiếu nhóm .+\); không xếp loại\./,
    );
    const groupScores = groups.headers
      .filter((header) => / \(tối đa \d+ điểm\)$/.test(header))
      .map((header) => province[header]!.value as number | null);
    expect(groupScores[0]).toBeNull();
    expect(province['Tổng điểm']!.value).toBeCloseTo(
      groupScores.slice(1).reduce((sum: number, value) => sum + value!, 0),
      2,
    );
    expect(province['Tổng điểm']!.numFmt).toBe('0.00');
    const metrics = table(workbook.getWorksheet('Chỉ tiêu QĐ 766')!);
    expect(metrics.headers).toEqual([
      'Tên đơn vị',
      'Nhóm',
      'Mã chỉ tiêu',
      'Chỉ tiêu',
      'Tử số',
      'Mẫu số',
      'Tỷ lệ',
      'Điểm',
      'Điểm tối đa',
      'Điểm bị trừ',
      'Ghi chú',
    ]);
    // Each unit's metrics sorted by points lost, most first; the unscored (N/A) last.
    const ofProvince = metrics.rows.filter((row) => row['Tên đơn vị']!.value === 'Tỉnh Cao Bằng');
    // 4 + 1 + 3 + 3 + 3 + 7 metrics.
    expect(ofProvince).toHaveLength(21);
    const lost = ofProvince.map((row) => row['Điểm bị trừ']!.value as number | null);
    const scored = lost.filter((value) => value !== null) as number[];
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    expect(lost.slice(scored.length).every((value) => value === null)).toBe(true);
    const onTime = metrics.rows.find(
      (row) => row['Tên đơn vị']!.value === 'Tỉnh Cao Bằng' && row['Nhóm']!.value === 'Tiến độ giải quyết',
    )!;
    expect(onTime['Mẫu số']!.value).toBe(36);
    // Every fifth dossier of each commune is late: c1 2 of 14 (indexes 4, 9), c2 2 of 10, d2-c1 2 of 12.
    expect(onTime['Tử số']!.value).toBe(30);
    // 20 × 83.33% = 16.67 (the portal's percent, two decimals, scored): 3.33 points lost.
    expect(onTime['Điểm']!.value).toBe(16.67);
    expect(onTime['Điểm bị trừ']!.value).toBe(3.33);
    expect(onTime['Tỷ lệ']!.value).toBeCloseTo(30 / 36, 4);
    expect(onTime['Tỷ lệ']!.numFmt).toBe('0.00%');
    expect(onTime['Điểm']!.numFmt).toBe('0.00');
  });

  it('prints landscape on A4, one page wide, its header row repeated', async () => {
    const workbook = await open(books.get('vi')!);
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup.orientation).toBe('landscape');
      expect(sheet.pageSetup.paperSize).toBe(9);
      expect(sheet.pageSetup.fitToPage).toBe(true);
      expect(sheet.pageSetup.fitToWidth).toBe(1);
      expect(sheet.pageSetup.fitToHeight).toBe(0);
      const row = HEADER_ROW[sheet.name]!;
      expect(sheet.pageSetup.printTitlesRow).toBe(`${row}:${row}`);
    }
  });

  it('is written in English with ?lang=en', async () => {
    const workbook = await open(books.get('en')!);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(EN_SHEETS);
    const sheet = workbook.worksheets[0]!;
    expect([1, 2, 3, 4].map((row) => String(sheet.getRow(row).getCell(1).value))).toEqual([
      'Satisfaction of citizens and businesses',
      'Unit: Tỉnh Cao Bằng',
      'Period: from 2025-03-01 to 2025-04-30',
      'Made on: 2025-06-01',
    ]);
    expect((sheet.getRow(7).values as unknown[]).slice(1, 4)).toEqual(['Unit', 'Level', 'Dossiers returned']);
  });

  it.skipIf(!sofficePath)(
    `opens in LibreOffice with every percentage at most 100% and the title block on every sheet ${sofficePath ? '' : `(${sofficeMissing})`}`,
    async () => {
      const sheets = await sheetsAsCsv(books.get('vi')!, 'report.xlsx');
      expect([...sheets.keys()].sort()).toEqual([...VI_SHEETS].sort());
      for (const [name, csv] of sheets) {
        expect(csv.split('\n')[0]).toContain('Báo cáo mức độ hài lòng của người dân, doanh nghiệp');
        expect(csv).toContain('Tình trạng số liệu: chính thức');
        // Each CSV field shown as a percentage (LibreOffice writes 0.00% as "83.33%", 18.73 as "1873.00%").
        const percents = [...csv.matchAll(/(?<=^|,)"?(-?\d+(?:\.\d+)?)%"?(?=,|$)/gm)].map((match) =>
          Number(match[1]),
        );
        if (['Tổng quan', 'Chỉ tiêu QĐ 766', 'Xếp hạng'].includes(name))
          expect(percents.length, name).toBeGreaterThan(0);
        for (const value of percents) expect(value, name).toBeLessThanOrEqual(100);
        const rows = csvObjects(
          csv
            .split('\n')
            .slice(HEADER_ROW[name]! - 1)
            .join('\n'),
        ).map((e) => e.row);
        expect(
          rows.some((row) => Object.values(row).includes('Huyện Một')),
          name,
        ).toBe(true);
      }
      const ranking = csvObjects(
        sheets
          .get('Xếp hạng')!
          .split('\n')
          .slice(HEADER_ROW['Xếp hạng']! - 1)
          .join('\n'),
      ).map((e) => e.row);
      const scoreHeader = Object.keys(ranking[0]!).find((header) => header.endsWith('(tối đa 82 điểm)'))!;
      for (const row of ranking.filter((r) => r['Hạng'] !== ''))
        expect(row[scoreHeader]).toMatch(/^\d{1,2}\.\d\d$/);
    },
    180_000,
  );

  it.skipIf(!sofficePath || !pdfPath)(
    `prints as landscape A4 pages with the title on each sheet ${sofficePath && pdfPath ? '' : `(${sofficeMissing}; pdftotext: apt-get install -y poppler-utils)`}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'hailong-report-pdf-'));
      try {
        await writeFile(join(dir, 'report.xlsx'), books.get('vi')!);
        const convert = spawnSync(
          sofficePath!,
          [
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            join(dir, 'report.xlsx'),
          ],
          { encoding: 'utf8', timeout: 120_000 },
        );
        expect(convert.status, convert.stderr).toBe(0);
        const info = spawnSync('pdfinfo', [join(dir, 'report.pdf')], { encoding: 'utf8' }).stdout;
        // A4 landscape: 842 × 595 points.
        expect(info).toMatch(/Page size:\s+841\.89 x 595\.\d+ pts \(A4\)/);
        const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
        spawnSync(pdfPath!, ['-layout', join(dir, 'report.pdf'), join(dir, 'report.txt')]);
        const text = await readFile(join(dir, 'report.txt'), 'utf8');
        expect(
          text.match(/Báo cáo mức độ hài lòng của người dân, doanh nghiệp/g)!.length,
        ).toBeGreaterThanOrEqual(5);
        // One page per sheet, the metrics sheet (21 rows a unit) two (fitted to the page width).
        expect(pages).toBe(6);
        // The footer numbers the pages of the whole report.
        expect(text).toContain(
          'Báo cáo mức độ hài lòng của người dân, doanh nghiệp · Tỉnh Cao Bằng · Trang 1 / 6',
        );
        expect(text).toContain('Trang 6 / 6');
        // 100.00% at most (LibreOffice once printed a score of 18.73 as 1873.00%).
        for (const match of text.matchAll(/(\d+\.\d\d)%/g)) expect(Number(match[1])).toBeLessThanOrEqual(100);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
