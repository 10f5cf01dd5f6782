/**
 * `npm run admin -- webhooks set UNIT URL | test UNIT | list | remove UNIT`: where a unit's feedback
 * alerts go (DESIGN §4.4). `set` makes a new signing secret and prints it once; `test` sends one
 * signed sample alert right away (no retries) and says what the receiver answered.
 */
import { BadRequestError } from '../../shared/errors';
import { sampleAlert } from '../../shared/feedback/alerts';
import { attemptDelivery, webhookFetch } from '../../shared/feedback/delivery';
import {
  getWebhook,
  listWebhooks,
  removeWebhook,
  setWebhook,
  type WebhookPlace,
} from '../../shared/storage/webhooks';
import { createUnitDirectory } from '../../shared/unit-directory';
import { actsOnAws, type CliContext, type CommandGroup } from '../cli/command';
import { requireArgument } from './arguments';

/** The rules of a deployed province with `--aws` (no internal address), else the local run's. */
const placeOf = (context: CliContext): WebhookPlace => (actsOnAws(context) ? 'aws' : 'local');

async function knownUnit(context: CliContext, id: string): Promise<string> {
  return (await createUnitDirectory(context.deps.store).get(id)).id;
}

export const webhooksGroup: CommandGroup = {
  name: 'webhooks',
  summary: 'Feedback alerts of a unit (signed webhooks) / Webhook cảnh báo phản ánh',
  commands: {
    set: {
      usage: 'set UNIT URL',
      summary: 'Set the unit’s webhook and a new signing secret (printed once) / Đặt webhook của đơn vị',
      async run(context, args) {
        const unit = await knownUnit(context, requireArgument(args, 0, 'UNIT'));
        // Refused (422, "URL (…the rule…)") by the storage module when the URL breaks a rule.
        const url = requireArgument(args, 1, 'URL');
        const webhook = await setWebhook(context.deps.store, unit, url, context.deps.now(), placeOf(context));
        context.print(`Webhook của / for ${unit}: ${webhook.url}`);
        context.print('Khóa ký (chỉ hiện một lần) / signing secret (shown once):');
        context.print(`  ${webhook.secret}`);
      },
    },
    test: {
      usage: 'test UNIT',
      summary: 'Send one signed sample alert now / Gửi thử một cảnh báo có chữ ký',
      async run(context, args) {
        const unit = await knownUnit(context, requireArgument(args, 0, 'UNIT'));
        const webhook = await getWebhook(context.deps.store, unit);
        if (!webhook) {
          throw new BadRequestError({
            vi: `Đơn vị ${unit} chưa có webhook: dùng "webhooks set ${unit} URL".`,
            en: `Unit ${unit} has no webhook: use "webhooks set ${unit} URL".`,
          });
        }
        const outcome = await attemptDelivery(sampleAlert(unit, context.deps.now()), webhook, {
          fetch: webhookFetch(placeOf(context)),
          now: context.deps.now,
        });
        if (outcome.kind !== 'delivered') {
          throw new BadRequestError({
            vi: `Gửi tới ${webhook.url} không thành công: ${outcome.problem}.`,
            en: `Delivery to ${webhook.url} failed: ${outcome.problem}.`,
          });
        }
        context.print(`Đã gửi / delivered to ${webhook.url}: HTTP ${outcome.status}.`);
      },
    },
    list: {
      usage: 'list',
      summary: 'List the webhooks / Liệt kê webhook',
      async run(context) {
        const webhooks = await listWebhooks(context.deps.store);
        if (webhooks.length === 0) context.print('Chưa có webhook nào / no webhooks yet.');
        for (const webhook of webhooks)
          context.print(`${webhook.unit}  ${webhook.url}  ${webhook.createdAt}`);
      },
    },
    remove: {
      usage: 'remove UNIT',
      summary: 'Remove the unit’s webhook / Xóa webhook của đơn vị',
      async run(context, args) {
        const unit = requireArgument(args, 0, 'UNIT');
        await removeWebhook(context.deps.store, unit);
        context.print(`Đã xóa / removed the webhook of ${unit}.`);
      },
    },
  },
};
