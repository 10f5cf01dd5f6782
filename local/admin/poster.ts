/**
 * The A4 poster of a self-assessment campaign: title, commune, team, the QR code of the link and short
 * instructions, in Vietnamese then English. SVG (vector, prints sharp) and PNG (150 dpi, rendered from
 * the same SVG with resvg), for the community digital-technology team to print or send.
 */
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { escapeHtml } from '../../shared/views/html';

export interface PosterInput {
  link: string;
  communeName: string;
  team?: string | undefined;
}

/** A4 in millimetres. */
const WIDTH = 210;
const HEIGHT = 297;

export async function posterSvg(input: PosterInput): Promise<string> {
  const qr = await QRCode.toString(input.link, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  const size = 130;
  const qrTop = 88;
  const nestedQr = qr
    .trim()
    .replace('<svg ', `<svg x="${(WIDTH - size) / 2}" y="${qrTop}" width="${size}" height="${size}" `);
  const line = (y: number, text: string, size: number, weight = 'normal') =>
    `<text x="${WIDTH / 2}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="middle">${escapeHtml(text)}</text>`;
  const steps = [
    '1. Mở camera điện thoại, quét mã QR này.',
    '2. Cùng người dân trả lời từng câu hỏi, rồi bấm "Lưu phiếu".',
    '3. Không có mạng vẫn làm được: phiếu tự gửi khi có sóng.',
  ];
  const stepsEn = [
    'Scan this QR code with the phone camera; answer each question with the villager.',
    'Works without a signal: answers are sent when the signal returns.',
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}mm" height="${HEIGHT}mm" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    line(32, 'TỰ ĐÁNH GIÁ KỸ NĂNG SỐ', 12, 'bold'),
    line(42, 'Digital skills self-assessment', 7),
    line(60, input.communeName, 10, 'bold'),
    input.team ? line(72, `Tổ công nghệ số cộng đồng / Team: ${input.team}`, 6) : '',
    nestedQr,
    line(qrTop + size + 10, input.link, 5),
    ...steps.map((step, index) => line(qrTop + size + 24 + index * 8, step, 4.6)),
    ...stepsEn.map((step, index) => line(qrTop + size + 52 + index * 7, step, 4.2)),
    '</svg>',
  ].join('\n');
}

/** The poster as a PNG at 150 dpi (1240 × 1754 pixels). */
export function posterPng(svg: string): Buffer {
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: 1240 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return Buffer.from(rendered.asPng());
}
