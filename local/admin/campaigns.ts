/**
 * `npm run admin -- campaigns create --unit UNIT [--team CODE] [--base URL]` and `campaigns list`: the
 * self-assessment links of communes (DESIGN §8), each with a printable QR poster.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../../shared/errors';
import { isTeamCode } from '../../shared/instruments/skills';
import { createCampaign, listCampaigns } from '../../shared/storage/campaigns';
import { getUnit } from '../../shared/storage/units';
import { actsOnAws, type CliContext, type CommandArgs, type CommandGroup, option } from '../cli/command';
import { dataDirFiles, readServerInfo } from '../data-dir';
import { posterPng, posterSvg } from './poster';

/**
 * Where links point: `--base`, else PUBLIC_BASE_URL, else the running local server's public address
 * (its PUBLIC_BASE_URL, or the port it listens on, from `server.json`), else the address `npm start`
 * would take (`PORT`). A deployed province (`--aws`) has no local server: there one of the first two
 * is required.
 */
async function baseUrl(context: CliContext, args: CommandArgs): Promise<string> {
  const given = option(args, 'base') ?? context.deps.config.PUBLIC_BASE_URL;
  if (!given && actsOnAws(context)) {
    throw new ValidationError([
      {
        field: '--base',
        vi: 'bắt buộc với --aws (ApiUrl hoặc tên miền của tỉnh), hoặc đặt PUBLIC_BASE_URL',
        en: "required with --aws (the province's ApiUrl or domain), or set PUBLIC_BASE_URL",
      },
    ]);
  }
  if (given) return given.replace(/\/+$/, '');
  const running = await readServerInfo(dataDirFiles(context.dataDir, context.deps.config));
  return (running?.publicUrl ?? running?.baseUrl ?? `http://localhost:${context.deps.config.PORT}`).replace(
    /\/+$/,
    '',
  );
}

export const campaignLink = (base: string, id: string) => `${base}/s/${id}`;

export const campaignsCommands: CommandGroup = {
  name: 'campaigns',
  summary:
    'Self-assessment campaigns: links and QR posters / Đợt tự đánh giá kỹ năng số: đường dẫn và áp phích QR',
  commands: {
    create: {
      usage: 'create --unit UNIT [--team CODE] [--base URL]',
      summary:
        'Create a campaign for a commune, print its link, write its poster / Tạo đợt khảo sát cho một xã',
      async run(context, args) {
        const unitId = option(args, 'unit');
        const team = option(args, 'team');
        if (!unitId) throw new ValidationError([{ field: '--unit', vi: 'bắt buộc', en: 'required' }]);
        const base = await baseUrl(context, args);
        const unit = await getUnit(context.deps.store, unitId);
        if (!unit)
          throw new ValidationError([
            { field: '--unit', vi: `không có đơn vị "${unitId}"`, en: `no unit "${unitId}"` },
          ]);
        if (unit.kind !== 'commune') {
          throw new ValidationError([
            { field: '--unit', vi: `"${unitId}" không phải xã/phường`, en: `"${unitId}" is not a commune` },
          ]);
        }
        if (team !== undefined && !isTeamCode(team)) {
          throw new ValidationError([
            {
              field: '--team',
              vi: 'chữ cái đầu, rồi chữ, số, . _ - (tối đa 32, tối đa 6 chữ số)',
              en: 'a letter, then letters, digits, . _ - (at most 32, at most 6 digits)',
            },
          ]);
        }
        const campaign = await createCampaign(
          context.deps.store,
          { unit: unit.id, team },
          context.deps.now(),
        );
        const link = campaignLink(base, campaign.id);
        const dir = join(context.dataDir, 'posters');
        await mkdir(dir, { recursive: true });
        const svg = await posterSvg({ link, communeName: unit.name, team });
        const svgPath = join(dir, `campaign-${campaign.id}.svg`);
        const pngPath = join(dir, `campaign-${campaign.id}.png`);
        await writeFile(svgPath, svg);
        await writeFile(pngPath, posterPng(svg));
        context.print(
          `Campaign / Đợt khảo sát: ${campaign.id} (${unit.name}${team ? `, team ${team}` : ''})`,
        );
        context.print(`Link / Đường dẫn: ${link}`);
        context.print(`Poster / Áp phích: ${svgPath}`);
        context.print(`Poster / Áp phích: ${pngPath}`);
      },
    },
    list: {
      usage: 'list [--base URL]',
      summary: 'List campaigns with their links / Liệt kê các đợt khảo sát',
      async run(context, args) {
        const campaigns = await listCampaigns(context.deps.store);
        if (campaigns.length === 0) context.print('No campaigns yet / Chưa có đợt khảo sát nào');
        const base = await baseUrl(context, args);
        for (const campaign of campaigns) {
          context.print(
            [
              campaign.id,
              campaign.unit,
              campaign.team ?? '-',
              campaign.createdAt.slice(0, 10),
              campaignLink(base, campaign.id),
            ].join('\t'),
          );
        }
      },
    },
  },
};
