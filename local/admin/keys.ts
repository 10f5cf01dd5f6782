/** `npm run admin -- keys create | list | revoke`: agency API keys (DESIGN §6). */
import { BadRequestError, NotFoundError } from '../../shared/errors';
import {
  createApiKey,
  generateApiKey,
  listApiKeys,
  type Permission,
  permissions as allPermissions,
  revokeApiKey,
} from '../../shared/storage/api-keys';
import { getUnit } from '../../shared/storage/units';
import { type CommandGroup, option } from '../cli/command';
import { requireArgument, requireOption } from './arguments';

function parsePermissions(value: string): Permission[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(allPermissions as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new BadRequestError({
      vi: `Quyền không hợp lệ: ${unknown.join(', ') || '(trống)'}; chọn trong ${allPermissions.join(', ')}.`,
      en: `Unknown permission: ${unknown.join(', ') || '(none)'}; choose from ${allPermissions.join(', ')}.`,
    });
  }
  return [...new Set(names)] as Permission[];
}

export const keysGroup: CommandGroup = {
  name: 'keys',
  summary: 'Agency API keys / Khóa API của cơ quan',
  commands: {
    create: {
      usage: `create --unit UNIT --permissions ${allPermissions.join(',')} [--name NAME]`,
      summary: 'Create a key scoped to a unit subtree; printed once / Tạo khóa API (chỉ hiện một lần)',
      async run(context, args) {
        const unitId = requireOption(args, 'unit');
        const permissions = parsePermissions(requireOption(args, 'permissions'));
        const unit = await getUnit(context.deps.store, unitId);
        if (!unit) {
          throw new NotFoundError({
            vi: `Không có đơn vị "${unitId}" (xem: npm run admin -- units list).`,
            en: `No unit "${unitId}" (see: npm run admin -- units list).`,
          });
        }
        const secret = generateApiKey();
        const name = option(args, 'name') ?? `${unit.name} (${permissions.join(',')})`;
        const key = await createApiKey(
          context.deps.store,
          secret,
          { name, unit: unitId, permissions },
          context.deps.now(),
        );
        context.print(`Khóa API / API key ${key.id} for ${unit.name} [${permissions.join(', ')}]:`);
        context.print(`  ${secret}`);
        context.print('Chỉ hiển thị một lần; hãy lưu lại / shown once only: keep it safe.');
      },
    },
    list: {
      usage: 'list',
      summary: 'List keys (ids, scopes, dates; never the keys) / Liệt kê khóa API',
      async run(context) {
        const keys = await listApiKeys(context.deps.store);
        if (keys.length === 0) context.print('Chưa có khóa nào / no keys yet.');
        for (const key of keys) {
          const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
          context.print(
            `${key.id}  ${key.unit}  [${key.permissions.join(',')}]  ${key.createdAt}  ${state}  ${key.name}`,
          );
        }
      },
    },
    revoke: {
      usage: 'revoke ID',
      summary: 'Revoke a key by its id (from keys list) / Thu hồi khóa API',
      async run(context, args) {
        const id = requireArgument(args, 0, 'ID');
        const key = await revokeApiKey(context.deps.store, id, context.deps.now());
        context.print(`Đã thu hồi / revoked ${key.id} (${key.name}).`);
      },
    },
  },
};
