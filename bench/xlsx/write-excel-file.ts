/** The XLSX candidate write-excel-file, writing a three-sheet workbook (bench/dashboard.ts). */
import writeXlsxFile from 'write-excel-file/node';

export async function handler(): Promise<number> {
  const data = [
    [{ value: 'Mã thủ tục' }, { value: 'Tỷ lệ' }],
    [
      { value: '2.001610', type: String },
      { value: 0.8857, type: Number, format: '0.00%' },
    ],
  ];
  const bytes = await writeXlsxFile(
    ['Tổng quan', 'Chỉ tiêu 766', 'Xếp hạng'].map((sheet) => ({ sheet, data })),
  ).toBuffer();
  return bytes.length;
}
