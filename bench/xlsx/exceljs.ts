/** The XLSX candidate exceljs, writing the same three-sheet workbook (bench/dashboard.ts). */
import ExcelJS from 'exceljs';

export async function handler(): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  for (const name of ['Tổng quan', 'Chỉ tiêu 766', 'Xếp hạng']) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(['Mã thủ tục', 'Tỷ lệ']);
    const row = sheet.addRow(['2.001610', 0.8857]);
    row.getCell(2).numFmt = '0.00%';
  }
  return (await workbook.xlsx.writeBuffer()).byteLength;
}
